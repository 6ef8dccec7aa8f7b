// Outgoing: turns one JS message frame into a libzmq message.
//
// The bytes are always copied into the zmq_msg_t, so nothing the caller does
// to its buffer after send() returns can change what the peer receives.
#pragma once

#include <napi.h>
#include <zmq.h>

namespace zmqnapi {

// Initialises `msg` from a frame: a string (UTF-8), null/undefined (empty), or
// any ArrayBufferView or ArrayBuffer (its bytes). Throws TypeError otherwise.
void InitOutgoing(Napi::Env env, Napi::Value frame, zmq_msg_t* msg);

}  // namespace zmqnapi
