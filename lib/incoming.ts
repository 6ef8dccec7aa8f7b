/**
 * Received batches. The native layer returns a batch as one Buffer holding
 * the bytes of its small frames back to back, a layout of (length, flags)
 * pairs, and its large frames as Buffers of their own, not copied (see
 * src-native/incoming.h); this cuts it into messages. Small frames are views
 * into the batch's Buffer.
 */
import {recordMetadata} from "./metadata"
import {FRAME_EXTERNAL, FRAME_MORE, type MessagePropertyEntries, type NativeSocket} from "./native"

/**
 * The class Node makes its Buffers with (Buffer[Symbol.species] is how
 * Buffer.prototype.subarray finds it). Constructing it directly costs a third
 * of a subarray() call, which goes through the species lookup every time;
 * the result is the very same kind of Buffer. Buffer.from() where a runtime
 * does not have it.
 */
const FastBuffer = fastBufferClass()

function fastBufferClass(): new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer {
  const species = (Buffer as unknown as {[Symbol.species]?: unknown})[Symbol.species]
  if (typeof species === "function" && species.prototype === Buffer.prototype) {
    return species as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer
  }
  return function (buffer: ArrayBufferLike, byteOffset: number, length: number) {
    return Buffer.from(buffer, byteOffset, length)
  } as unknown as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer
}

/**
 * Up to `max` whole messages available now, oldest first; null if there are
 * none. A draft socket's message ends with its property: `{routingId}`
 * (Server, Peer) or `{group}` (Dish) after the frame, as in `zeromq` v6.
 * With `metadata` (property names) each message's metadata is recorded for
 * `metadataOf` (lib/metadata.ts).
 */
export function receiveBatch(native: NativeSocket, max: number, metadata?: readonly string[]): Buffer[][] | null {
  const batch = metadata === undefined ? native.receive(max) : native.receive(max, metadata)
  if (batch === null) return null
  const [data, layout, large, properties, metadataEntries] = batch
  const bytes = data.buffer
  const frameCount = layout.length >> 1
  const messages: Buffer[][] = []
  let offset = data.byteOffset
  let nextLarge = 0
  let frames: Buffer[] | undefined
  for (let index = 0; index < frameCount; index++) {
    const length = layout[index * 2]!
    const flags = layout[index * 2 + 1]!
    let frame: Buffer
    if (flags & FRAME_EXTERNAL) {
      frame = large[nextLarge++]!
    } else {
      frame = new FastBuffer(bytes, offset, length)
      offset += length
    }
    if (flags & FRAME_MORE) {
      if (frames === undefined) frames = [frame]
      else frames.push(frame)
    } else if (frames === undefined) {
      // Most messages have one frame.
      messages.push([frame])
    } else {
      frames.push(frame)
      messages.push(frames)
      frames = undefined
    }
  }
  if (properties !== undefined) addProperties(messages, properties)
  if (metadataEntries !== undefined) recordMetadata(messages, metadataEntries)
  return messages
}

function addProperties(messages: Buffer[][], properties: MessagePropertyEntries): void {
  const add = properties instanceof Uint32Array
    ? (message: unknown[], index: number) => message.push({routingId: properties[index]!})
    : (message: unknown[], index: number) => message.push({group: properties[index]!})
  for (let index = 0; index < messages.length; index++) add(messages[index]!, index)
}
