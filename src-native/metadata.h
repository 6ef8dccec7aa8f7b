// Metadata: the properties of the connection a received message came in on,
// read with zmq_msg_gets only for sockets that asked for them.
//
// libzmq attaches to every message the metadata of its connection: the
// peer's Socket-Type (from the ZMTP handshake), its
// Peer-Address (from the transport), the User-Id a ZAP handler returned and
// any other properties that handler (or the peer, with ZMQ_METADATA) set.
// libzmq has no call that lists them, so the caller names what to read.
#pragma once

#include <napi.h>
#include <zmq.h>

#include <string>
#include <vector>

namespace zmqnapi {

// The property names a receive reads; empty means "read no metadata", and
// then no zmq_msg_gets is ever called.
using MetadataNames = std::vector<std::string>;

// Parses the `metadata` argument of receive(): undefined (none) or an array
// of strings. Throws a TypeError naming the argument otherwise.
MetadataNames ParseMetadataNames(Napi::Env env, Napi::Value value);

// Builds one entry per message of a batch: a frozen object of the named
// properties the message's connection has, or undefined when it has none
// (inproc connections carry no metadata).
class MetadataReader {
public:
    MetadataReader(Napi::Env env, const MetadataNames& names);

    // Reads from a frame of the message that came over the connection,
    // while that frame is still open.
    void Add(const zmq_msg_t* frame);

    Napi::Array Value() const { return entries_; }

private:
    Napi::Env env_;
    const MetadataNames& names_;
    Napi::Array entries_;
    uint32_t count_ = 0;
    // The previous message's values: consecutive messages from the same
    // connection share libzmq's metadata (so the very same pointers, while
    // both messages are open, as they are within a batch) and get the same
    // object instead of a new one per message.
    std::vector<const char*> previous_values_;
    Napi::Value previous_entry_;
};

}  // namespace zmqnapi
