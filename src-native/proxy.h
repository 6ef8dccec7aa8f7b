// Proxy: zmq_proxy_steerable between two sockets, on a thread of its own.
//
// The proxy runs on a dedicated std::thread, never on the libuv threadpool:
// it blocks for its whole life, and a pool slot taken that way would starve
// fs, dns and everything else queued behind it.
//
// Ownership. libzmq sockets are not thread-safe, so while the proxy runs its
// thread alone uses the frontend, backend and capture sockets: the Socket
// objects refuse every use from JS (EBUSY, Socket::Lend) and their readiness
// polling is stopped. When zmq_proxy_steerable returns, the proxy's thread
// closes those sockets itself: it is the only thread that may touch them, so
// however the proxy ends (terminate(), a closed socket or context, the
// environment's teardown, exit()) no zmq_close can race the running proxy.
// The sockets are therefore closed once the proxy has ended, as in the
// `zeromq` package.
//
// Control. A PAIR socket pair over inproc in the frontend's context: the JS
// thread owns the connected end and sends PAUSE, RESUME, TERMINATE and
// STATISTICS; the bound end belongs to the proxy's thread. The replies to
// STATISTICS (8 frames of one uint64 each) are read on the JS thread when the
// control socket becomes readable (readiness.h).
//
// Completion reaches the JS thread through a uv_async_t. It is referenced
// while the proxy runs, so a running proxy keeps the process alive, as a
// pending receive() does.
//
// Exit. The thread is tracked (termination.h): the process does not exit
// before it has ended. On the exit paths the proxy is sent TERMINATE and left
// to finish on its own; if it is stuck in a blocking send (a destination or
// capture socket that cannot take more), the context's termination fails
// that send with ETERM, and the proxy ends.
#pragma once

#include <napi.h>
#include <uv.h>

#include <memory>

#include "socket.h"

namespace zmqnapi {

class Module;
class Readiness;

class Proxy : public Napi::ObjectWrap<Proxy> {
public:
    static Napi::Function Define(Napi::Env env);

    // new Proxy(frontEnd: Socket, backEnd: Socket, capture: Socket | null)
    explicit Proxy(const Napi::CallbackInfo& info);
    ~Proxy() override;

    // A socket the proxy owns is being closed (socket.close(), or its
    // context closed: `error` is ETERM then, and run() reports it): asks the
    // proxy to end. Never calls into JS.
    void Stop(int error);

    // The exit paths (environment teardown, exit()): asks the proxy to end
    // and lets its thread finish alone; touches no JS, and no libuv inside
    // exit(). Afterwards the proxy is as if it had never run.
    void Close(Socket::CloseReason reason);

private:
    struct Shared;
    enum { kFront, kBack, kCapture, kSockets };

    // run(onStatistics: (counters: number[]) => void, onEnd: (errno: number) => void): void
    void Run(const Napi::CallbackInfo& info);
    // command(name: "PAUSE" | "RESUME" | "TERMINATE" | "STATISTICS"): void
    void Command(const Napi::CallbackInfo& info);

    // The body of the proxy's thread.
    static void RunThread(Shared& shared);
    [[noreturn]] static void Fail(Napi::Env env, int slot, int error, const char* what);
    bool SendControl(const char* command);
    // On the JS thread, when the proxy's thread has ended.
    void OnFinished();
    // Hands every complete STATISTICS reply to JS.
    void ReadStatistics();
    // Closes the JS thread's end of the control pair and its readiness.
    void CloseControl(bool via_loop);

    Module* module_;
    Socket* sockets_[kSockets] = {};
    Napi::ObjectReference socket_refs_[kSockets];
    Napi::FunctionReference on_statistics_;
    Napi::FunctionReference on_end_;
    std::shared_ptr<Shared> shared_;
    void* control_ = nullptr;
    std::unique_ptr<Readiness> control_readiness_;
    uv_async_t* async_ = nullptr;
    int statistics_wanted_ = 0;
    // ETERM when a context of the proxy's sockets was closed under it.
    int stop_error_ = 0;
    bool running_ = false;
    bool terminate_sent_ = false;
};

}  // namespace zmqnapi
