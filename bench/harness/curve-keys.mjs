// CURVE key pairs for the "curve" rows, made with Node's own X25519 (the
// curve CurveZMQ uses) so no implementation under test makes the keys it is
// measured with. Keys are Z85 text (ZeroMQ RFC 32), which every
// implementation's socket options accept.
import {generateKeyPairSync} from "node:crypto"

const Z85 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"

/** Z85 text of `bytes` (a multiple of 4 long): each 4 bytes, big-endian, as 5 base-85 digits. */
export function z85(bytes) {
  let text = ""
  for (let offset = 0; offset < bytes.length; offset += 4) {
    let value = bytes.readUInt32BE(offset)
    const digits = []
    for (let index = 0; index < 5; index++) {
      digits.unshift(Z85[value % 85])
      value = Math.floor(value / 85)
    }
    text += digits.join("")
  }
  return text
}

function keyPair() {
  const {publicKey, privateKey} = generateKeyPairSync("x25519")
  const jwk = privateKey.export({format: "jwk"})
  const raw = field => Buffer.from(field, "base64url")
  return {publicKey: z85(raw(publicKey.export({format: "jwk"}).x)), secretKey: z85(raw(jwk.d))}
}

/**
 * The socket options of a CURVE row by their zeromq v6 names: the receiver
 * is the CURVE server, the sender a client that knows the server's public key.
 */
export function curveOptions() {
  const server = keyPair()
  const client = keyPair()
  return {
    recvSocket: {curveServer: true, curveSecretKey: server.secretKey},
    sendSocket: {curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey},
  }
}
