// Calling a JS callback from a libuv callback, safely.
#pragma once

#include <napi.h>

namespace zmqnapi {

// Calls `callback` through napi_make_callback, so that promise
// continuations run before the loop services the next handle. Written against
// the C API: node-addon-api turns a failed call into a C++ exception, and
// while a worker is terminated (or calls process.exit()) every call into JS
// fails, at any moment; nothing here may throw or abort then. An exception
// the callback itself threw (handlers never throw by design) is reported as
// uncaught; an environment that is stopping refuses that too, and then there
// is nobody left to tell.
//
// `make_args(env, argv)` writes at most one argument into `argv` and returns
// how many it wrote, or -1 when it could not create them.
template <typename MakeArgs>
void CallSafely(const Napi::FunctionReference& callback, MakeArgs make_args) {
    if (callback.IsEmpty()) return;
    napi_env env = callback.Env();
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;
    // Handlers are arrow functions; the receiver only has to be an object.
    napi_value handler = nullptr, receiver, result;
    napi_value argv[1];
    int argc = -1;
    if (napi_get_reference_value(env, callback, &handler) == napi_ok && handler != nullptr &&
        napi_get_global(env, &receiver) == napi_ok && (argc = make_args(env, argv)) >= 0) {
        if (napi_make_callback(env, nullptr, receiver, handler, argc, argv, &result) != napi_ok) {
            bool pending = false;
            napi_value error;
            if (napi_is_exception_pending(env, &pending) == napi_ok && pending &&
                napi_get_and_clear_last_exception(env, &error) == napi_ok) {
                napi_fatal_exception(env, error);
            }
        }
    }
    napi_close_handle_scope(env, scope);
}

// The common case: one int argument (ZMQ_EVENTS bits, an errno, ...).
inline void CallSafely(const Napi::FunctionReference& callback, int value) {
    CallSafely(callback, [value](napi_env env, napi_value* argv) -> int {
        return napi_create_int32(env, value, &argv[0]) == napi_ok ? 1 : -1;
    });
}

}  // namespace zmqnapi
