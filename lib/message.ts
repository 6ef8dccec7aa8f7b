/**
 * What a message may be made of, and its conversion to what the native layer
 * takes. A number is sent as its decimal text, as in `zeromq` v6; plain
 * objects and anything else are refused: sending "[object Object]" by
 * accident is a bug, not a feature.
 */
import {bytesOf, bytesOfBuffer} from "./bytes"
import type {NativeFrame} from "./native"

/** A received frame. */
export type Message = Buffer

/** A frame that can be sent: bytes, UTF-8 text, a number (as its text), or null for an empty frame. */
export type MessageLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | string | number | null

/** How errors name a frame: "message", "message frame 2", "messages[4]", "messages[4] frame 2". */
function frameName(message: number | undefined, frame: number | undefined): string {
  const name = message === undefined ? "message" : `messages[${message}]`
  return frame === undefined ? name : `${name} frame ${frame}`
}

function frameError(message: number | undefined, frame: number | undefined, got: string): TypeError {
  return new TypeError(`${frameName(message, frame)} must be a Buffer, ArrayBufferView, ArrayBuffer, SharedArrayBuffer, string, number or null, got ${got}`)
}

/** One frame; `frame` and `message` are its indices (in its message, in a batch), for errors. */
export function toFrame(value: unknown, frame?: number, message?: number): NativeFrame {
  if (typeof value === "string" || value === null || ArrayBuffer.isView(value)) return value as NativeFrame
  if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) return bytesOfBuffer(value)
  if (typeof value === "number") return String(value)
  const got = value === undefined ? "undefined" : typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value
  throw frameError(message, frame, got)
}

/**
 * Normalises `send()` input: one frame, or an array of frames (a multipart
 * message). `message` is its index in a batch, for errors.
 */
export function toFrames(value: unknown, message?: number): NativeFrame | NativeFrame[] {
  if (!Array.isArray(value)) return toFrame(value, undefined, message)
  if (value.length === 0) throw new TypeError(`${frameName(message, undefined)} must have at least one frame`)
  const frames = new Array<NativeFrame>(value.length)
  for (let index = 0; index < value.length; index++) {
    const frame = value[index]
    // A hole of a sparse array reads as undefined, but it is neither a frame
    // nor null (an empty frame): the error says which it is.
    if (frame === undefined && !(index in value)) throw frameError(message, index, "an empty array slot")
    frames[index] = toFrame(frame, index, message)
  }
  return frames
}

/**
 * The one frame of a message for a socket without multipart messages (the
 * thread-safe draft sockets): a frame, or an array of exactly one.
 */
export function singleFrame(frames: NativeFrame | NativeFrame[], socket: string, message?: number): NativeFrame {
  if (!Array.isArray(frames)) return frames
  if (frames.length === 1) return frames[0]!
  throw new TypeError(`${frameName(message, undefined)} must be a single frame: ${socket} sockets do not support multipart messages, got ${frames.length} frames`)
}

/**
 * Normalises `sendBatch()` input. Indexed, not mapped: Array.prototype.map
 * skips the holes of a sparse array and would leave them for the packer.
 */
export function toBatch(messages: unknown): (NativeFrame | NativeFrame[])[] {
  if (!Array.isArray(messages)) throw new TypeError("messages must be an array of messages")
  const batch = new Array<NativeFrame | NativeFrame[]>(messages.length)
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index]
    if (message === undefined && !(index in messages)) throw frameError(index, undefined, "an empty array slot")
    batch[index] = toFrames(message, index)
  }
  return batch
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
      : Buffer.from(bytesOf(frame))
  return Array.isArray(frames) ? frames.map(copy) : copy(frames)
}
