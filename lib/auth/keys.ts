/**
 * CURVE public keys as the authenticator and the certificates take them:
 * 40 characters of Z85 or 32 bytes in, always Z85 out, so that keys compare
 * as strings whichever form they came in.
 */
import {CURVE_KEY_BYTES, CURVE_KEY_Z85_LENGTH} from "../constants"
import {z85Decode, z85Encode} from "../curve"

/** Whether `text` is a CURVE key in Z85: 40 characters that decode. */
export function isZ85Key(text: string): boolean {
  if (text.length !== CURVE_KEY_Z85_LENGTH) return false
  try {
    z85Decode(text)
    return true
  } catch {
    return false
  }
}

/** A key (Z85 text, 32 bytes, or an object with a `publicKey`) as Z85; a TypeError names `argument`. */
export function curveKeyText(key: unknown, argument: string): string {
  const value = typeof key === "object" && key !== null && !(key instanceof Uint8Array)
    ? (key as {publicKey?: unknown}).publicKey : key
  if (typeof value === "string" && isZ85Key(value)) return value
  if (value instanceof Uint8Array && value.byteLength === CURVE_KEY_BYTES) return z85Encode(value)
  throw new TypeError(`${argument} must hold CURVE keys: ${CURVE_KEY_Z85_LENGTH} characters of Z85 or ` +
    `${CURVE_KEY_BYTES} bytes, got ${describe(value)}`)
}

function describe(value: unknown): string {
  if (typeof value === "string") return `a string of ${value.length} characters`
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`
  return value === null ? "null" : typeof value
}
