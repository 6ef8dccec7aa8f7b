#include "readiness.h"

#include <zmq.h>

#include <cerrno>

#include "thread_safe_signal.h"
#include "util/handles.h"

namespace zmqnapi {

// The libuv handles live in their own allocation: uv_close completes
// asynchronously, so they must outlive the Readiness (and the socket) that
// owned them. The close callback frees them.
struct Readiness::Handles {
    uv_poll_t poll;
    uv_idle_t idle;
    Readiness* owner;
    int pending_closes;
};

Readiness::Readiness(uv_loop_t* loop, void* socket, int fd, ThreadSafeSignal* signal, Notify notify)
    : socket_(socket), signal_(signal), handles_(new Handles{}), notify_(std::move(notify)) {
    handles_->owner = this;
    uv_poll_init_socket(loop, &handles_->poll, fd);
    uv_idle_init(loop, &handles_->idle);
    handles_->poll.data = handles_;
    handles_->idle.data = handles_;
    uv_poll_start(&handles_->poll, UV_READABLE, [](uv_poll_t* poll, int, int) {
        auto handles = static_cast<Handles*>(poll->data);
        if (handles->owner == nullptr) return;
        // A poller's signal stays set until taken; taken before ZMQ_EVENTS
        // is read, so a change after the read signals again.
        if (handles->owner->signal_ != nullptr) handles->owner->signal_->Drain();
        // The socket's state changed in some way: nothing is known any more.
        handles->owner->known_blocked_ = 0;
        handles->owner->Fire();
    });
    ApplyRef();
}

Readiness::~Readiness() { Close(); }

int Readiness::Events() {
    known_blocked_ = 0;
    int events = 0;
    size_t size = sizeof(events);
    while (zmq_getsockopt(socket_, ZMQ_EVENTS, &events, &size) != 0) {
        if (zmq_errno() != EINTR) {
            // A terminated context or closed socket: report everything so the
            // JS side attempts the operation and receives the real error.
            return ZMQ_POLLIN | ZMQ_POLLOUT;
        }
    }
    return events;
}

void Readiness::Watch(int interest) {
    interest_ = interest;
    Update();
}

void Readiness::AfterIo() {
    known_blocked_ = 0;
    if (interest_ != 0) StartIdle();
}

void Readiness::AfterWouldBlock(int direction) {
    // The failed call processed the socket's pending commands (and took the
    // FD's signal): the other direction may have changed, and only this one
    // is known now.
    known_blocked_ = direction;
    if (interest_ != 0) Update();
}

void Readiness::AfterEventsRead(int events) {
    known_blocked_ = 0;
    if ((events & interest_) != 0) StartIdle();
}

void Readiness::Update() {
    if (handles_ == nullptr) return;
    ApplyRef();
    if (interest_ == 0) {
        StopIdle();
        return;
    }
    // Only what an EAGAIN has not already answered needs ZMQ_EVENTS.
    if ((interest_ & ~known_blocked_) == 0) return;
    if ((Events() & interest_) != 0) {
        StartIdle();
    }
}

void Readiness::Fire() {
    StopIdle();
    if (interest_ == 0) {
        // Nobody waits (the next Watch() looks again), but the FD signalled:
        // libzmq has commands for this socket (a message arrived, an inproc
        // peer closed its end, ...). Reading ZMQ_EVENTS processes them and
        // clears the signal. Left unread, the signal stays up and uv_poll,
        // which is level-triggered, would wake the loop again at once,
        // forever (100% CPU while a message waits unread), and a closed
        // inproc peer could never finish closing (its pipe waits for this
        // socket's acknowledgement), so its monitor would never end.
        Events();
        return;
    }
    int events = Events();
    if ((events & interest_) != 0) notify_(events);
}

void Readiness::StartIdle() {
    if (idling_ || handles_ == nullptr) return;
    uv_idle_start(&handles_->idle, [](uv_idle_t* idle) {
        auto handles = static_cast<Handles*>(idle->data);
        if (handles->owner != nullptr) handles->owner->Fire();
    });
    idling_ = true;
}

void Readiness::StopIdle() {
    if (!idling_) return;
    uv_idle_stop(&handles_->idle);
    idling_ = false;
}

// The handles keep the loop alive only while something waits on them.
void Readiness::ApplyRef() {
    auto poll = reinterpret_cast<uv_handle_t*>(&handles_->poll);
    auto idle = reinterpret_cast<uv_handle_t*>(&handles_->idle);
    if (ref_ && interest_ != 0) {
        uv_ref(poll);
        uv_ref(idle);
    } else {
        uv_unref(poll);
        uv_unref(idle);
    }
}

void Readiness::SetRef(bool ref) {
    ref_ = ref;
    if (handles_ != nullptr) ApplyRef();
}

void Readiness::Close() {
    if (handles_ == nullptr) return;
    interest_ = 0;
    StopIdle();
    uv_poll_stop(&handles_->poll);
    handles_->owner = nullptr;
    handles_->pending_closes = 2;
    auto on_closed = [](uv_handle_t* handle) {
        auto handles = static_cast<Handles*>(handle->data);
        if (--handles->pending_closes == 0) delete handles;
    };
    CloseHandle(reinterpret_cast<uv_handle_t*>(&handles_->poll), on_closed);
    CloseHandle(reinterpret_cast<uv_handle_t*>(&handles_->idle), on_closed);
    handles_ = nullptr;
}

}  // namespace zmqnapi
