#include "context.h"

#include <zmq.h>

#include <cerrno>
#include <mutex>

#include "module.h"
#include "termination.h"
#include "util/errors.h"

namespace zmqnapi {

namespace {

// Deliberately heap-allocated and never destroyed: a static destructor would
// run during exit(), possibly while libzmq's I/O threads are still working.
struct SharedContext {
    std::mutex mutex;
    void* handle = nullptr;
    int users = 0;
};

SharedContext& Shared() {
    static auto* shared = new SharedContext();
    return *shared;
}

// Let libzmq use the process's file descriptor limit, not 1023.
void RaiseSocketLimit(void* handle) {
    zmq_ctx_set(handle, ZMQ_MAX_SOCKETS, zmq_ctx_get(handle, ZMQ_SOCKET_LIMIT));
}

}  // namespace

void* AcquireSharedContext() {
    auto& shared = Shared();
    std::lock_guard<std::mutex> lock(shared.mutex);
    if (shared.handle == nullptr) {
        shared.handle = zmq_ctx_new();
        if (shared.handle == nullptr) return nullptr;
        RaiseSocketLimit(shared.handle);
    }
    shared.users++;
    return shared.handle;
}

// The last environment is gone: the context ends (on a tracked thread, so
// the process waits for its lingering messages at exit), and the next
// environment to need one starts afresh.
void ReleaseSharedContext() {
    auto& shared = Shared();
    std::lock_guard<std::mutex> lock(shared.mutex);
    if (--shared.users > 0) return;
    TerminateContext(shared.handle);
    shared.handle = nullptr;
}

Napi::Function Context::Define(Napi::Env env) {
    return DefineClass(env, "Context",
        {
            InstanceMethod<&Context::GetOption>("getOption"),
            InstanceMethod<&Context::SetOption>("setOption"),
            InstanceMethod<&Context::JsClose>("close"),
            InstanceAccessor<&Context::JsClosed>("closed"),
        });
}

// new Context(shared?: boolean)
Context::Context(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<Context>(info), module_(&Module::Of(info.Env())) {
    shared_ = info.Length() > 0 && info[0].ToBoolean();
    handle_ = shared_ ? AcquireSharedContext() : zmq_ctx_new();
    if (handle_ == nullptr) ThrowZmq(info.Env(), zmq_errno());
    if (!shared_) RaiseSocketLimit(handle_);
    module_->Register(this);
}

Context::~Context() {
    // A garbage-collected context has no sockets left (each socket holds a
    // strong reference to its context), so terminating cannot block on them.
    Close();
}

void Context::Close() {
    if (handle_ == nullptr) return;
    void* handle = handle_;

    if (module_ != nullptr) {
        if (!shared_) zmq_ctx_shutdown(handle);
        module_->CloseSocketsOf(this);
        module_->Unregister(this);
        module_ = nullptr;
    }
    handle_ = nullptr;

    if (shared_) {
        ReleaseSharedContext();
    } else {
        TerminateContext(handle);
    }
}

// getOption(id): number
Napi::Value Context::GetOption(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    if (handle_ == nullptr) throw CodeError(env, EBADF, "Context is closed");
    int id = info[0].As<Napi::Number>().Int32Value();
    // -1 is a legitimate value of some options (THREAD_SCHED_POLICY), so
    // only a changed errno tells a failure apart.
    errno = 0;
    int value = zmq_ctx_get(handle_, id);
    if (value == -1 && errno != 0) ThrowZmq(env, errno);
    return Napi::Number::New(env, value);
}

// setOption(id, value: number)
void Context::SetOption(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    if (handle_ == nullptr) throw CodeError(env, EBADF, "Context is closed");
    int id = info[0].As<Napi::Number>().Int32Value();
    int value = info[1].As<Napi::Number>().Int32Value();
    if (zmq_ctx_set(handle_, id, value) != 0) ThrowZmq(env, zmq_errno());
}

void Context::JsClose(const Napi::CallbackInfo& info) {
    if (shared_) {
        throw CodeError(info.Env(), EINVAL,
            "The default context is shared by the whole process and cannot be closed");
    }
    Close();
}

Napi::Value Context::JsClosed(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), handle_ == nullptr);
}

}  // namespace zmqnapi
