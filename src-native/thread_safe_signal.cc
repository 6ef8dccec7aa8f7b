#include "thread_safe_signal.h"

#include <poll.h>
#include <zmq.h>

#include <cerrno>

namespace zmqnapi {

namespace {

// Signals consumed per wake-up at most: a socket whose peers keep it busy
// must not hold the loop here. What is left keeps the descriptor readable,
// so the next loop iteration carries on.
constexpr int kDrainLimit = 64;

bool Readable(int fd) {
    pollfd item{fd, POLLIN, 0};
    int found;
    while ((found = poll(&item, 1, 0)) < 0 && errno == EINTR) {}
    return found > 0 && (item.revents & POLLIN) != 0;
}

}  // namespace

bool ThreadSafeSignal::IsThreadSafe(void* socket) {
    int thread_safe = 0;
    size_t size = sizeof(thread_safe);
    return zmq_getsockopt(socket, ZMQ_THREAD_SAFE, &thread_safe, &size) == 0 && thread_safe != 0;
}

#ifdef ZMQ_BUILD_DRAFT_API

std::unique_ptr<ThreadSafeSignal> ThreadSafeSignal::Create(void* socket) {
    void* poller = zmq_poller_new();
    if (poller == nullptr) return nullptr;
    zmq_fd_t fd = -1;
    if (zmq_poller_add(poller, socket, nullptr, ZMQ_POLLIN | ZMQ_POLLOUT) != 0 ||
        zmq_poller_fd(poller, &fd) != 0) {
        int error = zmq_errno();
        zmq_poller_destroy(&poller);
        errno = error;
        return nullptr;
    }
    return std::unique_ptr<ThreadSafeSignal>(new ThreadSafeSignal(poller, fd));
}

ThreadSafeSignal::~ThreadSafeSignal() { zmq_poller_destroy(&poller_); }

void ThreadSafeSignal::Drain() {
    // zmq_poller_wait with a zero timeout takes one signal (and reads the
    // socket's ZMQ_EVENTS, whatever it finds).
    for (int round = 0; round < kDrainLimit && Readable(fd_); round++) {
        zmq_poller_event_t event;
        zmq_poller_wait(poller_, &event, 0);
    }
}

#else  // a libzmq without draft APIs has no thread-safe sockets to poll

std::unique_ptr<ThreadSafeSignal> ThreadSafeSignal::Create(void*) {
    errno = ENOTSUP;
    return nullptr;
}

ThreadSafeSignal::~ThreadSafeSignal() {}

void ThreadSafeSignal::Drain() {}

#endif

}  // namespace zmqnapi
