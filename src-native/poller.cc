#include "poller.h"

#include <zmq.h>

#include <cerrno>
#include <string>
#include <vector>

#include "module.h"
#include "socket.h"
#include "util/errors.h"

namespace zmqnapi {

namespace {

// The elements of an Int32Array with at least `count` of them.
int32_t* Int32Elements(Napi::Env env, Napi::Value value, const char* name, uint32_t count) {
    if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_int32_array) {
        ThrowType(env, name, "an Int32Array");
    }
    auto array = value.As<Napi::Int32Array>();
    if (array.ElementLength() < count) throw Napi::RangeError::New(env, std::string(name) + " is shorter than items");
    return array.Data();
}

}  // namespace

Napi::Value PollNow(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    auto& module = Module::Of(env);
    if (!info[0].IsArray()) ThrowType(env, "items", "an array");
    auto items = info[0].As<Napi::Array>();
    uint32_t count = items.Length();
    int32_t* events = Int32Elements(env, info[1], "events", count);
    int32_t* revents = Int32Elements(env, info[2], "revents", count);

    std::vector<zmq_pollitem_t> poll(count);
    std::vector<Socket*> sockets(count, nullptr);
    auto socket_class = module.SocketClass.Value();
    for (uint32_t index = 0; index < count; index++) {
        Napi::Value item = items.Get(index);
        auto& entry = poll[index];
        if (item.IsNumber()) {
            entry.fd = item.As<Napi::Number>().Int32Value();
            entry.events = static_cast<short>(events[index] & (ZMQ_POLLIN | ZMQ_POLLOUT));
        } else if (item.IsObject() && item.As<Napi::Object>().InstanceOf(socket_class)) {
            auto socket = Socket::Unwrap(item.As<Napi::Object>());
            // A running proxy's thread alone may touch its sockets (proxy.h).
            if (socket->Lender() != nullptr) throw CodeError(env, EBUSY, "Socket is in use by a proxy");
            if (socket->Handle() == nullptr) throw CodeError(env, EBADF, "Socket is closed");
            sockets[index] = socket;
            entry.socket = socket->Handle();
            entry.events = ZMQ_POLLIN | ZMQ_POLLOUT;
        } else {
            ThrowType(env, "items[" + std::to_string(index) + "]", "a Socket or a file descriptor");
        }
    }

    int error = 0;
    while (zmq_poll(poll.data(), static_cast<int>(count), 0) < 0) {
        error = zmq_errno();
        if (error != EINTR) break;
        error = 0;
    }
    for (uint32_t index = 0; index < count; index++) {
        // After a failure (a terminated context) nothing is known: each
        // socket looks again, attempts its operations and meets the error.
        int found = error != 0 ? ZMQ_POLLIN | ZMQ_POLLOUT : poll[index].revents;
        revents[index] = found;
        if (sockets[index] != nullptr) sockets[index]->AfterPoll(found);
    }
    if (error != 0) ThrowZmq(env, error);
    return env.Undefined();
}

}  // namespace zmqnapi
