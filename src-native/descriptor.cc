#include "descriptor.h"

#include <fcntl.h>
#include <unistd.h>
#include <zmq.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "module.h"
#include "util/callback.h"
#include "util/errors.h"
#include "util/handles.h"

namespace zmqnapi {

// The uv_poll_t lives in its own allocation: uv_close completes
// asynchronously, so it must outlive the DescriptorWatch that owned it.
struct DescriptorWatch::Handle {
    uv_poll_t poll;
    DescriptorWatch* owner;
};

Napi::Function DescriptorWatch::Define(Napi::Env env) {
    return DefineClass(env, "DescriptorWatch", {InstanceMethod<&DescriptorWatch::JsClose>("close")});
}

DescriptorWatch::DescriptorWatch(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<DescriptorWatch>(info), module_(&Module::Of(info.Env())) {
    auto env = info.Env();
    if (!info[0].IsNumber()) ThrowType(env, "fd", "a file descriptor");
    if (!info[1].IsNumber()) ThrowType(env, "interest", "a number");
    if (!info[2].IsFunction()) ThrowType(env, "onReady", "a function");
    int fd = info[0].As<Napi::Number>().Int32Value();
    interest_ = info[1].As<Napi::Number>().Int32Value() & (ZMQ_POLLIN | ZMQ_POLLOUT);

    fd_ = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (fd_ < 0) throw CodeError(env, errno, "Cannot watch file descriptor " + std::to_string(fd) + ": " + strerror(errno));
    // uv_poll_init makes the descriptor non-blocking, and that flag belongs to
    // the open file, which the caller shares: it is put back afterwards (libuv
    // never reads or writes a polled descriptor itself).
    int flags = fcntl(fd_, F_GETFL);
    auto handle = new Handle{};
    int error = uv_poll_init(module_->Loop(), &handle->poll, fd_);
    if (flags >= 0 && (flags & O_NONBLOCK) == 0) fcntl(fd_, F_SETFL, flags);
    if (error != 0) {
        // Not initialised: nothing for libuv to close.
        delete handle;
        close(fd_);
        fd_ = -1;
        // EPERM: epoll refuses regular files and directories (always ready
        // anyway, so a wait never gets here for them).
        auto result = Napi::Error::New(env, "Cannot watch file descriptor " + std::to_string(fd) + ": " + uv_strerror(error));
        result.Set("code", Napi::String::New(env, uv_err_name(error)));
        result.Set("errno", Napi::Number::New(env, -error));
        throw result;
    }
    handle_ = handle;
    handle_->owner = this;
    handle_->poll.data = handle_;
    int events = ((interest_ & ZMQ_POLLIN) != 0 ? UV_READABLE : 0) | ((interest_ & ZMQ_POLLOUT) != 0 ? UV_WRITABLE : 0);
    uv_poll_start(&handle_->poll, events, [](uv_poll_t* poll, int status, int events) {
        auto handle = static_cast<Handle*>(poll->data);
        if (handle->owner != nullptr) handle->owner->OnPoll(status, events);
    });
    on_ready_ = Napi::Persistent(info[2].As<Napi::Function>());
    module_->Register(this);
}

DescriptorWatch::~DescriptorWatch() { Close(false); }

void DescriptorWatch::OnPoll(int status, int events) {
    if (module_ == nullptr || module_->Exiting()) return;
    int found = 0;
    if (status < 0) {
        // An error condition (EPOLLERR: say, the other end of a pipe is
        // gone). libuv has stopped the handle; the caller is told the
        // descriptor is ready, and its own read or write meets the error, as
        // with poll()'s POLLERR.
        found = interest_;
    } else {
        if ((events & (UV_READABLE | UV_DISCONNECT)) != 0) found |= ZMQ_POLLIN;
        if ((events & UV_WRITABLE) != 0) found |= ZMQ_POLLOUT;
        found &= interest_;
    }
    if (found != 0) CallSafely(on_ready_, found);
}

void DescriptorWatch::JsClose(const Napi::CallbackInfo&) { Close(false); }

void DescriptorWatch::Close(bool process_exit) {
    if (handle_ == nullptr) return;
    bool js_alive = !process_exit && module_ != nullptr && !module_->Exiting();
    if (process_exit) {
        // Inside exit(): the loop is frozen; neither it nor the handle matter.
        handle_ = nullptr;
    } else {
        handle_->owner = nullptr;
        // uv_close takes the duplicate out of epoll at once, so it can be
        // closed right away; the handle's memory goes in the close callback.
        CloseHandle(reinterpret_cast<uv_handle_t*>(&handle_->poll),
                    [](uv_handle_t* poll) { delete static_cast<Handle*>(poll->data); });
        handle_ = nullptr;
        close(fd_);
    }
    fd_ = -1;
    if (module_ != nullptr) {
        module_->Unregister(this);
        module_ = nullptr;
    }
    // On the exit paths the reference is freed with the environment.
    if (js_alive) on_ready_.Reset();
}

}  // namespace zmqnapi
