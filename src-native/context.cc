#include "context.h"

#include <zmq.h>

#include <cerrno>
#include <map>
#include <mutex>
#include <string>

#include "module.h"
#include "termination.h"
#include "util/errors.h"

namespace zmqnapi {

namespace {

// Every libzmq context that JS can reach, by handle: a number that a thread
// can pass to another (workerData, postMessage) to use the same context
// there, so that inproc:// reaches across them. The default context (handle
// kDefaultHandle) is made when the first environment needs it and shared by
// all; a custom context belongs to the Context objects attached to it, in any
// thread. Either ends when the last Context object using it lets go (close(),
// garbage collection, its environment ending), on a tracked thread (so the
// process waits for its lingering messages at exit); the next environment to
// need a default context starts a fresh one.
//
// Deliberately heap-allocated and never destroyed: a static destructor would
// run during exit(), possibly while libzmq's I/O threads are still working.
struct Registry {
    struct Entry {
        void* handle;
        int users;
    };
    std::mutex mutex;
    std::map<uint32_t, Entry> entries;
    uint32_t next = kDefaultHandle + 1;
};

Registry& Contexts() {
    static auto* registry = new Registry();
    return *registry;
}

// Let libzmq use the process's file descriptor limit, not 1023.
void RaiseSocketLimit(void* handle) {
    zmq_ctx_set(handle, ZMQ_MAX_SOCKETS, zmq_ctx_get(handle, ZMQ_SOCKET_LIMIT));
}

void* NewContext() {
    void* handle = zmq_ctx_new();
    if (handle != nullptr) RaiseSocketLimit(handle);
    return handle;
}

}  // namespace

uint32_t CreateContext(void** handle) {
    *handle = NewContext();
    if (*handle == nullptr) return 0;
    auto& registry = Contexts();
    std::lock_guard<std::mutex> lock(registry.mutex);
    uint32_t id = registry.next++;
    registry.entries[id] = {*handle, 1};
    return id;
}

void* AcquireContext(uint32_t id) {
    auto& registry = Contexts();
    std::lock_guard<std::mutex> lock(registry.mutex);
    auto found = registry.entries.find(id);
    if (found == registry.entries.end()) {
        if (id != kDefaultHandle) return nullptr;
        void* handle = NewContext();
        if (handle == nullptr) return nullptr;
        found = registry.entries.emplace(id, Registry::Entry{handle, 0}).first;
    }
    found->second.users++;
    return found->second.handle;
}

bool ContextExisted(uint32_t id) {
    auto& registry = Contexts();
    std::lock_guard<std::mutex> lock(registry.mutex);
    return id > kDefaultHandle && id < registry.next;
}

bool ReleaseContext(uint32_t id) {
    auto& registry = Contexts();
    std::lock_guard<std::mutex> lock(registry.mutex);
    auto found = registry.entries.find(id);
    if (found == registry.entries.end()) return false;  // never: each attached Context holds a user
    if (--found->second.users > 0) return false;
    registry.entries.erase(found);
    return true;
}

Napi::Function Context::Define(Napi::Env env) {
    return DefineClass(env, "Context",
        {
            InstanceMethod<&Context::GetOption>("getOption"),
            InstanceMethod<&Context::SetOption>("setOption"),
            InstanceMethod<&Context::JsClose>("close"),
            InstanceAccessor<&Context::JsClosed>("closed"),
            InstanceAccessor<&Context::JsHandle>("handle"),
        });
}

// new Context(of?: true | number): the default context (true), the context
// with that handle (a number), or a new one.
Context::Context(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<Context>(info), module_(&Module::Of(info.Env())) {
    auto env = info.Env();
    if (info[0].IsBoolean() && info[0].As<Napi::Boolean>().Value()) {
        id_ = kDefaultHandle;
        handle_ = AcquireContext(id_);
        if (handle_ == nullptr) ThrowZmq(env, zmq_errno());
    } else if (info[0].IsNumber()) {
        id_ = info[0].As<Napi::Number>().Uint32Value();
        handle_ = AcquireContext(id_);
        if (handle_ == nullptr) {
            if (ContextExisted(id_)) throw CodeError(env, ETERM, "Context is closed");
            throw CodeError(env, EINVAL, "No context has handle " + std::to_string(id_));
        }
    } else {
        id_ = CreateContext(&handle_);
        if (handle_ == nullptr) ThrowZmq(env, zmq_errno());
    }
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
    // Others may still use it (other threads attached to the handle): then
    // only this environment's sockets in it close, and the context lives on.
    bool last = ReleaseContext(id_);

    if (module_ != nullptr) {
        // Blocking work on its sockets (a proxy's thread) fails with ETERM.
        if (last && id_ != kDefaultHandle) zmq_ctx_shutdown(handle);
        module_->CloseSocketsOf(this);
        module_->Unregister(this);
        module_ = nullptr;
    }
    handle_ = nullptr;
    if (last) TerminateContext(handle);
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
    if (id_ == kDefaultHandle) {
        throw CodeError(info.Env(), EINVAL,
            "The default context is shared by the whole process and cannot be closed");
    }
    Close();
}

Napi::Value Context::JsClosed(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), handle_ == nullptr);
}

Napi::Value Context::JsHandle(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), id_);
}

}  // namespace zmqnapi
