/**
 * Frames in and out of the native socket, the legacy way: anything that is
 * not bytes is sent as the UTF-8 text of `String(value)` (so `15.99` is sent
 * as "15.99"), and received messages are arrays of Buffers.
 */
import {bytesOf, bytesOfBuffer} from "../bytes"
import {receiveBatch} from "../incoming"
import type {NativeSocket} from "../native"

/**
 * One outgoing frame. Bytes the caller owns are copied when `own` is set
 * (the frame will wait in the send queue, and later changes to the caller's
 * buffer must not change what the peer receives).
 */
export function toFrame(value: unknown, own: boolean): Buffer {
  if (Buffer.isBuffer(value)) return own ? Buffer.from(value) : value
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    // A detached buffer reads as empty (lib/bytes.ts).
    const bytes = ArrayBuffer.isView(value) ? bytesOf(value) : bytesOfBuffer(value)
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    return own ? Buffer.from(view) : view
  }
  return Buffer.from(String(value), "utf8")
}

/** Up to `max` whole messages available now (possibly none). */
export function receiveMessages(native: NativeSocket, max: number): Buffer[][] {
  return receiveBatch(native, max) ?? []
}
