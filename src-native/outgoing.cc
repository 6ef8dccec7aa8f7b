#include "outgoing.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "buffer_loans.h"
#include "util/errors.h"

namespace zmqnapi {

namespace {

// This is the hot path of every send, so it talks to Node-API directly and
// asks as little as it can: a typed-array check first (nearly every frame is
// a Buffer), then one napi_typeof instead of a chain of Is*() checks, each
// of which is a call.

void InitBytes(Napi::Env env, const void* data, size_t size, zmq_msg_t* msg) {
    if (zmq_msg_init_size(msg, size) != 0) ThrowZmq(env, zmq_errno());
    if (size > 0) std::memcpy(zmq_msg_data(msg), data, size);
}

void FreeString(void* data, void*) { std::free(data); }

// libzmq keeps messages up to this size inside zmq_msg_t itself.
constexpr size_t kSmallString = 32;

void InitString(Napi::Env env, napi_value value, zmq_msg_t* msg) {
    size_t length = 0;
    Check(env, napi_get_value_string_utf8(env, value, nullptr, 0, &length));
    if (length <= kSmallString) {
        char text[kSmallString + 1];
        Check(env, napi_get_value_string_utf8(env, value, text, sizeof(text), &length));
        InitBytes(env, text, length, msg);
        return;
    }
    // Node-API writes a terminating NUL; give it room, and hand the buffer
    // over to libzmq without the NUL instead of copying it a second time.
    auto text = static_cast<char*>(std::malloc(length + 1));
    if (text == nullptr) ThrowZmq(env, ENOMEM);
    napi_status status = napi_get_value_string_utf8(env, value, text, length + 1, &length);
    if (status != napi_ok) {
        std::free(text);
        Check(env, status);
    }
    if (zmq_msg_init_data(msg, text, length, FreeString, nullptr) != 0) {
        std::free(text);
        ThrowZmq(env, zmq_errno());
    }
}

size_t ElementSize(napi_typedarray_type type) {
    switch (type) {
        case napi_int16_array: case napi_uint16_array: return 2;
        case napi_int32_array: case napi_uint32_array: case napi_float32_array: return 4;
        case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: return 8;
        default: return 1;
    }
}

}  // namespace

bool TypedArrayBytes(Napi::Env env, napi_value value, void** data, size_t* size) {
    bool is = false;
    Check(env, napi_is_typedarray(env, value, &is));
    if (!is) return false;
    napi_typedarray_type kind;
    size_t length = 0;
    Check(env, napi_get_typedarray_info(env, value, &kind, &length, data, nullptr, nullptr));
    // `data` already points at the view's first byte.
    *size = length * ElementSize(kind);
    return true;
}

bool ViewBytes(Napi::Env env, napi_value value, void** data, size_t* size) {
    if (TypedArrayBytes(env, value, data, size)) return true;
    bool is = false;
    Check(env, napi_is_dataview(env, value, &is));
    if (!is) return false;
    Check(env, napi_get_dataview_info(env, value, size, data, nullptr, nullptr));
    return true;
}

namespace {

// Buffers and other typed arrays, the common case, are recognised with the
// first call; false for any other value.
bool InitFromTypedArray(Napi::Env env, napi_value value, zmq_msg_t* msg) {
    void* data = nullptr;
    size_t size = 0;
    if (!TypedArrayBytes(env, value, &data, &size)) return false;
    InitBytes(env, data, size, msg);
    return true;
}

}  // namespace

void InitOutgoing(Napi::Env env, Napi::Value frame, zmq_msg_t* msg) {
    napi_value value = frame;
    if (InitFromTypedArray(env, value, msg)) return;
    napi_valuetype type;
    Check(env, napi_typeof(env, value, &type));

    switch (type) {
        case napi_string:
            InitString(env, value, msg);
            return;
        case napi_null:
        case napi_undefined:
            zmq_msg_init(msg);
            return;
        case napi_object: {
            size_t length = 0;
            void* data = nullptr;
            if (ViewBytes(env, value, &data, &length)) {
                InitBytes(env, data, length, msg);
                return;
            }
            bool is = false;
            Check(env, napi_is_arraybuffer(env, value, &is));
            if (is) {
                Check(env, napi_get_arraybuffer_info(env, value, &data, &length));
                InitBytes(env, data, length, msg);
                return;
            }
            break;
        }
        default:
            break;
    }
    ThrowType(env, "Message frame",
              "a Buffer, ArrayBufferView, ArrayBuffer, SharedArrayBuffer, string or null");
}

}  // namespace zmqnapi

namespace zmqnapi {

OutgoingMessage::OutgoingMessage(size_t frames) { Reserve(frames); }

OutgoingMessage::OutgoingMessage(Napi::Env env, Napi::Value message, BufferLoans* loans) {
    // One Buffer, the common case, costs two Node-API calls in all.
    if (loans != nullptr && loans->Lend(env, message, &parts_[0])) {
        count_ = 1;
        return;
    }
    if (InitFromTypedArray(env, message, &parts_[0])) {
        count_ = 1;
        return;
    }
    bool is_array = false;
    Check(env, napi_is_array(env, message, &is_array));
    if (!is_array) {
        AddValue(env, message, loans);
        return;
    }

    uint32_t length = 0;
    Check(env, napi_get_array_length(env, message, &length));
    if (length == 0) throw Napi::TypeError::New(env, "message must have at least one frame");
    Reserve(length);
    try {
        for (uint32_t index = 0; index < length; index++) {
            napi_value frame;
            Check(env, napi_get_element(env, message, index, &frame));
            AddValue(env, frame, loans);
        }
    } catch (...) {
        // A throwing constructor gets no destructor call: close what was made.
        for (size_t index = 0; index < count_; index++) zmq_msg_close(&parts_[index]);
        throw;
    }
}

void OutgoingMessage::Reserve(size_t frames) {
    if (frames <= kInline) return;
    heap_.reset(new zmq_msg_t[frames]);
    parts_ = heap_.get();
}

// count_ grows only after success: a frame that failed was never initialised.
void OutgoingMessage::AddBytes(Napi::Env env, const void* data, size_t size) {
    InitBytes(env, data, size, &parts_[count_]);
    count_++;
}

void OutgoingMessage::AddValue(Napi::Env env, napi_value frame, BufferLoans* loans) {
    if (loans != nullptr && loans->Lend(env, frame, &parts_[count_])) {
        count_++;
        return;
    }
    InitOutgoing(env, Napi::Value(env, frame), &parts_[count_]);
    count_++;
}

#ifdef ZMQ_BUILD_DRAFT_API

void OutgoingMessage::SetRoutingId(Napi::Env env, uint32_t routing_id) {
    if (zmq_msg_set_routing_id(&parts_[0], routing_id) != 0) ThrowZmq(env, zmq_errno());
}

void OutgoingMessage::SetGroup(Napi::Env env, const std::string& group) {
    if (zmq_msg_set_group(&parts_[0], group.c_str()) != 0) ThrowZmq(env, zmq_errno());
}

#else  // unreachable: without draft APIs there are no sockets with these properties

void OutgoingMessage::SetRoutingId(Napi::Env env, uint32_t) { ThrowZmq(env, ENOTSUP); }

void OutgoingMessage::SetGroup(Napi::Env env, const std::string&) { ThrowZmq(env, ENOTSUP); }

#endif

OutgoingMessage::~OutgoingMessage() {
    for (size_t index = sent_; index < count_; index++) zmq_msg_close(&parts_[index]);
}

int OutgoingMessage::Send(void* socket) {
    while (sent_ < count_) {
        int flags = ZMQ_DONTWAIT | (sent_ + 1 < count_ ? ZMQ_SNDMORE : 0);
        if (zmq_msg_send(&parts_[sent_], socket, flags) < 0) {
            int error = zmq_errno();
            if (error == EINTR) continue;
            return error;
        }
        sent_++;
    }
    return 0;
}

}  // namespace zmqnapi
