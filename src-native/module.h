// Module: the per-environment state of the addon (one per main thread or worker).
//
// It owns the class constructors and a registry of every live native object,
// and registers an environment cleanup hook that closes sockets, then
// contexts, before the environment goes away. Finalizers that run after that
// find the objects already closed and only free memory.
#pragma once

#include <napi.h>
#include <uv.h>

#include <set>

namespace zmqnapi {

class Context;
class Socket;

class Module : public Napi::Addon<Module> {
public:
    Module(Napi::Env env, Napi::Object exports);

    static Module& Of(Napi::Env env) { return *env.GetInstanceData<Module>(); }

    uv_loop_t* Loop() const { return loop_; }
    bool Exiting() const { return exiting_; }

    void Register(Socket* socket) { sockets_.insert(socket); }
    void Unregister(Socket* socket) { sockets_.erase(socket); }
    void Register(Context* context) { contexts_.insert(context); }
    void Unregister(Context* context) { contexts_.erase(context); }

    // Closes every socket created in `context` (Context::close()).
    void CloseSocketsOf(Context* context);

    Napi::FunctionReference SocketClass;
    Napi::FunctionReference ContextClass;

private:
    static void Cleanup(Module* module);

    static Napi::Value Version(Napi::Env env);
    static Napi::Value Capability(Napi::Env env);

    uv_loop_t* loop_ = nullptr;
    bool exiting_ = false;
    std::set<Socket*> sockets_;
    std::set<Context*> contexts_;
};

}  // namespace zmqnapi
