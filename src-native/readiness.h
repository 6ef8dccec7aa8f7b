// Readiness: tells the JS side when a libzmq socket can be read or written.
//
// libzmq exposes one file descriptor (ZMQ_FD) that signals *any* change of the
// socket's state, edge-triggered, and only ever as "readable". A thread-safe
// draft socket has none; a libzmq poller gives it one that signals the same
// way (thread_safe_signal.h), drained on every wake-up. The actual state
// is in ZMQ_EVENTS. Reading ZMQ_EVENTS, zmq_msg_send and zmq_msg_recv all
// consume the edge, so after a successful send or receive the state must be
// re-read: if the wanted event is already there, the FD will not fire again
// and waiting on it would hang forever.
//
// Readiness therefore keeps two libuv handles:
//   - a uv_poll on ZMQ_FD (readable only) for events that are still to come;
//   - a uv_idle that fires on the next loop iteration to re-read ZMQ_EVENTS
//     after I/O, or to report events already there. Deferring to the next
//     iteration (instead of calling back at once) is also what keeps a busy
//     socket from starving the loop.
//
// Every ZMQ_EVENTS read costs libzmq a poll() and a getpid() system call, so
// reads are avoided where the answer is known: an operation that just failed
// with EAGAIN has processed every pending command, so until the FD fires (or
// other I/O happens) that direction is known not to be ready.
//
// The poll stays started for the socket's whole life (starting and stopping it
// per operation costs epoll_ctl calls on every round trip); it keeps the loop
// alive only while the JS side waits for something (and `ref()` is in
// effect), so an idle socket never keeps the process alive. When it fires
// while nobody waits, ZMQ_EVENTS is still read once: that processes libzmq's
// commands and clears the FD, which uv_poll (level-triggered) would otherwise
// report again on every loop iteration.
#pragma once

#include <uv.h>

#include <functional>

namespace zmqnapi {

class ThreadSafeSignal;

class Readiness {
public:
    // `notify` is called with the current ZMQ_EVENTS bits whenever they
    // intersect the interest.
    using Notify = std::function<void(int events)>;

    // `fd` is the socket's ZMQ_FD, or `signal`'s descriptor for a thread-safe
    // socket (`signal` must then outlive Close()).
    Readiness(uv_loop_t* loop, void* socket, int fd, ThreadSafeSignal* signal, Notify notify);
    ~Readiness();

    Readiness(const Readiness&) = delete;
    Readiness& operator=(const Readiness&) = delete;

    // ZMQ_POLLIN / ZMQ_POLLOUT bits the JS side waits for; 0 stops waiting.
    void Watch(int interest);

    // After a successful send or receive: the FD edge may be gone, so the
    // state is re-read on the next loop iteration (if anyone still waits).
    void AfterIo();

    // After a send (ZMQ_POLLOUT) or receive (ZMQ_POLLIN) failed with EAGAIN:
    // that direction is blocked, and nothing is known of the other any more.
    void AfterWouldBlock(int direction);

    // After someone else read ZMQ_EVENTS (zmq_poll, the `events` accessor)
    // and found `events`: that read consumed the FD's edge, so if it found
    // what is waited for, the FD will not say so again.
    void AfterEventsRead(int events);

    // Whether pending waits keep the event loop alive.
    void SetRef(bool ref);

    // Stops both handles and releases them; no callback runs afterwards.
    void Close();

private:
    struct Handles;

    int Events();
    void Update();
    void Fire();
    void StartIdle();
    void StopIdle();
    void ApplyRef();

    void* socket_;
    ThreadSafeSignal* signal_;
    Handles* handles_;
    Notify notify_;
    int interest_ = 0;
    // The direction that the last EAGAIN showed not to be ready, since the last change.
    int known_blocked_ = 0;
    bool idling_ = false;
    bool ref_ = true;
};

}  // namespace zmqnapi
