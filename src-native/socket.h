// Socket: one libzmq socket as a JS object, with non-blocking primitives only.
//
// Everything that waits (promises, queues, timeouts, abort signals) lives in
// the TypeScript layer; this class offers what it needs: try to send one
// multipart message, read a batch of messages, and a readiness callback
// (see readiness.h) that fires when the socket may have become readable or
// writable. All calls happen on the JS thread; libzmq sockets are not
// thread-safe and are never touched from any other thread.
#pragma once

#include <napi.h>

#include <memory>
#include <string>

#include "incoming.h"
#include "readiness.h"
#include "thread_safe_signal.h"

namespace zmqnapi {

class Context;
class BufferLoans;
class Module;
class OutgoingMessage;
class Proxy;

class Socket : public Napi::ObjectWrap<Socket> {
public:
    // Why a socket closes, which decides what else may be touched:
    //   User, ContextTerminated: JS is alive (ContextTerminated tells it first).
    //   Exit: the environment is being torn down; no JS, libuv still works.
    //   ProcessExit: inside exit(); only libzmq may be touched.
    enum class CloseReason { User, ContextTerminated, Exit, ProcessExit };

    static Napi::Function Define(Napi::Env env);

    explicit Socket(const Napi::CallbackInfo& info);
    ~Socket() override;

    Context* Owner() const { return context_; }
    // The libzmq socket, or nullptr once closed or while a proxy owns it
    // (used by monitor.cc).
    void* Handle() const { return proxy_ == nullptr ? handle_ : nullptr; }

    // After zmq_poll read this socket's ZMQ_EVENTS (poller.cc): see
    // Readiness::AfterEventsRead.
    void AfterPoll(int events) {
        if (handle_ != nullptr) readiness_->AfterEventsRead(events);
    }

    // Stops readiness, closes the libzmq socket and leaves the registry.
    // With ContextTerminated the JS side is told first (pending work rejects
    // with ETERM); on the exit paths no JS runs at all. A socket that a
    // running proxy owns is not closed here: the proxy is asked to end, and
    // its thread closes the libzmq socket (proxy.h).
    void Close(CloseReason reason);

    // How many endpoints the socket is bound or connected to.
    int Endpoints() const { return endpoints_; }
    // The proxy that owns the socket while it runs, or nullptr.
    Proxy* Lender() const { return proxy_; }
    // Hands the libzmq socket over to `proxy`'s thread: readiness stops for
    // good and every use from JS fails with EBUSY until the proxy has ended.
    // Returns the libzmq socket (the socket must be open).
    void* Lend(Proxy* proxy);
    // The proxy's thread has closed the libzmq socket: forget it, as Close()
    // would. JS references are released only when `js_alive`.
    void ClosedByProxy(bool js_alive);

private:
    void* Open(Napi::Env env) const;

    void Bind(const Napi::CallbackInfo& info);
    void Unbind(const Napi::CallbackInfo& info);
    void Connect(const Napi::CallbackInfo& info);
    void Disconnect(const Napi::CallbackInfo& info);
    Napi::Value ConnectPeer(const Napi::CallbackInfo& info);
    void Join(const Napi::CallbackInfo& info);
    void Leave(const Napi::CallbackInfo& info);
    // zmq_join or zmq_leave with the group in info[0].
    void ChangeMembership(const Napi::CallbackInfo& info, int (*change)(void*, const char*));
    void JsClose(const Napi::CallbackInfo& info);
    Napi::Value Send(const Napi::CallbackInfo& info);
    Napi::Value SendPacked(const Napi::CallbackInfo& info);
    Napi::Value Receive(const Napi::CallbackInfo& info);
    Napi::Value GetOption(const Napi::CallbackInfo& info);
    void SetOption(const Napi::CallbackInfo& info);
    void Watch(const Napi::CallbackInfo& info);
    void Ref(const Napi::CallbackInfo& info);
    void Unref(const Napi::CallbackInfo& info);
    Napi::Value Events(const Napi::CallbackInfo& info);
    Napi::Value Closed(const Napi::CallbackInfo& info);

    // A function calling `Method` on this instance without napi_unwrap.
    template <Napi::Value (Socket::*Method)(const Napi::CallbackInfo&)>
    Napi::Function Bound(Napi::Env env, const char* name);

    // Leaves the registry and, when `js_alive`, drops the JS references.
    void Forget(bool js_alive);
    void OnReady(int events);
    // Calls the JS onReady handler with `value`; see socket.cc.
    void CallOnReady(int value);
    std::string Endpoint(const Napi::CallbackInfo& info) const;
    // The routing id (info[1]) and group (info[2]) of a draft socket's send.
    void SetProperties(const Napi::CallbackInfo& info, OutgoingMessage& message) const;
    static BufferLoans* LoansFor(const Napi::CallbackInfo& info, size_t index);
    // Stops readiness, then releases a thread-safe socket's poller; both must
    // be gone before the libzmq socket is closed or handed to a proxy.
    void StopReadiness(bool loop_alive);

    Module* module_;
    Context* context_;
    void* handle_ = nullptr;
    Proxy* proxy_ = nullptr;
    int endpoints_ = 0;
    // What the messages of this socket type carry besides their frames.
    MessageProperty property_ = MessageProperty::None;
    // A thread-safe socket's pollable descriptor (it has no ZMQ_FD); declared
    // before readiness_, which watches it, so that it is destroyed after it.
    std::unique_ptr<ThreadSafeSignal> signal_;
    std::unique_ptr<Readiness> readiness_;
    Napi::ObjectReference context_ref_;
    // JS function called with ZMQ_EVENTS bits, or with -ETERM when the
    // context was closed under the socket. Held strongly only while the JS
    // side waits for something, so an idle socket can be garbage collected.
    Napi::FunctionReference on_ready_;
    bool on_ready_strong_ = false;
};

}  // namespace zmqnapi
