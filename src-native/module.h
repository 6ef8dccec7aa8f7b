// Module: the per-environment state of the addon (one per main thread or worker).
//
// It owns the class constructors and a registry of every live native object,
// and registers an environment cleanup hook that ends running proxies, then
// closes sockets, then contexts, then waits until libzmq has let go of every
// buffer the environment lent it, before the environment goes away.
// Finalizers that run after that find the objects already closed and only
// free memory.
//
// Node runs no cleanup hooks on process.exit(), so the process's exit handler
// (termination.h) closes the exiting thread's modules the same way, without
// touching JS or libuv, before it waits for the contexts to terminate.
#pragma once

#include <napi.h>
#include <uv.h>

#include <memory>
#include <set>
#include <thread>

#include "buffer_loans.h"

namespace zmqnapi {

class Context;
class DescriptorWatch;
class Proxy;
class Socket;

class Module : public Napi::Addon<Module> {
public:
    Module(Napi::Env env, Napi::Object exports);
    ~Module();

    static Module& Of(Napi::Env env) { return *env.GetInstanceData<Module>(); }

    uv_loop_t* Loop() const { return loop_; }
    // Zero-copy sends of this environment (buffer_loans.h).
    BufferLoans& Loans() { return *loans_; }
    bool Exiting() const { return exiting_; }

    void Register(Socket* socket) { sockets_.insert(socket); }
    void Unregister(Socket* socket) { sockets_.erase(socket); }
    void Register(Context* context) { contexts_.insert(context); }
    void Unregister(Context* context) { contexts_.erase(context); }
    void Register(DescriptorWatch* watch) { watches_.insert(watch); }
    void Unregister(DescriptorWatch* watch) { watches_.erase(watch); }
    // Running proxies only (proxy.h).
    void Register(Proxy* proxy) { proxies_.insert(proxy); }
    void Unregister(Proxy* proxy) { proxies_.erase(proxy); }

    // Closes every socket created in `context` (Context::close()).
    void CloseSocketsOf(Context* context);

    Napi::FunctionReference SocketClass;
    Napi::FunctionReference ContextClass;

private:
    static void Cleanup(napi_async_cleanup_hook_handle hook, void* module);
    // Closes every descriptor watch, ends every running proxy, closes every
    // socket, then every context (the exit paths; no JS runs).
    void CloseAll(bool process_exit);
    // The exit handler's part: CloseAll for each module of the calling thread.
    static void CloseForProcessExit();

    static Napi::Value Version(Napi::Env env);
    static Napi::Value Capability(Napi::Env env);

    uv_loop_t* loop_ = nullptr;
    std::unique_ptr<BufferLoans> loans_;
    bool exiting_ = false;
    std::thread::id thread_ = std::this_thread::get_id();
    std::set<Socket*> sockets_;
    std::set<Context*> contexts_;
    std::set<DescriptorWatch*> watches_;
    std::set<Proxy*> proxies_;
};

}  // namespace zmqnapi
