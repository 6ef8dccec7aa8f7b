// Socket monitoring (zmq_socket_monitor, v1 format) for the monitor feed in
// lib/monitor.ts, which serves the Observer and the legacy monitor(): it
// connects a PAIR socket of its own to the inproc endpoint and reads the
// events on that socket's readiness.
#pragma once

#include <napi.h>

namespace zmqnapi {

// socketMonitor(socket: Socket, endpoint: string | null, events: number): void
// Starts (endpoint) or stops (null) libzmq's monitor of `socket`.
Napi::Value SocketMonitor(const Napi::CallbackInfo& info);

// zmqError(errno: number): Error with code, errno and libzmq's message text,
// for the errno values that monitor events carry.
Napi::Value ZmqErrorFor(const Napi::CallbackInfo& info);

}  // namespace zmqnapi
