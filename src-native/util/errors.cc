#include "errors.h"

#include <zmq.h>

#include <cerrno>

namespace zmqnapi {

const char* ErrnoCode(int error) {
    switch (error) {
        // libzmq's own errno values (native to it on every platform).
        case EFSM: return "EFSM";
        case ENOCOMPATPROTO: return "ENOCOMPATPROTO";
        case ETERM: return "ETERM";
        case EMTHREAD: return "EMTHREAD";
        // POSIX values libzmq reports.
        case EAGAIN: return "EAGAIN";
        case EINVAL: return "EINVAL";
        case EBADF: return "EBADF";
        case EBUSY: return "EBUSY";
        case EFAULT: return "EFAULT";
        case EINTR: return "EINTR";
        case EMFILE: return "EMFILE";
        case ENOMEM: return "ENOMEM";
        case ENODEV: return "ENODEV";
        case ENOENT: return "ENOENT";
        case ENOTSUP: return "ENOTSUP";
        case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
        case ENOBUFS: return "ENOBUFS";
        case ENETDOWN: return "ENETDOWN";
        case EADDRINUSE: return "EADDRINUSE";
        case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
        case ECONNREFUSED: return "ECONNREFUSED";
        case EINPROGRESS: return "EINPROGRESS";
        case ENOTSOCK: return "ENOTSOCK";
        case EMSGSIZE: return "EMSGSIZE";
        case EAFNOSUPPORT: return "EAFNOSUPPORT";
        case ENETUNREACH: return "ENETUNREACH";
        case ECONNABORTED: return "ECONNABORTED";
        case ECONNRESET: return "ECONNRESET";
        case ENOTCONN: return "ENOTCONN";
        case ETIMEDOUT: return "ETIMEDOUT";
        case EHOSTUNREACH: return "EHOSTUNREACH";
        case ENETRESET: return "ENETRESET";
        case EHOSTDOWN: return "EHOSTDOWN";
        case EACCES: return "EACCES";
        case ENAMETOOLONG: return "ENAMETOOLONG";
        case ENOTDIR: return "ENOTDIR";
        case EPERM: return "EPERM";
        default: return "EUNKNOWN";
    }
}

Napi::Error CodeError(Napi::Env env, int error, const std::string& message) {
    auto result = Napi::Error::New(env, message);
    result.Set("code", Napi::String::New(env, ErrnoCode(error)));
    result.Set("errno", Napi::Number::New(env, error));
    return result;
}

Napi::Error ZmqError(Napi::Env env, int error) { return CodeError(env, error, zmq_strerror(error)); }

Napi::Error ZmqError(Napi::Env env, int error, const std::string& address) {
    auto result = ZmqError(env, error);
    result.Set("address", Napi::String::New(env, address));
    return result;
}

void ThrowZmq(Napi::Env env, int error) { throw ZmqError(env, error); }

void ThrowZmq(Napi::Env env, int error, const std::string& address) {
    throw ZmqError(env, error, address);
}

void ThrowType(Napi::Env env, const std::string& what, const char* expected) {
    throw Napi::TypeError::New(env, what + " must be " + expected);
}

}  // namespace zmqnapi
