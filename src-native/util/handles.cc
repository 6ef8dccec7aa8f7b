#include "util/handles.h"

#include <unordered_map>

namespace zmqnapi {

namespace {

// Per thread: each environment (main thread or worker) runs its own loop on
// its own thread, and close callbacks run on that thread.
struct Closing {
    std::unordered_map<uv_handle_t*, void (*)(uv_handle_t*)> callbacks;
    std::function<void()> when_done;
};

thread_local Closing closing;

void Closed(uv_handle_t* handle) {
    auto entry = closing.callbacks.find(handle);
    auto callback = entry->second;
    closing.callbacks.erase(entry);
    if (callback != nullptr) callback(handle);
    if (closing.callbacks.empty() && closing.when_done) {
        auto done = std::move(closing.when_done);
        closing.when_done = nullptr;
        done();
    }
}

}  // namespace

void CloseHandle(uv_handle_t* handle, void (*closed)(uv_handle_t*)) {
    closing.callbacks[handle] = closed;
    uv_close(handle, Closed);
}

void WhenHandlesClosed(std::function<void()> done) {
    if (closing.callbacks.empty()) {
        done();
        return;
    }
    closing.when_done = std::move(done);
}

}  // namespace zmqnapi
