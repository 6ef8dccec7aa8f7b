// Turning libzmq failures and bad arguments into JS exceptions.
//
// Every libzmq failure becomes an Error carrying `code` ("EAGAIN", "ETERM", ...),
// `errno` and libzmq's own message text, plus `address` when an endpoint was
// involved. Argument problems throw TypeError/RangeError naming the argument.
#pragma once

#include <napi.h>

#include <string>

namespace zmqnapi {

// The symbolic name of an errno value as libzmq reports it ("EAGAIN", "EFSM", ...).
const char* ErrnoCode(int error);

// An Error for libzmq's current errno (or `error` when given).
Napi::Error ZmqError(Napi::Env env, int error);
Napi::Error ZmqError(Napi::Env env, int error, const std::string& address);

// An Error for an errno value with our own message, for conditions we detect
// ourselves (a closed socket, a closed context).
Napi::Error CodeError(Napi::Env env, int error, const std::string& message);

[[noreturn]] void ThrowZmq(Napi::Env env, int error);
[[noreturn]] void ThrowZmq(Napi::Env env, int error, const std::string& address);

// Throws when a raw Node-API call failed: its pending JS exception, or an
// Error describing the failure. Every status is checked, because while an
// environment stops (worker.terminate(), process.exit() in a worker) any
// call may fail at any moment, and an unchecked out-parameter is garbage.
inline void Check(Napi::Env env, napi_status status) {
    if (status != napi_ok) throw Napi::Error::New(env);
}

// TypeError "<what> must be <expected>".
[[noreturn]] void ThrowType(Napi::Env env, const std::string& what, const char* expected);

}  // namespace zmqnapi
