// Incoming: reads whole multipart messages from a socket into JS Buffers.
#pragma once

#include <napi.h>

namespace zmqnapi {

// Reads up to `max` complete messages without blocking. Returns an array of
// messages, each an array of Buffers; empty when nothing is available. Throws
// the libzmq error for anything but EAGAIN.
Napi::Array ReceiveBatch(Napi::Env env, void* socket, uint32_t max);

}  // namespace zmqnapi
