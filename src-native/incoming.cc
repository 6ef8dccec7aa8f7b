#include "incoming.h"

#include <zmq.h>

#include <cerrno>

#include "util/errors.h"

namespace zmqnapi {

namespace {

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
        zmq_msg_close(msg);
        ThrowZmq(env, error);
    }
    return true;
}

}  // namespace

Napi::Array ReceiveBatch(Napi::Env env, void* socket, uint32_t max) {
    auto messages = Napi::Array::New(env);
    zmq_msg_t msg;
    zmq_msg_init(&msg);

    for (uint32_t count = 0; count < max; count++) {
        if (!ReceiveFrame(env, socket, &msg, count > 0)) break;
        auto parts = Napi::Array::New(env);
        for (uint32_t index = 0;; index++) {
            auto data = static_cast<const uint8_t*>(zmq_msg_data(&msg));
            parts.Set(index, Napi::Buffer<uint8_t>::Copy(env, data, zmq_msg_size(&msg)));
            if (!zmq_msg_more(&msg)) break;
            ReceiveFrame(env, socket, &msg, false);
        }
        messages.Set(count, parts);
    }

    zmq_msg_close(&msg);
    return messages;
}

}  // namespace zmqnapi
