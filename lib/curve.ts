/** CURVE key pairs and Z85 text encoding (ZeroMQ RFC 32), from libzmq. */
import {bytesOf} from "./bytes"
import {CURVE_KEY_BYTES} from "./constants"
import {binding} from "./native"

/** A new CURVE key pair, both keys as 40-character Z85 strings. */
export function curveKeyPair(): {publicKey: string; secretKey: string} {
  return binding.curveKeyPair()
}

/** The public key of a CURVE secret key (40-character Z85 string or 32 bytes); Z85. */
export function curvePublic(secretKey: string | Uint8Array): string {
  if (typeof secretKey !== "string") {
    if (!ArrayBuffer.isView(secretKey)) throw new TypeError("secretKey must be a 40-character Z85 string or 32 bytes")
    if (secretKey.byteLength !== CURVE_KEY_BYTES) {
      throw new RangeError(`secretKey must be ${CURVE_KEY_BYTES} bytes, got ${secretKey.byteLength}`)
    }
    secretKey = z85Encode(secretKey)
  }
  return binding.curvePublic(secretKey)
}

/** Encodes bytes (length a multiple of 4) as Z85 text. */
export function z85Encode(data: ArrayBufferView | ArrayBuffer): string {
  if (data instanceof ArrayBuffer) return binding.z85Encode(new Uint8Array(data))
  if (!ArrayBuffer.isView(data)) throw new TypeError("data must be a Buffer, ArrayBufferView or ArrayBuffer")
  return binding.z85Encode(bytesOf(data))
}

/** Decodes Z85 text (length a multiple of 5) to bytes. */
export function z85Decode(text: string): Buffer {
  if (typeof text !== "string") throw new TypeError("text must be a string")
  // libzmq refuses empty input; the empty string is the encoding of no bytes.
  return text === "" ? Buffer.alloc(0) : binding.z85Decode(text)
}
