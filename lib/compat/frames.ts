/**
 * Frames in and out of the native socket, the legacy way: anything that is
 * not bytes is sent as the UTF-8 text of `String(value)` (so `15.99` is sent
 * as "15.99"), and received messages are arrays of Buffers.
 */
import type {NativeSocket} from "../native"

/**
 * One outgoing frame. Bytes the caller owns are copied when `own` is set
 * (the frame will wait in the send queue, and later changes to the caller's
 * buffer must not change what the peer receives).
 */
export function toFrame(value: unknown, own: boolean): Buffer {
  if (Buffer.isBuffer(value)) return own ? Buffer.from(value) : value
  if (ArrayBuffer.isView(value)) {
    const view = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    return own ? Buffer.from(view) : view
  }
  if (value instanceof ArrayBuffer) return own ? Buffer.from(new Uint8Array(value)) : Buffer.from(value)
  return Buffer.from(String(value), "utf8")
}

type Batch = Buffer[][] | [Buffer, Uint32Array] | null

/**
 * Up to `max` whole messages available now (possibly none). Accepts both
 * shapes the native `receive` has had: an array of messages, or one Buffer
 * with a (length, more) layout.
 */
export function receiveMessages(native: NativeSocket, max: number): Buffer[][] {
  const batch = native.receive(max) as unknown as Batch
  if (batch === null || batch === undefined) return []
  if (batch.length === 2 && Buffer.isBuffer(batch[0]) && batch[1] instanceof Uint32Array) {
    const [data, layout] = batch as [Buffer, Uint32Array]
    const messages: Buffer[][] = []
    let frames: Buffer[] = []
    let offset = 0
    for (let index = 0; index < layout.length; index += 2) {
      const end = offset + layout[index]!
      frames.push(data.subarray(offset, end))
      offset = end
      if (layout[index + 1] === 0) {
        messages.push(frames)
        frames = []
      }
    }
    return messages
  }
  return batch as Buffer[][]
}
