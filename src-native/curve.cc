#include "curve.h"

#include <zmq.h>

#include <cerrno>
#include <string>
#include <string_view>
#include <vector>

#include "util/errors.h"

namespace zmqnapi {

namespace {

// The Z85 alphabet (ZeroMQ RFC 32), in digit order.
constexpr std::string_view kZ85Alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

// Whether every byte of `text` is a Z85 character. libzmq's decoders take a
// C string, so an embedded NUL ends the text early: zmq_z85_decode then
// writes fewer bytes than the caller sized for, and zmq_curve_public derives
// a key from a partly undecoded secret. Checking here leaves libzmq only the
// check it does itself: a 5-character group whose value exceeds 32 bits.
bool IsZ85Alphabet(const std::string& text) {
    for (char c : text) {
        if (kZ85Alphabet.find(c) == std::string_view::npos) return false;
    }
    return true;
}

}  // namespace

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
    if (secret.size() != 40 || !IsZ85Alphabet(secret)) {
        throw Napi::RangeError::New(env, "secretKey must be a 40-character Z85 string");
    }
    char public_key[41];
    if (zmq_curve_public(public_key, secret.c_str()) != 0) {
        // EINVAL: a group of the key exceeds 32 bits; anything else (ENOTSUP) is libzmq's.
        if (zmq_errno() == EINVAL) {
            throw Napi::RangeError::New(env, "secretKey must be a 40-character Z85 string");
        }
        ThrowZmq(env, zmq_errno());
    }
    return Napi::String::New(env, public_key, 40);
}

Napi::Value Z85Encode(const Napi::CallbackInfo& info) {
    auto env = info.Env();
    // Only a Uint8Array: lib/curve.ts views every other kind of bytes as one,
    // so the byte length and offset below are always those of the caller's view.
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
        ThrowType(env, "data", "a Uint8Array");
    }
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
    // The alphabet first: once every character is ASCII, the UTF-8 length
    // below is the caller's length too.
    if (!IsZ85Alphabet(text)) throw Napi::RangeError::New(env, "text is not valid Z85");
    if (text.size() % 5 != 0) {
        throw Napi::RangeError::New(env, "text length must be a multiple of 5");
    }
    // Decoded into zeroed memory and copied out only on success: a Buffer
    // never holds bytes libzmq did not write.
    std::vector<uint8_t> bytes(text.size() / 5 * 4);
    if (zmq_z85_decode(bytes.data(), text.c_str()) == nullptr) {
        throw Napi::RangeError::New(env, "text is not valid Z85");
    }
    return Napi::Buffer<uint8_t>::Copy(env, bytes.data(), bytes.size());
}

}  // namespace zmqnapi
