#include "buffer_loans.h"

#include <atomic>
#include <unordered_map>

#include "outgoing.h"
#include "util/handles.h"
#include "util/errors.h"

namespace zmqnapi {

// What libzmq holds for one lent frame, handed back to Returned().
struct BufferLoans::Loan {
    BufferLoans* owner;
    napi_ref ref;
    const void* data;
};

namespace {

// Every buffer lent by any environment and not yet returned, by address (a
// buffer sent twice is lent twice). Never destroyed: libzmq's threads may
// return loans while the process exits.
struct LentBuffers {
    std::atomic<size_t> count{0};
    std::mutex mutex;
    std::unordered_map<const void*, size_t> loans;
};

LentBuffers& Lent() {
    static auto* lent = new LentBuffers();
    return *lent;
}

}  // namespace

BufferLoans::BufferLoans(napi_env env, uv_loop_t* loop) : wakeup_(new uv_async_t), env_(env) {
    uv_async_init(loop, wakeup_, [](uv_async_t* handle) { static_cast<BufferLoans*>(handle->data)->DropReturned(); });
    wakeup_->data = this;
    // Dropping references only frees memory: it never keeps the process alive.
    uv_unref(reinterpret_cast<uv_handle_t*>(wakeup_));
}

BufferLoans::~BufferLoans() {
    // WaitForReturns closed the handle; a BufferLoans that never got there (the
    // process exits) is never destroyed either.
}

bool BufferLoans::Lend(Napi::Env env, napi_value frame, zmq_msg_t* msg) {
    void* data = nullptr;
    size_t size = 0;
    if (!ViewBytes(env, frame, &data, &size)) return false;
    if (size < kMinimumBytes) return false;

    auto loan = new Loan{this, nullptr, data};
    napi_status status = napi_create_reference(env, frame, 1, &loan->ref);
    if (status != napi_ok) {
        delete loan;
        Check(env, status);
    }
    {
        auto& lent = Lent();
        std::lock_guard<std::mutex> lock(lent.mutex);
        lent.loans[data]++;
        lent.count++;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        outstanding_++;
    }
    if (zmq_msg_init_data(msg, data, size, Returned, loan) != 0) {
        int error = zmq_errno();
        Returned(data, loan);
        ThrowZmq(env, error);
    }
    return true;
}

bool BufferLoans::IsLent(const void* data) {
    auto& lent = Lent();
    if (lent.count.load(std::memory_order_acquire) == 0) return false;
    std::lock_guard<std::mutex> lock(lent.mutex);
    return lent.loans.count(data) != 0;
}

// libzmq is done with a lent frame: on its I/O thread, or on the JS thread
// when a message is closed unsent.
void BufferLoans::Returned(void*, void* hint) {
    auto loan = static_cast<Loan*>(hint);
    {
        auto& lent = Lent();
        std::lock_guard<std::mutex> lock(lent.mutex);
        auto entry = lent.loans.find(loan->data);
        if (--entry->second == 0) lent.loans.erase(entry);
        lent.count--;
    }
    BufferLoans* loans = loan->owner;
    std::lock_guard<std::mutex> lock(loans->mutex_);
    loans->returned_.push_back(loan);
    if (--loans->outstanding_ == 0) loans->all_returned_.notify_all();
    // Under the lock: WaitForReturns closes the handle only once nothing is
    // outstanding, which it checks under the same lock.
    if (loans->wakeup_ != nullptr) uv_async_send(loans->wakeup_);
}

// On the JS thread: the references of returned loans go, and with them,
// unless JS still holds them, the buffers.
void BufferLoans::DropReturned() {
    std::vector<Loan*> returned;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        returned.swap(returned_);
    }
    for (auto* loan : returned) {
        napi_delete_reference(env_, loan->ref);
        delete loan;
    }
}

void BufferLoans::WaitForReturns() {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        all_returned_.wait(lock, [this] { return outstanding_ == 0; });
        CloseAndDelete(wakeup_);
        wakeup_ = nullptr;
    }
    DropReturned();
}

}  // namespace zmqnapi
