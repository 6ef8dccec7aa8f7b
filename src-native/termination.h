// Termination: how libzmq contexts end, and how the process waits for them.
//
// zmq_ctx_term blocks until every socket's linger has run out, so it never
// runs on a JS thread: each context ends on a thread of its own. Those
// threads are tracked, not detached, because `linger` is a promise to the
// user: messages libzmq accepted are delivered (or dropped) as linger says,
// whichever way the process leaves. A detached thread dies with the process
// and silently loses whatever was still queued. A running proxy's thread
// (proxy.h) is tracked the same way: it closes its sockets when it ends, and
// the contexts cannot finish before that.
//
// The process waits for them at exit(), which every exit path reaches: a
// natural exit of the main thread and process.exit() alike (Node runs no
// environment cleanup hooks on process.exit(), so the exit handler also
// closes whatever the exiting thread's environment left open). A wait longer
// than kExitWarningDelay says so once on stderr, in the `zeromq` package's
// words (which suggest `context.blocky = false` only where it is on).
#pragma once

#include <chrono>
#include <functional>

namespace zmqnapi {

// Terminates `context` (a zmq_ctx handle whose sockets are all closed) on a
// tracked thread; the process will not exit before it is done.
void TerminateContext(void* context);

// Runs `body` on a new tracked thread: the process will not exit before
// `body` has returned (a running proxy's thread, proxy.h). False, with
// nothing started, when the system cannot create a thread. `blocky_context`:
// `body` terminates a context with ZMQ_BLOCKY on (for the exit warning).
bool RunTracked(std::function<void()> body, bool blocky_context = false);

// Installs the process's exit handler (once; later calls do nothing). It
// first runs `close_environment` (closes what the exiting thread left open,
// touching neither JS nor libuv), then waits for every termination.
void InstallExitHandler(void (*close_environment)());

// How long an exiting process waits silently for lingering messages.
constexpr std::chrono::milliseconds kExitWarningDelay{500};

}  // namespace zmqnapi
