// CURVE key pairs and Z85 (ZeroMQ RFC 32) encoding, from libzmq's helpers.
#pragma once

#include <napi.h>

namespace zmqnapi {

// curveKeyPair(): { publicKey, secretKey } as 40-character Z85 strings.
Napi::Value CurveKeyPair(const Napi::CallbackInfo& info);
// curvePublic(secretKey: Z85 string): the matching public key, Z85.
Napi::Value CurvePublic(const Napi::CallbackInfo& info);
// z85Encode(bytes: Uint8Array, length a multiple of 4): string.
Napi::Value Z85Encode(const Napi::CallbackInfo& info);
// z85Decode(text: string, length a multiple of 5): Buffer.
Napi::Value Z85Decode(const Napi::CallbackInfo& info);

}  // namespace zmqnapi
