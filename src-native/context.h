// Context: a libzmq context as a JS object.
//
// The module's default context is one libzmq context shared by every worker
// thread in the process (so inproc:// works between threads). `new Context()`
// from JS creates another libzmq context, which other threads may use too:
// each has a handle, a number, and a Context made from the handle in another
// thread is the same libzmq context. Every context is reference-counted by
// the Context objects attached to it. `close()` lets go of it: this
// environment's sockets in it are closed (pending work fails with ETERM), and
// when no other Context uses it, it is shut down (blocking work on its
// sockets fails with ETERM) and zmq_ctx_term runs on a thread of its own so
// the JS thread never waits for lingering messages (the process does, at
// exit: see termination.h).
#pragma once

#include <napi.h>

namespace zmqnapi {

class Module;

class Context : public Napi::ObjectWrap<Context> {
public:
    static Napi::Function Define(Napi::Env env);

    explicit Context(const Napi::CallbackInfo& info);
    ~Context() override;

    void* Handle() const { return handle_; }
    bool Closed() const { return handle_ == nullptr; }

    // Terminates the context (see above). Safe to call more than once; called
    // by the environment cleanup hook for every live context.
    void Close();

private:
    Napi::Value GetOption(const Napi::CallbackInfo& info);
    void SetOption(const Napi::CallbackInfo& info);
    void JsClose(const Napi::CallbackInfo& info);
    Napi::Value JsClosed(const Napi::CallbackInfo& info);
    Napi::Value JsHandle(const Napi::CallbackInfo& info);

    Module* module_;
    void* handle_ = nullptr;
    uint32_t id_ = 0;
};

// The handle of the process-wide default context.
constexpr uint32_t kDefaultHandle = 1;

// The registry of contexts by handle (see above). CreateContext makes a new
// one with one user and returns its handle (0 on failure, `*handle` null);
// AcquireContext adds a user to the context with `id` (making the default
// context if needed) or returns null; ContextExisted says whether `id` was a
// custom context's handle; ReleaseContext removes a user and says whether it
// was the last (the caller then terminates the context).
uint32_t CreateContext(void** handle);
void* AcquireContext(uint32_t id);
bool ContextExisted(uint32_t id);
bool ReleaseContext(uint32_t id);

}  // namespace zmqnapi
