// BufferLoans: zero-copy sends. A frame sent with `copy: false` is not copied:
// libzmq gets a pointer to the caller's bytes (zmq_msg_init_data) and the JS
// buffer is kept alive by a reference until libzmq lets go of the message.
//
// libzmq lets go on whatever thread closes the message, usually its I/O
// thread once the bytes are on the wire. JS references can only be dropped on
// the thread that owns them, so the release is queued and a uv_async wakes
// that thread to drop the references.
//
// Two rules keep freed memory out of libzmq's reach:
// - An environment that goes away (worker exit, the main thread's natural
//   exit) first waits until libzmq has let go of every buffer it lent
//   (WaitForReturns, from the environment's cleanup hook): V8 frees the
//   buffers right after. process.exit() frees nothing before the exit
//   handler has waited for the contexts (termination.h), so it needs no wait.
// - A lent frame never becomes a JS Buffer on the receiving side: over
//   inproc, libzmq hands the receiver the sender's very message, and a
//   receiver (in this thread or another) holding it could keep a sender's
//   environment from ever finishing its exit, or read it after. The receiver
//   copies frames whose bytes are lent (IsLent).
#pragma once

#include <napi.h>
#include <uv.h>
#include <zmq.h>

#include <condition_variable>
#include <mutex>
#include <vector>

namespace zmqnapi {

class BufferLoans {
public:
    BufferLoans(napi_env env, uv_loop_t* loop);
    ~BufferLoans();

    BufferLoans(const BufferLoans&) = delete;
    BufferLoans& operator=(const BufferLoans&) = delete;

    // Frames smaller than this are copied even when lending was asked for: a
    // copy costs less than the reference, the hand-back and the wake-up.
    static constexpr size_t kMinimumBytes = 8 * 1024;

    // Initialises `msg` over the bytes of `frame` when it is a typed array or
    // DataView of at least kMinimumBytes; false (nothing done) otherwise.
    bool Lend(Napi::Env env, napi_value frame, zmq_msg_t* msg);

    // Whether `data` is the start of a buffer some environment lent and
    // libzmq still holds (any thread; cheap while nothing is lent).
    static bool IsLent(const void* data);

    // Blocks until libzmq has let go of every buffer lent here, dropping
    // their references; then closes the wake-up handle. Cleanup hook only.
    void WaitForReturns();

private:
    struct Loan;
    static void Returned(void* data, void* hint);
    void DropReturned();

    uv_async_t* wakeup_;
    std::mutex mutex_;
    std::condition_variable all_returned_;
    size_t outstanding_ = 0;         // lent and not yet returned by libzmq
    std::vector<Loan*> returned_;    // returned, reference not yet dropped
    napi_env env_;
};

}  // namespace zmqnapi
