// Context: a libzmq context as a JS object.
//
// `new Context()` from JS creates a private libzmq context; the module's
// default context is one libzmq context shared by every worker thread in the
// process (so inproc:// works between threads), reference-counted by the
// environments that use it. `close()` shuts the context down: blocking work on
// its sockets fails with ETERM, its sockets are closed, and zmq_ctx_term runs
// on a thread of its own so the JS thread never waits for lingering messages
// (the process does, at exit: see termination.h).
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

    Module* module_;
    void* handle_ = nullptr;
    bool shared_ = false;
};

// The process-wide context shared by all environments.
void* AcquireSharedContext();
void ReleaseSharedContext();

}  // namespace zmqnapi
