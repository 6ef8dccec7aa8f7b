/**
 * What a message may be made of, and its conversion to what the native layer
 * takes. Numbers, plain objects and anything else are refused: sending
 * "[object Object]" by accident is a bug, not a feature.
 */
import type {NativeFrame} from "./native"

/** A received frame. */
export type Message = Buffer

/** A frame that can be sent: bytes, UTF-8 text, or null for an empty frame. */
export type MessageLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | string | null

export function toFrame(value: unknown, index?: number): NativeFrame {
  if (typeof value === "string" || value === null || ArrayBuffer.isView(value)) return value as NativeFrame
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return new Uint8Array(value)
  const where = index === undefined ? "message" : `message frame ${index}`
  const got = value === undefined ? "undefined" : typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value
  throw new TypeError(`${where} must be a Buffer, ArrayBufferView, ArrayBuffer, SharedArrayBuffer, string or null, got ${got}`)
}

/** Normalises `send()` input: one frame, or an array of frames (a multipart message). */
export function toFrames(message: unknown): NativeFrame | NativeFrame[] {
  if (!Array.isArray(message)) return toFrame(message)
  if (message.length === 0) throw new TypeError("message must have at least one frame")
  const frames = new Array<NativeFrame>(message.length)
  for (let index = 0; index < message.length; index++) frames[index] = toFrame(message[index], index)
  return frames
}

/**
 * A private copy of a message's bytes, taken when a send has to wait: the
 * caller may reuse its buffers as soon as send() returns.
 */
export function snapshot(frames: NativeFrame | NativeFrame[]): NativeFrame | NativeFrame[] {
  // Buffer.from() copies small frames into Node's shared pool, far cheaper
  // than an ArrayBuffer of their own.
  const copy = (frame: NativeFrame): NativeFrame =>
    frame === null || typeof frame === "string"
      ? frame
      : Buffer.from(frame instanceof Uint8Array ? frame : new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength))
  return Array.isArray(frames) ? frames.map(copy) : copy(frames)
}
