// Incoming: reads a batch of whole multipart messages from a socket and hands
// it to JS in one piece.
//
// Creating one JS Buffer per frame through Node-API costs far more than
// libzmq's receive itself, so a batch is returned as one Buffer holding every
// frame's bytes back to back, plus a Uint32Array layout of (length, more)
// pairs; lib/socket.ts cuts the frames out with cheap subarray views.
#pragma once

#include <napi.h>

namespace zmqnapi {

// Reads up to `max` complete messages (and about kBatchBytes of data) without
// blocking. Returns [data: Buffer, layout: Uint32Array] or null when nothing
// is available. Throws the libzmq error for anything but EAGAIN.
Napi::Value ReceiveBatch(Napi::Env env, void* socket, uint32_t max);

}  // namespace zmqnapi
