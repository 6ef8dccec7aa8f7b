#include "outgoing.h"

#include <cstring>
#include <string>

#include "util/errors.h"

namespace zmqnapi {

namespace {

void InitBytes(Napi::Env env, const void* data, size_t size, zmq_msg_t* msg) {
    if (zmq_msg_init_size(msg, size) != 0) ThrowZmq(env, zmq_errno());
    if (size > 0) std::memcpy(zmq_msg_data(msg), data, size);
}

}  // namespace

void InitOutgoing(Napi::Env env, Napi::Value frame, zmq_msg_t* msg) {
    napi_env raw = env;
    napi_value value = frame;

    if (frame.IsString()) {
        std::string text = frame.As<Napi::String>().Utf8Value();
        InitBytes(env, text.data(), text.size(), msg);
        return;
    }

    if (frame.IsNull() || frame.IsUndefined()) {
        zmq_msg_init(msg);
        return;
    }

    if (frame.IsTypedArray()) {
        napi_typedarray_type type;
        size_t length = 0, offset = 0;
        void* data = nullptr;
        napi_value arraybuffer;
        napi_get_typedarray_info(raw, value, &type, &length, &data, &arraybuffer, &offset);
        size_t element = 1;
        switch (type) {
            case napi_int16_array: case napi_uint16_array: element = 2; break;
            case napi_int32_array: case napi_uint32_array: case napi_float32_array: element = 4; break;
            case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: element = 8; break;
            default: element = 1;
        }
        // `data` already points at the view's first byte.
        InitBytes(env, data, length * element, msg);
        return;
    }

    if (frame.IsDataView()) {
        size_t length = 0, offset = 0;
        void* data = nullptr;
        napi_value arraybuffer;
        napi_get_dataview_info(raw, value, &length, &data, &arraybuffer, &offset);
        InitBytes(env, data, length, msg);
        return;
    }

    if (frame.IsArrayBuffer()) {
        auto buffer = frame.As<Napi::ArrayBuffer>();
        InitBytes(env, buffer.Data(), buffer.ByteLength(), msg);
        return;
    }

    ThrowType(env, "Message frame",
              "a Buffer, ArrayBufferView, ArrayBuffer, SharedArrayBuffer, string or null");
}

}  // namespace zmqnapi
