#include "incoming.h"

#include <zmq.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "buffer_loans.h"
#include "util/errors.h"

namespace zmqnapi {

namespace {

// Once a batch holds this much data no further message is read into it, which
// bounds the memory a batch pins (a single larger message is still whole).
// Kept below glibc's mmap threshold: a larger batch Buffer is a fresh mmap
// every time, and zeroing its pages cost 10% of a 64 B receive.
constexpr size_t kBatchBytes = 32 * 1024;

// Frames from this size on are handed over without a copy. Below it, copying
// into the batch is cheaper than an external Buffer (an allocation, a
// finalizer and a GC handle each); measured with bench/, see README.
constexpr size_t kZeroCopyBytes = 64 * 1024;

// Whether a received frame becomes a Buffer of its own over libzmq's memory
// rather than a copy in the batch. Never for bytes lent by a sender in this
// process (an inproc peer): see buffer_loans.h.
bool HandOver(zmq_msg_t* msg) {
    return zmq_msg_size(msg) >= kZeroCopyBytes && !BufferLoans::IsLent(zmq_msg_data(msg));
}

// An external Buffer's finalizer: the message (and libzmq's buffer) it owned.
void FreeMessage(napi_env, void*, void* hint) {
    auto msg = static_cast<zmq_msg_t*>(hint);
    zmq_msg_close(msg);
    delete msg;
}

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

// One message's property: read from its first frame, before that frame's
// zmq_msg_t is handed over to a Buffer.
class Properties {
public:
    Properties(Napi::Env env, MessageProperty property, size_t frames) : env_(env), property_(property) {
        if (property_ == MessageProperty::RoutingId) routing_ids_ = Napi::Uint32Array::New(env, frames);
        if (property_ == MessageProperty::Group) groups_ = Napi::Array::New(env);
    }

    void Add(zmq_msg_t* first_frame) {
#ifdef ZMQ_BUILD_DRAFT_API
        if (property_ == MessageProperty::RoutingId) {
            routing_ids_[count_] = zmq_msg_routing_id(first_frame);
        } else if (property_ == MessageProperty::Group) {
            const char* group = zmq_msg_group(first_frame);
            groups_.Set(count_, Napi::Buffer<char>::Copy(env_, group, std::strlen(group)));
        }
#endif
        count_++;
    }

    // The entries for the batch's messages (a routing-id array is cut to them).
    Napi::Value Value() const {
        if (property_ == MessageProperty::RoutingId) {
            return Napi::Uint32Array::New(env_, count_, routing_ids_.ArrayBuffer(), 0);
        }
        return groups_;
    }

private:
    Napi::Env env_;
    MessageProperty property_;
    Napi::Uint32Array routing_ids_;
    Napi::Array groups_;
    uint32_t count_ = 0;
};

Napi::Value ReceiveBatch(Napi::Env env, void* socket, uint32_t max, MessageProperty property,
                         const MetadataNames& metadata) {
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

    size_t copied = 0;
    for (auto& msg : frames.msgs) {
        if (!HandOver(&msg)) copied += zmq_msg_size(&msg);
    }

    auto data = Napi::Buffer<uint8_t>::New(env, copied);
    auto layout = Napi::Uint32Array::New(env, frames.msgs.size() * 2);
    auto large = Napi::Array::New(env);
    uint32_t large_count = 0;
    Properties properties(env, property, frames.msgs.size());
    MetadataReader metadata_reader(env, metadata);
    bool first_frame = true;
    uint8_t* cursor = data.Data();
    for (size_t index = 0; index < frames.msgs.size(); index++) {
        zmq_msg_t* msg = &frames.msgs[index];
        if (property != MessageProperty::None && first_frame) properties.Add(msg);
        // From the last frame, which always came over the connection: a ROUTER's
        // first frame is the routing id it made up itself, with no metadata.
        if (!metadata.empty() && !zmq_msg_more(msg)) metadata_reader.Add(msg);
        first_frame = !zmq_msg_more(msg);
        size_t size = zmq_msg_size(msg);
        uint32_t flags = zmq_msg_more(msg) ? kFrameMore : 0;
        if (HandOver(msg)) {
            // Move the message into the Buffer's ownership; the batch's copy
            // becomes an empty message that closes as a no-op.
            auto owned = new zmq_msg_t;
            zmq_msg_init(owned);
            zmq_msg_move(owned, msg);
            napi_value buffer;
            napi_status status = napi_create_external_buffer(
                env, size, zmq_msg_data(owned), FreeMessage, owned, &buffer);
            if (status == napi_no_external_buffers_allowed) {
                // Runtimes that forbid external buffers (Electron's memory
                // cage): fall back to a copy.
                status = napi_create_buffer_copy(env, size, zmq_msg_data(owned), nullptr, &buffer);
                FreeMessage(env, nullptr, owned);
            } else if (status != napi_ok) {
                FreeMessage(env, nullptr, owned);
            }
            Check(env, status);
            large.Set(large_count++, buffer);
            flags |= kFrameExternal;
        } else {
            if (size > 0) std::memcpy(cursor, zmq_msg_data(msg), size);
            cursor += size;
        }
        layout[index * 2] = static_cast<uint32_t>(size);
        layout[index * 2 + 1] = flags;
    }

    auto result = Napi::Array::New(env, !metadata.empty() ? 5 : property == MessageProperty::None ? 3 : 4);
    result.Set(0u, data);
    result.Set(1u, layout);
    result.Set(2u, large);
    if (property != MessageProperty::None) result.Set(3u, properties.Value());
    if (!metadata.empty()) result.Set(4u, metadata_reader.Value());
    return result;
}

}  // namespace zmqnapi
