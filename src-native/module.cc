#include "module.h"

#include <zmq.h>

#include <mutex>
#include <set>
#include <vector>

#include "context.h"
#include "curve.h"
#include "descriptor.h"
#include "monitor.h"
#include "poller.h"
#include "proxy.h"
#include "socket.h"
#include "termination.h"
#include "util/errors.h"
#include "util/handles.h"

namespace zmqnapi {

namespace {

// Every live Module in the process, for the exit handler. Never destroyed
// (see termination.cc).
struct Modules {
    std::mutex mutex;
    std::set<Module*> live;
};

Modules& LiveModules() {
    static auto* modules = new Modules();
    return *modules;
}

}  // namespace

Module::Module(Napi::Env env, Napi::Object exports) {
    napi_get_uv_event_loop(env, &loop_);
    loans_ = std::make_unique<BufferLoans>(env, loop_);

    auto socket_class = Socket::Define(env);
    auto context_class = Context::Define(env);
    SocketClass = Napi::Persistent(socket_class);
    ContextClass = Napi::Persistent(context_class);

    DefineAddon(exports, {
        InstanceValue("Socket", socket_class, napi_enumerable),
        InstanceValue("Context", context_class, napi_enumerable),
        InstanceValue("Proxy", Proxy::Define(env), napi_enumerable),
        InstanceValue("version", Version(env), napi_enumerable),
        InstanceValue("capability", Capability(env), napi_enumerable),
        InstanceValue("curveKeyPair", Napi::Function::New(env, CurveKeyPair), napi_enumerable),
        InstanceValue("curvePublic", Napi::Function::New(env, CurvePublic), napi_enumerable),
        InstanceValue("z85Encode", Napi::Function::New(env, Z85Encode), napi_enumerable),
        InstanceValue("z85Decode", Napi::Function::New(env, Z85Decode), napi_enumerable),
        InstanceValue("socketMonitor", Napi::Function::New(env, SocketMonitor), napi_enumerable),
        InstanceValue("zmqError", Napi::Function::New(env, ZmqErrorFor), napi_enumerable),
        InstanceValue("pollNow", Napi::Function::New(env, PollNow), napi_enumerable),
        InstanceValue("DescriptorWatch", DescriptorWatch::Define(env), napi_enumerable),
    });

    Check(env, napi_add_async_cleanup_hook(env, Cleanup, this, nullptr));
    {
        auto& modules = LiveModules();
        std::lock_guard<std::mutex> lock(modules.mutex);
        modules.live.insert(this);
    }
    InstallExitHandler(CloseForProcessExit);
}

Module::~Module() {
    auto& modules = LiveModules();
    std::lock_guard<std::mutex> lock(modules.mutex);
    modules.live.erase(this);
}

void Module::CloseSocketsOf(Context* context) {
    std::vector<Socket*> victims;
    for (auto* socket : sockets_) {
        if (socket->Owner() == context) victims.push_back(socket);
    }
    for (auto* socket : victims) socket->Close(Socket::CloseReason::ContextTerminated);
}

// Runs while the environment is being torn down: JS must not be called.
// An async cleanup hook: Node keeps the environment (and, for a worker, the
// addon's code) until it is removed, which is once the closed handles'
// callbacks have run (util/handles.h). The buffers lent to libzmq are freed
// with the environment, so it waits for them too, once the sockets are
// closed (as their linger says).
void Module::Cleanup(napi_async_cleanup_hook_handle hook, void* data) {
    auto module = static_cast<Module*>(data);
    module->CloseAll(false);
    module->loans_->WaitForReturns();
    WhenHandlesClosed([hook] { napi_remove_async_cleanup_hook(hook); });
}

void Module::CloseAll(bool process_exit) {
    exiting_ = true;
    std::vector<DescriptorWatch*> watches(watches_.begin(), watches_.end());
    for (auto* watch : watches) watch->Close(process_exit);
    auto reason = process_exit ? Socket::CloseReason::ProcessExit : Socket::CloseReason::Exit;
    // First: a proxy's thread closes its sockets itself once it has ended,
    // so they leave the registry before the sockets are closed below.
    std::vector<Proxy*> proxies(proxies_.begin(), proxies_.end());
    for (auto* proxy : proxies) proxy->Close(reason);
    std::vector<Socket*> sockets(sockets_.begin(), sockets_.end());
    for (auto* socket : sockets) socket->Close(reason);
    std::vector<Context*> contexts(contexts_.begin(), contexts_.end());
    for (auto* context : contexts) context->Close();
}

// By exit() every worker has been stopped (and cleaned up); what is left
// belongs to the thread that exits, whose environment is frozen, not freed.
void Module::CloseForProcessExit() {
    std::vector<Module*> mine;
    {
        auto& modules = LiveModules();
        std::lock_guard<std::mutex> lock(modules.mutex);
        for (auto* module : modules.live) {
            if (module->thread_ == std::this_thread::get_id()) mine.push_back(module);
        }
    }
    for (auto* module : mine) module->CloseAll(true);
}

Napi::Value Module::Version(Napi::Env env) {
    int major = 0, minor = 0, patch = 0;
    zmq_version(&major, &minor, &patch);
    return Napi::String::New(env, std::to_string(major) + "." + std::to_string(minor) +
                                             "." + std::to_string(patch));
}

Napi::Value Module::Capability(Napi::Env env) {
    auto result = Napi::Object::New(env);
    for (const char* name : {"ipc", "pgm", "tipc", "norm", "curve", "gssapi", "draft"}) {
        result.Set(name, Napi::Boolean::New(env, zmq_has(name) != 0));
    }
    return result;
}

}  // namespace zmqnapi

using zmqnapi::Module;
NODE_API_ADDON(Module)
