#include "monitor.h"

#include <zmq.h>

#include <cerrno>
#include <string>

#include "module.h"
#include "socket.h"
#include "util/errors.h"

namespace zmqnapi {

Napi::Value SocketMonitor(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    auto& module = Module::Of(env);
    if (!info[0].IsObject() ||
        !info[0].As<Napi::Object>().InstanceOf(module.SocketClass.Value())) {
        ThrowType(env, "socket", "a Socket");
    }
    void* handle = Socket::Unwrap(info[0].As<Napi::Object>())->Handle();
    if (handle == nullptr) throw CodeError(env, EBADF, "Socket is closed");

    std::string endpoint;
    const char* address = nullptr;
    if (info[1].IsString()) {
        endpoint = info[1].As<Napi::String>().Utf8Value();
        address = endpoint.c_str();
    } else if (!info[1].IsNull() && !info[1].IsUndefined()) {
        ThrowType(env, "endpoint", "a string or null");
    }
    int events = info[2].IsNumber() ? info[2].As<Napi::Number>().Int32Value() : ZMQ_EVENT_ALL;

    while (zmq_socket_monitor(handle, address, events) != 0) {
        int error = zmq_errno();
        if (error == EINTR) continue;
        if (address != nullptr) ThrowZmq(env, error, endpoint);
        ThrowZmq(env, error);
    }
    return env.Undefined();
}

Napi::Value ZmqErrorFor(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    if (!info[0].IsNumber()) ThrowType(env, "errno", "a number");
    return ZmqError(env, info[0].As<Napi::Number>().Int32Value()).Value();
}

}  // namespace zmqnapi
