// DescriptorWatch: waits until a plain file descriptor (a pipe, a socket of
// some other library) is readable or writable, as zmq_poll does for the
// descriptors among its items. lib/poller.ts creates one per descriptor for
// the length of one wait and closes it when the wait ends.
//
// It polls a dup() of the descriptor, not the descriptor itself: libuv allows
// one watcher per descriptor in a loop, and the caller's descriptor may be
// watched already (by Node, or by another wait on it). The duplicate refers to
// the same open file, so its readiness is the same, and it is closed with the
// watch, so it never keeps the file open longer than the wait.
//
// Like a waiting socket, a watch keeps the event loop alive until it closes.
#pragma once

#include <napi.h>
#include <uv.h>

namespace zmqnapi {

class Module;

class DescriptorWatch : public Napi::ObjectWrap<DescriptorWatch> {
public:
    static Napi::Function Define(Napi::Env env);

    // new DescriptorWatch(fd: number, interest: number, onReady: (events: number) => void)
    // `interest` and the events reported are ZMQ_POLLIN/ZMQ_POLLOUT bits.
    explicit DescriptorWatch(const Napi::CallbackInfo& info);
    ~DescriptorWatch() override;

    // Stops watching and closes the duplicate; no callback runs afterwards.
    // With `process_exit` the loop is gone for good: the handle is left alone.
    void Close(bool process_exit);

private:
    struct Handle;

    void JsClose(const Napi::CallbackInfo& info);
    void OnPoll(int status, int events);

    Module* module_;
    Handle* handle_ = nullptr;
    int fd_ = -1;
    int interest_ = 0;
    // Held strongly while the watch is open: a waiting poller must not be
    // garbage collected.
    Napi::FunctionReference on_ready_;
};

}  // namespace zmqnapi
