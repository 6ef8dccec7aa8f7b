// The poller's non-blocking check (lib/poller.ts): one zmq_poll with a zero
// timeout over its sockets and plain file descriptors.
//
// Reading a socket's ZMQ_EVENTS consumes the edge of its ZMQ_FD, and zmq_poll
// reads ZMQ_EVENTS of every socket it is given. So afterwards each socket's
// Readiness is told what was found (Socket::AfterPoll): an operation of the
// socket's own that is now ready would otherwise wait for an FD event that
// already happened. That is also why sockets are always asked for both
// directions here: the caller masks the answer, the Readiness needs all of it.
#pragma once

#include <napi.h>

namespace zmqnapi {

// pollNow(items: (Socket | number)[], events: Int32Array, revents: Int32Array): void
// `items` holds native sockets and file descriptors; `events[i]` is the
// ZMQ_POLLIN/ZMQ_POLLOUT interest of descriptor `items[i]` (sockets are
// always polled for both). Writes zmq_poll's `revents` for each item.
Napi::Value PollNow(const Napi::CallbackInfo& info);

}  // namespace zmqnapi
