// Calling a JS callback from a libuv callback, safely.
#pragma once

#include <napi.h>

namespace zmqnapi {

// Calls `callback(value)` through napi_make_callback, so that promise
// continuations run before the loop services the next handle. Written against
// the C API: node-addon-api turns a failed call into a C++ exception, and
// while a worker is terminated (or calls process.exit()) every call into JS
// fails, at any moment; nothing here may throw or abort then. An exception
// the callback itself threw (handlers never throw by design) is reported as
// uncaught; an environment that is stopping refuses that too, and then there
// is nobody left to tell.
inline void CallSafely(const Napi::FunctionReference& callback, int value) {
    if (callback.IsEmpty()) return;
    napi_env env = callback.Env();
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;
    // Handlers are arrow functions; the receiver only has to be an object.
    napi_value handler = nullptr, argument, receiver, result;
    if (napi_get_reference_value(env, callback, &handler) == napi_ok && handler != nullptr &&
        napi_create_int32(env, value, &argument) == napi_ok &&
        napi_get_global(env, &receiver) == napi_ok) {
        if (napi_make_callback(env, nullptr, receiver, handler, 1, &argument, &result) != napi_ok) {
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

}  // namespace zmqnapi
