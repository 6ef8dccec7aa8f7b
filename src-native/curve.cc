#include "curve.h"

#include <zmq.h>

#include <string>
#include <vector>

#include "util/errors.h"

namespace zmqnapi {

Napi::Value CurveKeyPair(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    char public_key[41], secret_key[41];
    if (zmq_curve_keypair(public_key, secret_key) != 0) ThrowZmq(env, zmq_errno());
    auto result = Napi::Object::New(env);
    result.Set("publicKey", Napi::String::New(env, public_key, 40));
    result.Set("secretKey", Napi::String::New(env, secret_key, 40));
    return result;
}

Napi::Value CurvePublic(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    if (!info[0].IsString()) ThrowType(env, "secretKey", "a 40-character Z85 string");
    std::string secret = info[0].As<Napi::String>().Utf8Value();
    if (secret.size() != 40) {
        throw Napi::RangeError::New(env, "secretKey must be a 40-character Z85 string");
    }
    char public_key[41];
    if (zmq_curve_public(public_key, secret.c_str()) != 0) ThrowZmq(env, zmq_errno());
    return Napi::String::New(env, public_key, 40);
}

Napi::Value Z85Encode(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    if (!info[0].IsTypedArray()) ThrowType(env, "data", "a Uint8Array");
    auto bytes = info[0].As<Napi::Uint8Array>();
    if (bytes.ByteLength() % 4 != 0) {
        throw Napi::RangeError::New(env, "data length must be a multiple of 4");
    }
    std::vector<char> text(bytes.ByteLength() / 4 * 5 + 1);
    if (zmq_z85_encode(text.data(), bytes.Data(), bytes.ByteLength()) == nullptr) {
        ThrowZmq(env, zmq_errno());
    }
    return Napi::String::New(env, text.data(), text.size() - 1);
}

Napi::Value Z85Decode(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    if (!info[0].IsString()) ThrowType(env, "text", "a string");
    std::string text = info[0].As<Napi::String>().Utf8Value();
    if (text.size() % 5 != 0) {
        throw Napi::RangeError::New(env, "text length must be a multiple of 5");
    }
    auto result = Napi::Buffer<uint8_t>::New(env, text.size() / 5 * 4);
    if (zmq_z85_decode(result.Data(), text.c_str()) == nullptr) {
        throw Napi::RangeError::New(env, "text is not valid Z85");
    }
    return result;
}

}  // namespace zmqnapi
