// Closing the addon's libuv handles.
//
// Every handle is closed through CloseHandle, which counts the closes still
// to complete on the calling thread, so that an environment's teardown can
// wait for their callbacks (WhenHandlesClosed, from the module's async
// cleanup hook). It must: when only a worker loaded the addon, Node unloads
// it as soon as that worker's environment is freed, and a close callback
// left for the loop's final turn would run in unmapped code (SIGSEGV).
#pragma once

#include <uv.h>

#include <functional>

namespace zmqnapi {

// uv_close(handle), then `closed` (may be null) once libuv is done with it.
void CloseHandle(uv_handle_t* handle, void (*closed)(uv_handle_t*));

// Closes a handle that is an allocation of its own, and deletes it after.
template <typename Handle>
void CloseAndDelete(Handle* handle) {
    CloseHandle(reinterpret_cast<uv_handle_t*>(handle),
                [](uv_handle_t* done) { delete reinterpret_cast<Handle*>(done); });
}

// Calls `done` once every handle this thread closed has finished closing
// (at once if none is pending).
void WhenHandlesClosed(std::function<void()> done);

}  // namespace zmqnapi
