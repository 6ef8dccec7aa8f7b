#include "termination.h"

#include <zmq.h>

#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <mutex>
#include <system_error>
#include <thread>

namespace zmqnapi {

namespace {

struct Termination {
    std::thread thread;
    bool done = false;
    // A context whose ZMQ_BLOCKY is on: the exit warning suggests turning it
    // off (for a context where it is off already, that would be no advice).
    bool blocky = false;
};

// Deliberately heap-allocated and never destroyed: static destructors run
// during exit(), while the exit handler may still wait on these threads.
struct Terminations {
    std::mutex mutex;
    std::condition_variable finished;
    std::list<Termination> running;
    void (*close_environment)() = nullptr;
    bool installed = false;
};

Terminations& All() {
    static auto* all = new Terminations();
    return *all;
}

// Joins the threads that are done (they no longer need the lock); the caller
// holds the lock.
void ReapFinished(Terminations& all) {
    for (auto it = all.running.begin(); it != all.running.end();) {
        if (it->done) {
            it->thread.join();
            it = all.running.erase(it);
        } else {
            ++it;
        }
    }
}

// The text the `zeromq` package prints, so tooling that watches for it keeps
// working; like `zeromq`, it suggests `blocky = false` only when a context
// still waited for has it on.
void WarnWaiting(bool blocky) {
    std::fprintf(stderr, "(node:%d) WARNING: Waiting for queued ZeroMQ messages to be delivered.%s\n",
                 static_cast<int>(getpid()),
                 blocky ? " Set 'context.blocky = false' to change this behaviour." : "");
}

// Whether a termination still running is of a blocky context; the caller
// holds the lock.
bool AnyBlocky(const Terminations& all) {
    for (const auto& termination : all.running) {
        if (!termination.done && termination.blocky) return true;
    }
    return false;
}

void OnExit() {
    auto& all = All();
    void (*close_environment)() = nullptr;
    {
        std::lock_guard<std::mutex> lock(all.mutex);
        close_environment = all.close_environment;
    }
    // Outside the lock: closing contexts starts new terminations.
    if (close_environment != nullptr) close_environment();

    std::unique_lock<std::mutex> lock(all.mutex);
    auto all_done = [&all] {
        ReapFinished(all);
        return all.running.empty();
    };
    // A system_clock deadline, not wait_for(): libstdc++ waits for a steady_clock one with
    // pthread_cond_clockwait, which needs glibc 2.30, while system_clock uses
    // pthread_cond_timedwait and keeps the prebuild's glibc floor at Node's own (2.28). A clock
    // step during this half second only moves the moment the warning prints.
    if (!all.finished.wait_until(lock, std::chrono::system_clock::now() + kExitWarningDelay, all_done)) {
        WarnWaiting(AnyBlocky(all));
        all.finished.wait(lock, all_done);
    }
}

}  // namespace

bool RunTracked(std::function<void()> body, bool blocky_context) {
    auto& all = All();
    std::lock_guard<std::mutex> lock(all.mutex);
    ReapFinished(all);
    all.running.emplace_back();
    Termination* termination = &all.running.back();  // list nodes never move
    termination->blocky = blocky_context;
    try {
        termination->thread = std::thread([termination, body = std::move(body)] {
            body();
            auto& all = All();
            std::lock_guard<std::mutex> lock(all.mutex);
            termination->done = true;
            all.finished.notify_all();
        });
    } catch (const std::system_error&) {
        // An entry without a thread would never be done: exit would wait forever.
        all.running.pop_back();
        return false;
    }
    return true;
}

void TerminateContext(void* context) {
    auto terminate = [context] {
        while (zmq_ctx_term(context) != 0 && zmq_errno() == EINTR) {
        }
    };
    // Without a thread the caller waits for the lingering messages itself:
    // better late than a context that never ends.
    if (!RunTracked(terminate, zmq_ctx_get(context, ZMQ_BLOCKY) > 0)) terminate();
}

void InstallExitHandler(void (*close_environment)()) {
    auto& all = All();
    std::lock_guard<std::mutex> lock(all.mutex);
    if (all.installed) return;
    all.installed = true;
    all.close_environment = close_environment;
    std::atexit(OnExit);
}

}  // namespace zmqnapi
