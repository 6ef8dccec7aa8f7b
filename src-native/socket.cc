#include "socket.h"

#include <zmq.h>

#include <cerrno>
#include <cstdint>
#include <limits>
#include <vector>

#include "context.h"
#include "incoming.h"
#include "module.h"
#include "outgoing.h"
#include "proxy.h"
#include "util/callback.h"
#include "util/errors.h"

namespace zmqnapi {

namespace {

// How an option's value is represented; the TS option table uses the same numbers.
enum OptionKind : int32_t {
    kInt32 = 0,
    kInt64 = 1,
    kUint64 = 2,
    kBinary = 3,  // read back as Buffer
    kString = 4,  // read back as string
    kCurveKey = 5,  // read back as 40-character Z85 string
};

// Retries a libzmq call interrupted by a signal; returns 0 or the errno.
template <typename Call>
int Retry(Call call) {
    while (call() != 0) {
        int error = zmq_errno();
        if (error != EINTR) return error;
    }
    return 0;
}

Napi::Value Int64ToJs(Napi::Env env, int64_t value) {
    constexpr int64_t safe = (int64_t{1} << 53) - 1;
    if (value >= -safe && value <= safe) return Napi::Number::New(env, static_cast<double>(value));
    return Napi::BigInt::New(env, value);
}

Napi::Value Uint64ToJs(Napi::Env env, uint64_t value) {
    constexpr uint64_t safe = (uint64_t{1} << 53) - 1;
    if (value <= safe) return Napi::Number::New(env, static_cast<double>(value));
    return Napi::BigInt::New(env, value);
}

// The bytes of an option value given as string, ArrayBufferView or null.
std::string OptionBytes(Napi::Env env, Napi::Value value) {
    if (value.IsNull() || value.IsUndefined()) return std::string();
    if (value.IsString()) return value.As<Napi::String>().Utf8Value();
    if (value.IsTypedArray()) {
        auto view = value.As<Napi::TypedArray>();
        auto bytes = static_cast<const char*>(view.ArrayBuffer().Data()) + view.ByteOffset();
        return std::string(bytes, view.ByteLength());
    }
    ThrowType(env, "Option value", "a string, Buffer or null");
}

// The elements of a typed array of the given type; false for anything else.
template <typename T>
bool TypedArrayElements(napi_env env, napi_value value, napi_typedarray_type want, const T** elements,
                        size_t* length) {
    bool is = false;
    if (napi_is_typedarray(env, value, &is) != napi_ok || !is) return false;
    napi_typedarray_type type;
    void* data = nullptr;
    if (napi_get_typedarray_info(env, value, &type, length, &data, nullptr, nullptr) != napi_ok) return false;
    *elements = static_cast<const T*>(data);
    return type == want;
}

// A group name (RADIO/DISH) as libzmq takes it: a C string.
std::string GroupBytes(Napi::Env env, Napi::Value value) {
    if (!value.IsString() && !value.IsTypedArray()) ThrowType(env, "group", "a string or a Buffer");
    std::string group = OptionBytes(env, value);
    if (group.find('\0') != std::string::npos) throw Napi::TypeError::New(env, "group must not contain NUL bytes");
    return group;
}

// What a socket type's received messages carry besides their frames.
MessageProperty PropertyOf(int type) {
#ifdef ZMQ_BUILD_DRAFT_API
    if (type == ZMQ_SERVER || type == ZMQ_PEER) return MessageProperty::RoutingId;
    if (type == ZMQ_DISH) return MessageProperty::Group;
#endif
    return MessageProperty::None;
}

}  // namespace

Napi::Function Socket::Define(Napi::Env env) {
    return DefineClass(env, "Socket",
        {
            InstanceMethod<&Socket::Bind>("bind"),
            InstanceMethod<&Socket::Unbind>("unbind"),
            InstanceMethod<&Socket::Connect>("connect"),
            InstanceMethod<&Socket::Disconnect>("disconnect"),
            InstanceMethod<&Socket::ConnectPeer>("connectPeer"),
            InstanceMethod<&Socket::Join>("join"),
            InstanceMethod<&Socket::Leave>("leave"),
            InstanceMethod<&Socket::JsClose>("close"),
            InstanceMethod<&Socket::GetOption>("getOption"),
            InstanceMethod<&Socket::SetOption>("setOption"),
            InstanceMethod<&Socket::Watch>("watch"),
            InstanceMethod<&Socket::Ref>("ref"),
            InstanceMethod<&Socket::Unref>("unref"),
            InstanceAccessor<&Socket::Events>("events"),
            InstanceAccessor<&Socket::Closed>("closed"),
        });
}

// new Socket(type: number, context: Context, onReady: (events: number) => void)
Socket::Socket(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<Socket>(info), module_(&Module::Of(info.Env())), context_(nullptr) {
    auto env = info.Env();
    if (!info[0].IsNumber()) ThrowType(env, "type", "a socket type number");
    if (!info[1].IsObject() ||
        !info[1].As<Napi::Object>().InstanceOf(module_->ContextClass.Value())) {
        ThrowType(env, "context", "a Context");
    }
    if (!info[2].IsFunction()) ThrowType(env, "onReady", "a function");

    context_ = Context::Unwrap(info[1].As<Napi::Object>());
    if (context_->Closed()) throw CodeError(env, ETERM, "Context is closed");

    handle_ = zmq_socket(context_->Handle(), info[0].As<Napi::Number>().Int32Value());
    if (handle_ == nullptr) ThrowZmq(env, zmq_errno());

    int fd = -1;
    size_t fd_size = sizeof(fd);
    if (ThreadSafeSignal::IsThreadSafe(handle_)) {
        signal_ = ThreadSafeSignal::Create(handle_);
        if (signal_ != nullptr) fd = signal_->Fd();
    } else if (zmq_getsockopt(handle_, ZMQ_FD, &fd, &fd_size) != 0) {
        fd = -1;
    }
    if (fd < 0) {
        int error = zmq_errno();
        zmq_close(handle_);
        handle_ = nullptr;
        ThrowZmq(env, error);
    }
    property_ = PropertyOf(info[0].As<Napi::Number>().Int32Value());

    readiness_ = std::make_unique<Readiness>(module_->Loop(), handle_, fd, signal_.get(),
                                             [this](int events) { OnReady(events); });
    context_ref_ = Napi::Persistent(info[1].As<Napi::Object>());
    on_ready_ = Napi::Weak(info[2].As<Napi::Function>());
    module_->Register(this);

    // The per-message methods are own properties bound to this instance:
    // a prototype method pays for napi_unwrap (a private-property lookup) on
    // every call, which showed up at ~4% of a 64 B send.
    auto self = info.This().As<Napi::Object>();
    self.DefineProperties({
        Napi::PropertyDescriptor::Value("send", Bound<&Socket::Send>(env, "send"), napi_default),
        Napi::PropertyDescriptor::Value("sendPacked", Bound<&Socket::SendPacked>(env, "sendPacked"), napi_default),
        Napi::PropertyDescriptor::Value("receive", Bound<&Socket::Receive>(env, "receive"), napi_default),
    });
}

template <Napi::Value (Socket::*Method)(const Napi::CallbackInfo&)>
Napi::Function Socket::Bound(Napi::Env env, const char* name) {
    return Napi::Function::New(
        env,
        [](const Napi::CallbackInfo& info) -> Napi::Value {
            return (static_cast<Socket*>(info.Data())->*Method)(info);
        },
        name, this);
}

Socket::~Socket() { Close(CloseReason::Exit); }

void Socket::Close(CloseReason reason) {
    if (handle_ == nullptr) return;
    bool js_alive = (reason == CloseReason::User || reason == CloseReason::ContextTerminated) &&
                    module_ != nullptr && !module_->Exiting();

    if (reason == CloseReason::ContextTerminated && js_alive) CallOnReady(-ETERM);

    if (proxy_ != nullptr) {
        // zmq_proxy_steerable is using the socket on the proxy's thread: it
        // is asked to end, and that thread closes the socket afterwards.
        proxy_->Stop(reason == CloseReason::ContextTerminated ? ETERM : 0);
        proxy_ = nullptr;
    } else {
        // Inside exit() the event loop is gone for good: its handles are left
        // as they are rather than closed through it.
        StopReadiness(reason != CloseReason::ProcessExit);
        // Linger decides what happens to queued messages, as in libzmq.
        zmq_close(handle_);
    }
    handle_ = nullptr;
    Forget(js_alive);
}

void Socket::Forget(bool js_alive) {
    if (module_ != nullptr) {
        module_->Unregister(this);
        module_ = nullptr;
    }
    // On the exit paths the references are freed with the environment.
    if (!js_alive) return;
    if (on_ready_strong_) {
        on_ready_.Unref();
        on_ready_strong_ = false;
    }
    context_ref_.Reset();
}

void* Socket::Lend(Proxy* proxy) {
    proxy_ = proxy;
    // The FD poll would read ZMQ_EVENTS on this thread while the proxy's
    // thread uses the socket. The proxy closes the socket when it ends, so
    // readiness is never needed again.
    StopReadiness(true);
    return handle_;
}

void Socket::StopReadiness(bool loop_alive) {
    if (loop_alive) readiness_->Close();
    signal_.reset();
}

void Socket::ClosedByProxy(bool js_alive) {
    if (handle_ == nullptr) return;
    proxy_ = nullptr;
    handle_ = nullptr;
    Forget(js_alive && module_ != nullptr && !module_->Exiting());
}

void* Socket::Open(Napi::Env env) const {
    if (handle_ == nullptr) throw CodeError(env, EBADF, "Socket is closed");
    if (proxy_ != nullptr) throw CodeError(env, EBUSY, "Socket is in use by a proxy");
    return handle_;
}

std::string Socket::Endpoint(const Napi::CallbackInfo& info) const {
    if (!info[0].IsString()) ThrowType(info.Env(), "address", "a string");
    std::string endpoint = info[0].As<Napi::String>().Utf8Value();
    if (endpoint.find('\0') != std::string::npos) {
        throw Napi::TypeError::New(info.Env(), "address must not contain NUL characters");
    }
    return endpoint;
}

void Socket::Bind(const Napi::CallbackInfo& info) {
    auto socket = Open(info.Env());
    auto endpoint = Endpoint(info);
    if (int error = Retry([&] { return zmq_bind(socket, endpoint.c_str()); })) {
        ThrowZmq(info.Env(), error, endpoint);
    }
    endpoints_++;
}

void Socket::Unbind(const Napi::CallbackInfo& info) {
    auto socket = Open(info.Env());
    auto endpoint = Endpoint(info);
    if (int error = Retry([&] { return zmq_unbind(socket, endpoint.c_str()); })) {
        ThrowZmq(info.Env(), error, endpoint);
    }
    endpoints_--;
}

void Socket::Connect(const Napi::CallbackInfo& info) {
    auto socket = Open(info.Env());
    auto endpoint = Endpoint(info);
    if (int error = Retry([&] { return zmq_connect(socket, endpoint.c_str()); })) {
        ThrowZmq(info.Env(), error, endpoint);
    }
    endpoints_++;
}

void Socket::Disconnect(const Napi::CallbackInfo& info) {
    auto socket = Open(info.Env());
    auto endpoint = Endpoint(info);
    if (int error = Retry([&] { return zmq_disconnect(socket, endpoint.c_str()); })) {
        ThrowZmq(info.Env(), error, endpoint);
    }
    endpoints_--;
}

// connectPeer(address: string): number
// PEER: connects and returns the routing id that addresses that peer.
Napi::Value Socket::ConnectPeer(const Napi::CallbackInfo& info) {
    auto socket = Open(info.Env());
    auto endpoint = Endpoint(info);
    uint32_t routing_id = 0;
#ifdef ZMQ_BUILD_DRAFT_API
    routing_id = zmq_connect_peer(socket, endpoint.c_str());
    if (routing_id == 0) ThrowZmq(info.Env(), zmq_errno(), endpoint);
#else
    (void)socket;
    ThrowZmq(info.Env(), ENOTSUP, endpoint);
#endif
    endpoints_++;
    return Napi::Number::New(info.Env(), routing_id);
}

// join(group: string | Buffer), leave(group): DISH membership.
void Socket::Join(const Napi::CallbackInfo& info) {
#ifdef ZMQ_BUILD_DRAFT_API
    ChangeMembership(info, zmq_join);
#else
    ThrowZmq(info.Env(), ENOTSUP);
#endif
}

void Socket::Leave(const Napi::CallbackInfo& info) {
#ifdef ZMQ_BUILD_DRAFT_API
    ChangeMembership(info, zmq_leave);
#else
    ThrowZmq(info.Env(), ENOTSUP);
#endif
}

void Socket::ChangeMembership(const Napi::CallbackInfo& info, int (*change)(void*, const char*)) {
    auto socket = Open(info.Env());
    auto group = GroupBytes(info.Env(), info[0]);
    if (int error = Retry([&] { return change(socket, group.c_str()); })) ThrowZmq(info.Env(), error);
    // A join or leave is a command to the peers; the socket may have processed others meanwhile.
    readiness_->AfterIo();
}

void Socket::JsClose(const Napi::CallbackInfo&) { Close(CloseReason::User); }

// The environment's loans when argument `index` is true: the caller lends
// its buffers (`copy: false`).
BufferLoans* Socket::LoansFor(const Napi::CallbackInfo& info, size_t index) {
    if (info.Length() <= index || !info[index].ToBoolean()) return nullptr;
    return &Module::Of(info.Env()).Loans();
}

void Socket::SetProperties(const Napi::CallbackInfo& info, OutgoingMessage& message) const {
    auto env = info.Env();
    bool routed = !info[1].IsUndefined();
    bool grouped = !info[2].IsUndefined() && !info[2].IsNull();
    if (!routed && !grouped) return;
    if (message.Frames() != 1) throw Napi::TypeError::New(env, "message must have exactly one frame");
    if (routed) {
        if (!info[1].IsNumber()) ThrowType(env, "routingId", "a number");
        message.SetRoutingId(env, info[1].As<Napi::Number>().Uint32Value());
    }
    if (grouped) {
        message.SetGroup(env, GroupBytes(env, info[2]));
    }
}

// send(message: Frame | Frame[], routingId?: number, group?: string, lend?: boolean): boolean
// True when libzmq took the whole message; false (nothing sent) when it would
// block. The routing id and group are message properties of the draft sockets;
// `lend` passes large frames without a copy (buffer_loans.h).
Napi::Value Socket::Send(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    auto socket = Open(env);
    OutgoingMessage message(env, info[0], LoansFor(info, 3));
    if (info.Length() > 1) SetProperties(info, message);
    int error = message.Send(socket);
    if (error == EAGAIN) {
        readiness_->AfterWouldBlock(ZMQ_POLLOUT);
        return Napi::Boolean::New(env, false);
    }
    readiness_->AfterIo();
    if (error != 0) ThrowZmq(env, error);
    return Napi::Boolean::New(env, true);
}

// sendPacked(data: Uint8Array, layout: Uint32Array, frames: number, large: Frame[], lend?: boolean): number
// Sends the messages of a packed batch (lib/outgoing.ts) until libzmq would
// block; returns how many it took. `layout` holds a (length, flags) pair per
// frame, for `frames` frames: a frame's bytes come next in `data`, or, when it
// is flagged external, it is the next value of `large`. An error after at
// least one message was taken is left for the next call (it will recur), so
// the count is never lost.
Napi::Value Socket::SendPacked(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    auto socket = Open(env);
    const uint8_t* data = nullptr;
    const uint32_t* layout = nullptr;
    size_t data_size = 0, layout_size = 0;
    if (!TypedArrayElements(env, info[0], napi_uint8_array, &data, &data_size)) ThrowType(env, "data", "a Uint8Array");
    if (!TypedArrayElements(env, info[1], napi_uint32_array, &layout, &layout_size)) ThrowType(env, "layout", "a Uint32Array");
    uint32_t frames = info[2].As<Napi::Number>().Uint32Value();
    if (!info[3].IsArray()) ThrowType(env, "large", "an array");
    if (size_t{frames} * 2 > layout_size) throw Napi::RangeError::New(env, "layout is shorter than frames");
    napi_value large = info[3];
    BufferLoans* loans = LoansFor(info, 4);

    size_t offset = 0;
    uint32_t next_large = 0;
    uint32_t sent = 0;
    for (uint32_t first = 0; first < frames;) {
        uint32_t end = first;
        while (end + 1 < frames && (layout[end * 2 + 1] & kFrameMore) != 0) end++;
        end++;  // one past the message's last frame

        OutgoingMessage message(end - first);
        try {
            for (uint32_t index = first; index < end; index++) {
                uint32_t size = layout[index * 2];
                if ((layout[index * 2 + 1] & kFrameExternal) != 0) {
                    napi_value frame;
                    Check(env, napi_get_element(env, large, next_large++, &frame));
                    message.AddValue(env, frame, loans);
                } else {
                    if (size > data_size - offset) throw Napi::RangeError::New(env, "layout runs past data");
                    message.AddBytes(env, data + offset, size);
                    offset += size;
                }
            }
        } catch (...) {
            if (sent > 0) break;  // reported by the next call, when it is the first
            throw;
        }
        int error = message.Send(socket);
        if (error != 0) {
            if (error == EAGAIN) {
                if (sent > 0) readiness_->AfterIo();
                readiness_->AfterWouldBlock(ZMQ_POLLOUT);
                return Napi::Number::New(env, sent);
            }
            readiness_->AfterIo();
            if (sent > 0) return Napi::Number::New(env, sent);
            ThrowZmq(env, error);
        }
        sent++;
        first = end;
    }
    readiness_->AfterIo();
    return Napi::Number::New(env, sent);
}

// receive(max: number, metadata?: string[]): [data: Buffer, layout: Uint32Array, ...] | null
// (see incoming.h)
Napi::Value Socket::Receive(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    auto socket = Open(env);
    uint32_t max = info[0].IsNumber() ? info[0].As<Napi::Number>().Uint32Value() : 1;
    MetadataNames metadata = ParseMetadataNames(env, info[1]);
    try {
        auto batch = ReceiveBatch(env, socket, max == 0 ? 1 : max, property_, metadata);
        if (batch.IsNull()) {
            readiness_->AfterWouldBlock(ZMQ_POLLIN);
        } else {
            readiness_->AfterIo();
        }
        return batch;
    } catch (...) {
        readiness_->AfterIo();
        throw;
    }
}

// getOption(id: number, kind: OptionKind): number | bigint | string | Buffer
Napi::Value Socket::GetOption(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    auto socket = Open(env);
    int id = info[0].As<Napi::Number>().Int32Value();
    int kind = info[1].As<Napi::Number>().Int32Value();

    switch (kind) {
        case kInt32: {
            int value = 0;
            size_t size = sizeof(value);
            if (int error = Retry([&] { return zmq_getsockopt(socket, id, &value, &size); })) {
                ThrowZmq(env, error);
            }
            return Napi::Number::New(env, value);
        }
        case kInt64: {
            int64_t value = 0;
            size_t size = sizeof(value);
            if (int error = Retry([&] { return zmq_getsockopt(socket, id, &value, &size); })) {
                ThrowZmq(env, error);
            }
            return Int64ToJs(env, value);
        }
        case kUint64: {
            uint64_t value = 0;
            size_t size = sizeof(value);
            if (int error = Retry([&] { return zmq_getsockopt(socket, id, &value, &size); })) {
                ThrowZmq(env, error);
            }
            return Uint64ToJs(env, value);
        }
        case kCurveKey: {
            char key[41] = {};
            size_t size = sizeof(key);
            if (int error = Retry([&] { return zmq_getsockopt(socket, id, key, &size); })) {
                ThrowZmq(env, error);
            }
            return Napi::String::New(env, key, 40);
        }
        case kBinary:
        case kString: {
            // Large enough for every libzmq option value (endpoints, ids <= 255).
            std::vector<char> value(4096);
            size_t size = value.size();
            if (int error = Retry([&] { return zmq_getsockopt(socket, id, value.data(), &size); })) {
                ThrowZmq(env, error);
            }
            if (kind == kBinary) return Napi::Buffer<char>::Copy(env, value.data(), size);
            // libzmq counts the terminating NUL of string options.
            if (size > 0 && value[size - 1] == '\0') size--;
            return Napi::String::New(env, value.data(), size);
        }
        default:
            throw Napi::TypeError::New(env, "Unknown option kind");
    }
}

// setOption(id: number, kind: OptionKind, value)
void Socket::SetOption(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    auto socket = Open(env);
    int id = info[0].As<Napi::Number>().Int32Value();
    int kind = info[1].As<Napi::Number>().Int32Value();
    auto value = info[2];

    int error = 0;
    switch (kind) {
        case kInt32: {
            int number = value.As<Napi::Number>().Int32Value();
            error = Retry([&] { return zmq_setsockopt(socket, id, &number, sizeof(number)); });
            break;
        }
        case kInt64:
        case kUint64: {
            bool lossless = true;
            int64_t number = 0;
            if (value.IsBigInt()) {
                number = kind == kInt64
                             ? value.As<Napi::BigInt>().Int64Value(&lossless)
                             : static_cast<int64_t>(value.As<Napi::BigInt>().Uint64Value(&lossless));
            } else {
                number = value.As<Napi::Number>().Int64Value();
            }
            if (!lossless) throw Napi::RangeError::New(env, "Option value is out of range");
            error = Retry([&] { return zmq_setsockopt(socket, id, &number, sizeof(number)); });
            break;
        }
        case kBinary:
        case kString:
        case kCurveKey: {
            std::string bytes = OptionBytes(env, value);
            error = Retry([&] {
                return zmq_setsockopt(socket, id, bytes.empty() ? nullptr : bytes.data(), bytes.size());
            });
            break;
        }
        default:
            throw Napi::TypeError::New(env, "Unknown option kind");
    }
    if (error != 0) ThrowZmq(env, error);
    // Options such as ZMQ_SUBSCRIBE or ZMQ_CONFLATE can change readiness.
    readiness_->AfterIo();
}

// watch(interest: number) with ZMQ_POLLIN (1) / ZMQ_POLLOUT (2) bits.
void Socket::Watch(const Napi::CallbackInfo& info) {
    Open(info.Env());
    int interest = info[0].As<Napi::Number>().Int32Value() & (ZMQ_POLLIN | ZMQ_POLLOUT);
    if (interest != 0 && !on_ready_strong_) {
        on_ready_.Ref();
        on_ready_strong_ = true;
    } else if (interest == 0 && on_ready_strong_) {
        on_ready_.Unref();
        on_ready_strong_ = false;
    }
    readiness_->Watch(interest);
}

void Socket::Ref(const Napi::CallbackInfo& info) {
    Open(info.Env());
    readiness_->SetRef(true);
}

void Socket::Unref(const Napi::CallbackInfo& info) {
    Open(info.Env());
    readiness_->SetRef(false);
}

Napi::Value Socket::Events(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    // Closed, or in a proxy's hands (its thread alone may touch the socket).
    if (handle_ == nullptr || proxy_ != nullptr) return Napi::Number::New(env, 0);
    int events = 0;
    size_t size = sizeof(events);
    if (int error = Retry([&] { return zmq_getsockopt(handle_, ZMQ_EVENTS, &events, &size); })) {
        ThrowZmq(env, error);
    }
    // The read consumed the FD's edge: a pending operation that is now
    // ready would otherwise never hear of it.
    readiness_->AfterEventsRead(events);
    return Napi::Number::New(env, events);
}

Napi::Value Socket::Closed(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), handle_ == nullptr);
}

void Socket::OnReady(int events) { CallOnReady(events); }

// The handler is called through CallSafely (util/callback.h): this runs from
// a libuv callback, also while a worker is being terminated, and nothing here
// may throw or abort.
void Socket::CallOnReady(int value) { CallSafely(on_ready_, value); }

}  // namespace zmqnapi
