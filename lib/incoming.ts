/**
 * Received batches. The native layer returns a batch as one Buffer holding
 * the bytes of its small frames back to back, a layout of (length, flags)
 * pairs, and its large frames as Buffers of their own, not copied (see
 * src-native/incoming.h). `PackedMessages` keeps a batch that way and cuts
 * messages out of it only when asked: `receivePacked()` hands it to the
 * caller as is (no JS object per message), the socket's inbox (lib/engine.ts)
 * takes one message at a time from it, `receiveBatch()` all of them. Small
 * frames are views into the batch's Buffer.
 */
import {recordMetadata} from "./metadata"
import {FRAME_EXTERNAL, FRAME_MORE, type NativeSocket} from "./native"

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

/** Proves a PackedMessages is made here, from a batch the native layer returned. */
const MADE_HERE = Symbol("PackedMessages")

type NativeBatch = NonNullable<ReturnType<NativeSocket["receive"]>>

/** Where a batch's frames are, computed once per batch (never per message). */
interface Index {
  /** Message m's frames are firstFrames[m] up to firstFrames[m + 1]; one entry more than messages. */
  readonly firstFrames: Uint32Array
  /** Each frame's offset in the batch's `data`, or -(k + 1) for the k-th large frame held apart. */
  readonly offsets: Int32Array
}

function indexBatch(layout: Uint32Array): Index {
  const frameCount = layout.length >> 1
  const offsets = new Int32Array(frameCount)
  const starts = new Uint32Array(frameCount + 1)
  let messages = 0
  let offset = 0
  let large = 0
  let startsMessage = true
  for (let frame = 0; frame < frameCount; frame++) {
    if (startsMessage) starts[messages++] = frame
    const flags = layout[frame * 2 + 1]!
    if (flags & FRAME_EXTERNAL) {
      offsets[frame] = -++large
    } else {
      offsets[frame] = offset
      offset += layout[frame * 2]!
    }
    startsMessage = (flags & FRAME_MORE) === 0
  }
  starts[messages] = frameCount
  return {firstFrames: starts.subarray(0, messages + 1), offsets}
}

/**
 * Messages received together, kept as libzmq's batch arrived: the bytes of
 * the small frames back to back in `data`, large frames (64 KiB and more) as
 * Buffers of their own. What `receivePacked()` resolves to, for consumers
 * that read bytes without a JS object per message:
 *
 * ```js
 * const batch = await pull.receivePacked()
 * for (let m = 0; m < batch.length; m++) total += batch.frameLength(m, 0)
 * ```
 *
 * Messages are numbered from 0, frames within a message from 0. `message(m)`
 * and iteration make the same `Buffer[]` that `receive()` would have (with
 * draft sockets' properties and `metadataOf`), allocating as it does.
 */
export class PackedMessages implements Iterable<Buffer[]> {
  /** The number of messages. */
  readonly length: number
  readonly #batch: NativeBatch
  readonly #index: Index
  /** The first message of the batch that is this one's message 0 (an inbox hands out the rest). */
  readonly #skip: number

  /** Made by a socket (`PackedMessages.of`), never by `new` from outside this module. */
  private constructor(token: typeof MADE_HERE, batch: NativeBatch, index: Index, skip: number) {
    if (token !== MADE_HERE) throw new TypeError("new PackedMessages(): a batch comes only from receivePacked()")
    this.#batch = batch
    this.#index = index
    this.#skip = skip
    this.length = index.firstFrames.length - 1 - skip
  }

  /**
   * The bytes of the batch's small frames, back to back: frame f of message
   * m is `data.subarray(frameOffset(m, f), frameOffset(m, f) + frameLength(m, f))`
   * unless it is a large frame held apart (frameOffset -1).
   */
  get data(): Buffer {
    return this.#batch[0]
  }

  /** The number of frames of message m. */
  frameCount(message: number): number {
    const first = this.#firstFrame(message)
    return this.#index.firstFrames[message + this.#skip + 1]! - first
  }

  /** The length in bytes of frame f of message m. */
  frameLength(message: number, frame: number): number {
    return this.#batch[1][this.#frameIndex(message, frame) * 2]!
  }

  /** Where frame f of message m starts in `data`; -1 for a large frame, which `frame()` returns without a copy. */
  frameOffset(message: number, frame: number): number {
    return Math.max(this.#index.offsets[this.#frameIndex(message, frame)]!, -1)
  }

  /** Frame f of message m as a Buffer (a view into `data`, or the large frame itself). */
  frame(message: number, frame: number): Buffer {
    return this.#frameAt(this.#frameIndex(message, frame))
  }

  /**
   * Copies frame f of message m into `target` at `targetStart`; returns the
   * number of bytes copied (fewer than the frame's length where `target` ends first).
   */
  copyFrame(message: number, frame: number, target: Uint8Array, targetStart = 0): number {
    if (!(target instanceof Uint8Array)) throw new TypeError("target must be a Buffer or Uint8Array")
    if (!Number.isInteger(targetStart) || targetStart < 0 || targetStart > target.length) {
      throw new RangeError(`targetStart must be an integer from 0 to ${target.length}; got ${String(targetStart)}`)
    }
    const index = this.#frameIndex(message, frame)
    const offset = this.#index.offsets[index]!
    if (offset < 0) return this.#batch[2][-offset - 1]!.copy(target, targetStart)
    const data = this.#batch[0]
    return data.copy(target, targetStart, offset, offset + this.#batch[1][index * 2]!)
  }

  /** Message m as `receive()` would have resolved to it. */
  message(message: number): Buffer[] {
    this.#firstFrame(message)
    return this.cut(message)
  }

  /** Every message, as `receiveBatch()` would have resolved. */
  toArray(): Buffer[][] {
    const messages = new Array<Buffer[]>(this.length)
    for (let message = 0; message < this.length; message++) messages[message] = this.cut(message)
    return messages
  }

  * [Symbol.iterator](): IterableIterator<Buffer[]> {
    for (let message = 0; message < this.length; message++) yield this.cut(message)
  }

  /** @internal A native batch, as it came. */
  static of(batch: NativeBatch): PackedMessages {
    return new PackedMessages(MADE_HERE, batch, indexBatch(batch[1]), 0)
  }

  /** @internal message() without checking the number: the socket's inbox, which counts them itself. */
  cut(message: number): Buffer[] {
    const at = message + this.#skip
    const first = this.#index.firstFrames[at]!
    const end = this.#index.firstFrames[at + 1]!
    const frames: Buffer[] = [this.#frameAt(first)]
    for (let index = first + 1; index < end; index++) frames.push(this.#frameAt(index))
    const properties = this.#batch[3]
    if (properties !== undefined) {
      (frames as unknown[]).push(properties instanceof Uint32Array ? {routingId: properties[at]} : {group: properties[at]})
    }
    const metadata = this.#batch[4]
    if (metadata !== undefined) recordMetadata(frames, metadata[at])
    return frames
  }

  /** @internal The messages from `message` on, as a batch of their own (sharing this one's memory). */
  from(message: number): PackedMessages {
    return message === 0 ? this : new PackedMessages(MADE_HERE, this.#batch, this.#index, this.#skip + message)
  }

  #firstFrame(message: number): number {
    if (!Number.isInteger(message) || message < 0 || message >= this.length) {
      throw new RangeError(`message must be an integer from 0 to ${this.length - 1}; got ${String(message)}`)
    }
    return this.#index.firstFrames[message + this.#skip]!
  }

  #frameIndex(message: number, frame: number): number {
    const first = this.#firstFrame(message)
    const count = this.#index.firstFrames[message + this.#skip + 1]! - first
    if (!Number.isInteger(frame) || frame < 0 || frame >= count) {
      throw new RangeError(`frame must be an integer from 0 to ${count - 1}; got ${String(frame)}`)
    }
    return first + frame
  }

  #frameAt(index: number): Buffer {
    const offset = this.#index.offsets[index]!
    if (offset < 0) return this.#batch[2][-offset - 1]!
    const data = this.#batch[0]
    return new FastBuffer(data.buffer, data.byteOffset + offset, this.#batch[1][index * 2]!)
  }
}

/**
 * Up to `max` whole messages available now, oldest first, as one packed
 * batch; null if there are none. A draft socket's message ends with its
 * property: `{routingId}` (Server, Peer) or `{group}` (Dish) after the frame,
 * as in `zeromq` v6. With `metadata` (property names) each message's
 * metadata is read too, for `metadataOf` (lib/metadata.ts).
 */
export function readPacked(native: NativeSocket, max: number, metadata?: readonly string[]): PackedMessages | null {
  const batch = metadata === undefined ? native.receive(max) : native.receive(max, metadata)
  return batch === null ? null : PackedMessages.of(batch)
}

/** readPacked() cut into messages. */
export function receiveBatch(native: NativeSocket, max: number, metadata?: readonly string[]): Buffer[][] | null {
  return readPacked(native, max, metadata)?.toArray() ?? null
}
