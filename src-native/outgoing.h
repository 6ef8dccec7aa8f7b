// Outgoing: one message (a frame or an array of frames) as libzmq messages.
//
// The bytes are copied into the zmq_msg_t, so nothing the caller does to its
// buffer after send() returns can change what the peer receives; unless the
// caller asked to lend them (`copy: false`, see buffer_loans.h). All
// frames are converted before the first is sent, so a bad frame never leaves
// half a multipart message behind.
//
// A message comes either as a JS value (send()) or out of a packed batch
// (sendPacked(), see lib/outgoing.ts): the frames' bytes back to back in one
// buffer, described by the same (length, flags) layout a received batch uses.
#pragma once

#include <napi.h>
#include <zmq.h>

#include <memory>
#include <string>

namespace zmqnapi {

class BufferLoans;

// The bytes of a typed array (any element type), or false if `value` is none.
bool TypedArrayBytes(Napi::Env env, napi_value value, void** data, size_t* size);
// The same for typed arrays and DataViews.
bool ViewBytes(Napi::Env env, napi_value value, void** data, size_t* size);

// Initialises `msg` from a frame: a string (UTF-8), null/undefined (empty), or
// any ArrayBufferView or ArrayBuffer (its bytes). Throws TypeError otherwise.
void InitOutgoing(Napi::Env env, Napi::Value frame, zmq_msg_t* msg);

class OutgoingMessage {
public:
    // Converts `message` (a frame, or a non-empty array of frames); with a
    // `loans`, large frames are lent rather than copied.
    OutgoingMessage(Napi::Env env, Napi::Value message, BufferLoans* loans = nullptr);
    // An empty message with room for `frames` frames, filled with Add*().
    explicit OutgoingMessage(size_t frames);
    // Closes whatever libzmq did not take.
    ~OutgoingMessage();

    OutgoingMessage(const OutgoingMessage&) = delete;
    OutgoingMessage& operator=(const OutgoingMessage&) = delete;

    // Sends every frame without blocking. Returns 0, or the errno of the
    // failure; EAGAIN can only come from the first frame (libzmq takes the
    // rest of a message once it took its first part), and then nothing was sent.
    int Send(void* socket);

    size_t Frames() const { return count_; }

    // Appends a frame holding a copy of `size` bytes.
    void AddBytes(Napi::Env env, const void* data, size_t size);
    // Appends a frame converted from a JS value (see InitOutgoing), or lent
    // by `loans` when it has one and the frame is large enough.
    void AddValue(Napi::Env env, napi_value frame, BufferLoans* loans = nullptr);

    // Message properties of the thread-safe draft sockets, whose messages
    // have one frame: the peer to send to (SERVER, PEER; not 0), and the
    // group (RADIO). Throw the libzmq error (EINVAL) for a value it refuses.
    void SetRoutingId(Napi::Env env, uint32_t routing_id);
    void SetGroup(Napi::Env env, const std::string& group);

private:
    void Reserve(size_t frames);

    // Most messages have few frames: no allocation for those.
    static constexpr size_t kInline = 4;
    zmq_msg_t inline_[kInline];
    std::unique_ptr<zmq_msg_t[]> heap_;
    zmq_msg_t* parts_ = inline_;
    size_t count_ = 0;  // frames initialised
    size_t sent_ = 0;   // frames libzmq took
};

}  // namespace zmqnapi
