#include "proxy.h"

#include <zmq.h>

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>

#include "context.h"
#include "module.h"
#include "readiness.h"
#include "termination.h"
#include "util/callback.h"
#include "util/errors.h"
#include "util/handles.h"

namespace zmqnapi {

namespace {

// STATISTICS is answered with these many frames, one uint64 each: frontend
// messages in, bytes in, messages out, bytes out, then the same for the backend.
constexpr int kCounters = 8;

const char* const kSocketNames[] = {"Front-end", "Back-end", "Capture"};

// Control endpoints are unique in the process (the default context is shared
// by every worker thread).
std::atomic<uint64_t> control_serial{0};

// Reads one STATISTICS reply without waiting: 0, EAGAIN (none yet), or the
// error that makes the control socket unusable.
int ReceiveStatistics(void* control, uint64_t (&counters)[kCounters]) {
    for (int index = 0; index < kCounters; index++) {
        zmq_msg_t frame;
        zmq_msg_init(&frame);
        int rc;
        while ((rc = zmq_msg_recv(&frame, control, ZMQ_DONTWAIT)) < 0 && zmq_errno() == EINTR) {
        }
        if (rc < 0) {
            int error = zmq_errno();
            zmq_msg_close(&frame);
            // The frames of a multipart message arrive together: a gap after
            // the first is not "later", it is broken.
            return index == 0 ? error : EPROTO;
        }
        counters[index] = 0;
        if (zmq_msg_size(&frame) == sizeof(uint64_t)) {
            std::memcpy(&counters[index], zmq_msg_data(&frame), sizeof(uint64_t));
        }
        zmq_msg_close(&frame);
    }
    return 0;
}

}  // namespace

// What the JS thread and the proxy's thread share. Either may outlive the
// other: the environment can go away while the thread still runs.
struct Proxy::Shared {
    // Used by the proxy's thread only, from its start (a thread's creation is
    // the full memory barrier libzmq asks for when a socket changes threads).
    void* sockets[kSockets] = {};
    void* peer = nullptr;

    std::mutex mutex;
    // Signalled when the thread is done; null once nobody listens.
    uv_async_t* async = nullptr;
    // The JS thread's end of the control pair, left for the thread to close
    // by an environment that went away while the proxy still ran.
    void* orphan_control = nullptr;
    int error = 0;
    bool finished = false;
};

Napi::Function Proxy::Define(Napi::Env env) {
    return DefineClass(env, "Proxy",
        {
            InstanceMethod<&Proxy::Run>("run"),
            InstanceMethod<&Proxy::Command>("command"),
        });
}

Proxy::Proxy(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<Proxy>(info), module_(&Module::Of(info.Env())) {
    auto env = info.Env();
    auto socket_class = module_->SocketClass.Value();
    static const char* const arguments[] = {"frontEnd", "backEnd", "capture"};
    for (int slot = 0; slot < kSockets; slot++) {
        auto value = info[slot];
        if (slot == kCapture && (value.IsNull() || value.IsUndefined())) continue;
        if (!value.IsObject() || !value.As<Napi::Object>().InstanceOf(socket_class)) {
            ThrowType(env, arguments[slot], slot == kCapture ? "a Socket or null" : "a Socket");
        }
        sockets_[slot] = Socket::Unwrap(value.As<Napi::Object>());
        socket_refs_[slot] = Napi::Persistent(value.As<Napi::Object>());
    }
    // libzmq allows frontend == backend (one socket proxying to itself), but
    // copying traffic into one of the proxied sockets is a loop.
    if (sockets_[kCapture] != nullptr &&
        (sockets_[kCapture] == sockets_[kFront] || sockets_[kCapture] == sockets_[kBack])) {
        throw Napi::TypeError::New(env, "capture must be a different socket from frontEnd and backEnd");
    }
}

Proxy::~Proxy() {
    // Only reachable while running at the environment's teardown, after the
    // cleanup hook (which already closed it); kept for safety.
    Close(Socket::CloseReason::Exit);
}

void Proxy::Fail(Napi::Env env, int slot, int error, const char* what) {
    throw CodeError(env, error, std::string(kSocketNames[slot]) + " socket " + what);
}

void Proxy::Run(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    if (running_) throw CodeError(env, EBUSY, "Proxy is already running");
    if (!info[0].IsFunction()) ThrowType(env, "onStatistics", "a function");
    if (!info[1].IsFunction()) ThrowType(env, "onEnd", "a function");

    // As in `zeromq`: a closed socket is not bound or connected either.
    for (int slot = 0; slot < kSockets; slot++) {
        Socket* socket = sockets_[slot];
        if (socket == nullptr) continue;
        if (socket->Lender() != nullptr) Fail(env, slot, EBUSY, "is in use by another proxy");
        if (socket->Handle() == nullptr || socket->Endpoints() <= 0) {
            Fail(env, slot, EINVAL, "must be bound or connected");
        }
    }

    // Made before the thread starts: nothing may fail once it runs.
    auto on_statistics = Napi::Persistent(info[0].As<Napi::Function>());
    auto on_end = Napi::Persistent(info[1].As<Napi::Function>());

    // The control pair, in the frontend's context. Unlimited high-water
    // marks: a command never fails because earlier ones are still queued,
    // and libzmq's STATISTICS reply assumes it can always be sent.
    void* context = sockets_[kFront]->Owner()->Handle();
    std::string endpoint = "inproc://zmq-napi.proxy-control." + std::to_string(++control_serial);
    void* peer = zmq_socket(context, ZMQ_PAIR);
    void* control = peer != nullptr ? zmq_socket(context, ZMQ_PAIR) : nullptr;
    int error = control == nullptr ? zmq_errno() : 0;
    int fd = -1;
    if (error == 0) {
        int zero = 0;
        for (void* socket : {peer, control}) {
            for (int option : {ZMQ_LINGER, ZMQ_SNDHWM, ZMQ_RCVHWM}) {
                if (error == 0 && zmq_setsockopt(socket, option, &zero, sizeof(zero)) != 0) error = zmq_errno();
            }
        }
        size_t fd_size = sizeof(fd);
        if (error == 0 && (zmq_bind(peer, endpoint.c_str()) != 0 || zmq_connect(control, endpoint.c_str()) != 0 ||
                           zmq_getsockopt(control, ZMQ_FD, &fd, &fd_size) != 0)) {
            error = zmq_errno();
        }
    }
    auto* async = new uv_async_t{};
    auto close_async = [](uv_async_t* handle) { CloseAndDelete(handle); };
    bool async_ready = false;
    if (error == 0) {
        async->data = this;
        if (uv_async_init(module_->Loop(), async, [](uv_async_t* handle) {
                static_cast<Proxy*>(handle->data)->OnFinished();
            }) == 0) {
            async_ready = true;
        } else {
            error = ENOMEM;
        }
    }

    auto shared = std::make_shared<Shared>();
    std::unique_ptr<Readiness> control_readiness;
    if (error == 0) {
        control_readiness = std::make_unique<Readiness>(module_->Loop(), control, fd, nullptr,
                                                        [this](int) { ReadStatistics(); });
        for (int slot = 0; slot < kSockets; slot++) {
            if (sockets_[slot] != nullptr) shared->sockets[slot] = sockets_[slot]->Handle();
        }
        shared->peer = peer;
        shared->async = async;
        // A running proxy is never garbage collected, even if JS drops it.
        Ref();
        if (!RunTracked([shared] { RunThread(*shared); })) {
            Unref();
            error = EAGAIN;
        }
    }
    if (error != 0) {
        control_readiness.reset();
        if (async_ready) {
            close_async(async);
        } else {
            delete async;
        }
        if (control != nullptr) zmq_close(control);
        if (peer != nullptr) zmq_close(peer);
        if (error == EAGAIN) throw CodeError(env, EAGAIN, "No thread could be started for the proxy");
        ThrowZmq(env, error);
    }

    // The thread runs: from here on nothing may fail. The JS thread is busy
    // in this call, so no readiness callback can touch a socket meanwhile.
    for (auto* socket : sockets_) {
        if (socket != nullptr && socket->Lender() == nullptr) socket->Lend(this);
    }
    shared_ = std::move(shared);
    control_ = control;
    control_readiness_ = std::move(control_readiness);
    async_ = async;
    on_statistics_ = std::move(on_statistics);
    on_end_ = std::move(on_end);
    statistics_wanted_ = 0;
    stop_error_ = 0;
    terminate_sent_ = false;
    running_ = true;
    module_->Register(this);
}

void Proxy::RunThread(Shared& shared) {
    // Signals go to the other threads: an EINTR would end the proxy early.
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);

    void* front = shared.sockets[0];
    void* back = shared.sockets[1];
    void* capture = shared.sockets[2];
    int rc = zmq_proxy_steerable(front, back, capture, shared.peer);
    int error = rc == 0 ? 0 : zmq_errno();

    // This thread is the only one that may touch these sockets: it closes
    // them (linger applies, as for any zmq_close).
    zmq_close(front);
    if (back != front) zmq_close(back);
    if (capture != nullptr) zmq_close(capture);
    zmq_close(shared.peer);

    std::lock_guard<std::mutex> lock(shared.mutex);
    shared.finished = true;
    shared.error = error;
    if (shared.orphan_control != nullptr) {
        zmq_close(shared.orphan_control);
        shared.orphan_control = nullptr;
    }
    if (shared.async != nullptr) uv_async_send(shared.async);
}

// False with zmq_errno() set when the command could not be sent. EAGAIN
// means the proxy's end of the pair is gone: the proxy has ended (or is
// ending), and OnFinished will say so.
bool Proxy::SendControl(const char* command) {
    while (zmq_send(control_, command, std::strlen(command), ZMQ_DONTWAIT) < 0) {
        if (zmq_errno() != EINTR) return false;
    }
    if (std::strcmp(command, "TERMINATE") == 0) terminate_sent_ = true;
    return true;
}

void Proxy::Command(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    if (!info[0].IsString()) ThrowType(env, "command", "a string");
    std::string name = info[0].As<Napi::String>().Utf8Value();
    // libzmq aborts the process on any other command.
    if (name != "PAUSE" && name != "RESUME" && name != "TERMINATE" && name != "STATISTICS") {
        throw Napi::TypeError::New(env, "command must be PAUSE, RESUME, TERMINATE or STATISTICS");
    }
    if (!running_) throw CodeError(env, EBADF, "Socket is closed");
    bool statistics = name == "STATISTICS";
    // After TERMINATE nothing is read any more: STATISTICS is left for the
    // end to reject, the others have nothing left to do.
    if (!terminate_sent_ && !SendControl(name.c_str())) {
        int error = zmq_errno();
        if (error != EAGAIN) ThrowZmq(env, error);
    }
    if (statistics) {
        statistics_wanted_++;
        control_readiness_->Watch(ZMQ_POLLIN);
    }
}

void Proxy::ReadStatistics() {
    while (statistics_wanted_ > 0 && control_ != nullptr) {
        uint64_t counters[kCounters];
        int error = ReceiveStatistics(control_, counters);
        if (error == EAGAIN) {
            control_readiness_->AfterWouldBlock(ZMQ_POLLIN);
            return;
        }
        if (error != 0) {
            // The context is going away: the end rejects what is still wanted.
            control_readiness_->Watch(0);
            return;
        }
        control_readiness_->AfterIo();
        statistics_wanted_--;
        CallSafely(on_statistics_, [&counters](napi_env env, napi_value* argv) -> int {
            napi_value array;
            if (napi_create_array_with_length(env, kCounters, &array) != napi_ok) return -1;
            for (uint32_t index = 0; index < kCounters; index++) {
                napi_value number;
                // Exact below 2^53 (9 PB, or 9e15 messages).
                if (napi_create_double(env, static_cast<double>(counters[index]), &number) != napi_ok ||
                    napi_set_element(env, array, index, number) != napi_ok) {
                    return -1;
                }
            }
            argv[0] = array;
            return 1;
        });
    }
    if (statistics_wanted_ == 0 && control_readiness_ != nullptr) control_readiness_->Watch(0);
}

void Proxy::Stop(int error) {
    if (!running_) return;
    if (stop_error_ == 0) stop_error_ = error;
    // A failure means the proxy is ending anyway (its context was shut
    // down, or its end of the pair is gone).
    if (!terminate_sent_) SendControl("TERMINATE");
}

void Proxy::CloseControl(bool via_loop) {
    if (control_readiness_ != nullptr) {
        // Inside exit() the loop is gone: the handles are left as they are.
        if (!via_loop) control_readiness_.release();
        control_readiness_.reset();
    }
    if (control_ != nullptr) {
        zmq_close(control_);
        control_ = nullptr;
    }
}

void Proxy::OnFinished() {
    int error;
    {
        std::lock_guard<std::mutex> lock(shared_->mutex);
        error = shared_->error;
        shared_->async = nullptr;
    }
    if (stop_error_ != 0) error = stop_error_;
    CloseAndDelete(async_);
    async_ = nullptr;
    running_ = false;
    module_->Unregister(this);
    for (auto* socket : sockets_) {
        if (socket != nullptr) socket->ClosedByProxy(true);
    }

    // Replies that arrived before the end still count; JS rejects the rest.
    ReadStatistics();
    CloseControl(true);
    CallSafely(on_end_, [error](napi_env env, napi_value* argv) -> int {
        return napi_create_int32(env, error, &argv[0]) == napi_ok ? 1 : -1;
    });
    on_statistics_.Reset();
    on_end_.Reset();
    Unref();
}

void Proxy::Close(Socket::CloseReason reason) {
    if (!running_) return;
    running_ = false;
    module_->Unregister(this);
    if (!terminate_sent_) SendControl("TERMINATE");

    // Whichever of the two threads comes last closes the JS thread's end of
    // the control pair, so TERMINATE is read before it goes.
    {
        std::lock_guard<std::mutex> lock(shared_->mutex);
        shared_->async = nullptr;
        if (!shared_->finished) {
            shared_->orphan_control = control_;
            control_ = nullptr;
        }
    }
    bool via_loop = reason != Socket::CloseReason::ProcessExit;
    CloseControl(via_loop);
    if (via_loop) {
        CloseAndDelete(async_);
    }
    async_ = nullptr;
    for (auto* socket : sockets_) {
        if (socket != nullptr) socket->ClosedByProxy(false);
    }
    // No JS: the references are freed with the environment.
}

}  // namespace zmqnapi
