#include "incoming.h"

#include <zmq.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "util/errors.h"

namespace zmqnapi {

namespace {

// Once a batch holds this much data no further message is read into it, which
// bounds the memory a batch pins (a single larger message is still whole).
constexpr size_t kBatchBytes = 256 * 1024;

// Receives one frame; false when the next message cannot be had now: EAGAIN,
// or any error once the batch holds a message (REQ/REP answer EFSM to a second
// receive; the error is raised by the next call instead, with nothing lost).
// libzmq delivers the parts of a multipart message atomically, so only a
// message's first frame can fail.
bool ReceiveFrame(Napi::Env env, void* socket, zmq_msg_t* msg, bool have_some) {
    while (zmq_msg_recv(msg, socket, ZMQ_DONTWAIT) < 0) {
        int error = zmq_errno();
        if (error == EINTR) continue;
        if (error == EAGAIN || have_some) return false;
        ThrowZmq(env, error);
    }
    return true;
}

// The frames of a batch, closed whatever happens.
struct Frames {
    std::vector<zmq_msg_t> msgs;
    ~Frames() {
        for (auto& msg : msgs) zmq_msg_close(&msg);
    }
};

}  // namespace

Napi::Value ReceiveBatch(Napi::Env env, void* socket, uint32_t max) {
    Frames frames;
    size_t bytes = 0;

    for (uint32_t count = 0; count < max && bytes < kBatchBytes; count++) {
        for (bool first = true;; first = false) {
            frames.msgs.emplace_back();
            zmq_msg_t* msg = &frames.msgs.back();
            zmq_msg_init(msg);
            if (!ReceiveFrame(env, socket, msg, first && count > 0)) {
                // Nothing more now (only possible on a message's first frame).
                zmq_msg_close(msg);
                frames.msgs.pop_back();
                goto done;
            }
            bytes += zmq_msg_size(msg);
            if (!zmq_msg_more(msg)) break;
        }
    }
done:
    if (frames.msgs.empty()) return env.Null();

    auto data = Napi::Buffer<uint8_t>::New(env, bytes);
    auto layout = Napi::Uint32Array::New(env, frames.msgs.size() * 2);
    uint8_t* cursor = data.Data();
    for (size_t index = 0; index < frames.msgs.size(); index++) {
        zmq_msg_t* msg = &frames.msgs[index];
        size_t size = zmq_msg_size(msg);
        if (size > 0) std::memcpy(cursor, zmq_msg_data(msg), size);
        cursor += size;
        layout[index * 2] = static_cast<uint32_t>(size);
        layout[index * 2 + 1] = zmq_msg_more(msg) ? 1 : 0;
    }

    auto result = Napi::Array::New(env, 2);
    result.Set(0u, data);
    result.Set(1u, layout);
    return result;
}

}  // namespace zmqnapi
