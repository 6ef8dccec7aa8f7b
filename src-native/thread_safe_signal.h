// ThreadSafeSignal: a pollable descriptor for a thread-safe socket.
//
// The thread-safe draft sockets (SERVER, CLIENT, RADIO, DISH, SCATTER,
// GATHER, PEER, CHANNEL) have no ZMQ_FD. libzmq's poller API gives one
// instead: a zmq_poller with the socket in it registers a signaler with the
// socket, and zmq_poller_fd is that signaler's descriptor, readable whenever
// the socket's mailbox received commands while its reader was idle: the same
// event as ZMQ_FD's, which Readiness (readiness.h) watches the same way.
//
// One difference matters: the socket itself never clears this descriptor
// (reading ZMQ_EVENTS clears ZMQ_FD, but not a poller's signaler). Only
// zmq_poller_wait does, one signal per call. Left set, it would make the
// level-triggered uv_poll fire on every loop iteration, so every wake-up
// drains it (Drain()) before ZMQ_EVENTS is read: a command arriving after the
// drain signals again, so none is missed.
#pragma once

#include <memory>

namespace zmqnapi {

class ThreadSafeSignal {
public:
    // Whether `socket` is thread-safe (ZMQ_THREAD_SAFE), so has no ZMQ_FD.
    static bool IsThreadSafe(void* socket);

    // A poller over `socket`; nullptr with zmq_errno() set on failure
    // (ENOTSUP when libzmq was built without draft APIs).
    static std::unique_ptr<ThreadSafeSignal> Create(void* socket);

    // Removes the signaler from the socket and closes the descriptor. Must
    // happen before zmq_close, and after uv_poll stopped watching `Fd()`.
    ~ThreadSafeSignal();

    ThreadSafeSignal(const ThreadSafeSignal&) = delete;
    ThreadSafeSignal& operator=(const ThreadSafeSignal&) = delete;

    int Fd() const { return fd_; }

    // Consumes the pending signals, so the descriptor is readable again only
    // for what happens next.
    void Drain();

private:
    ThreadSafeSignal(void* poller, int fd) : poller_(poller), fd_(fd) {}

    void* poller_;
    int fd_;
};

}  // namespace zmqnapi
