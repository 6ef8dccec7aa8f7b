/**
 * Outgoing batches, the mirror of incoming.ts. Handing libzmq several
 * messages through Node-API one value at a time costs a handful of Node-API
 * calls per frame, more than libzmq's own send. So the frames of a batch are
 * packed here, in JS, into one reusable buffer with a (length, flags) layout,
 * and the native layer sends the whole pack in one call (see
 * src-native/socket.cc, sendPacked). Large frames and strings are not packed:
 * they travel as values and the native layer copies them straight into
 * libzmq's messages, which is one copy instead of two.
 */
import {bytesOf} from "./bytes"
import {FRAME_EXTERNAL, FRAME_MORE, type NativeFrame, type NativeSocket} from "./native"

/** A pack is full once it holds this many bytes (a frame that does not fit travels as a value). */
const PACK_BYTES = 64 * 1024
/** ...or this many frames (a single message with more frames gets a longer layout). */
const PACK_FRAMES = 1024
/**
 * Frames from this size on travel as values. Below it, a copy into the pack
 * costs less than the Node-API calls that read a value.
 */
const PACK_FRAME_LIMIT = 8 * 1024

// One pack for the whole thread: the native call consumes it synchronously
// and runs no JS, so no two sends can ever share it.
const data = new Uint8Array(PACK_BYTES)
let layout = new Uint32Array(PACK_FRAMES * 2)
const large: NativeFrame[] = []
let frames = 0
let bytes = 0

/**
 * Sends `messages[from]`, `messages[from + 1]`, ... until libzmq would block,
 * one native call per pack. Returns how many messages libzmq took. Throws the
 * libzmq error only when it concerns the first message; an error later on is
 * raised by the next call, so the count is never lost. With `lend`, the
 * frames that travel as values are lent to libzmq when large (`copy: false`).
 */
export function sendPacked(native: NativeSocket, messages: readonly (NativeFrame | NativeFrame[])[],
                           from: number, lend = false): number {
  let index = from
  while (index < messages.length) {
    const end = pack(messages, index)
    let taken: number
    try {
      taken = lend ? native.sendPacked(data, layout, frames, large, true) : native.sendPacked(data, layout, frames, large)
    } finally {
      large.length = 0
    }
    if (taken < end - index) return index - from + taken
    index = end
  }
  return index - from
}

/** Packs whole messages from `from` on until the pack is full; returns the index after the last. */
function pack(messages: readonly (NativeFrame | NativeFrame[])[], from: number): number {
  frames = 0
  bytes = 0
  let index = from
  for (; index < messages.length; index++) {
    const message = messages[index]!
    if (!Array.isArray(message)) {
      if (index > from && (frames === PACK_FRAMES || bytes >= PACK_BYTES)) break
      addFrame(message, 0)
      continue
    }
    const parts = message.length
    if (index > from && (frames + parts > PACK_FRAMES || bytes >= PACK_BYTES)) break
    if (frames + parts > layout.length / 2) growLayout(frames + parts)
    for (let part = 0; part < parts; part++) addFrame(message[part]!, part + 1 < parts ? FRAME_MORE : 0)
  }
  return index
}

function addFrame(frame: NativeFrame, flags: number): void {
  let length = 0
  if (typeof frame === "string") {
    large.push(frame)
    flags |= FRAME_EXTERNAL
  } else if (frame !== null) {
    length = frame.byteLength
    if (length >= PACK_FRAME_LIMIT || bytes + length > PACK_BYTES) {
      large.push(frame)
      flags |= FRAME_EXTERNAL
    } else {
      data.set(frame instanceof Uint8Array && length > 0 ? frame : bytesOf(frame), bytes)
      bytes += length
    }
  }
  layout[frames * 2] = length
  layout[frames * 2 + 1] = flags
  frames++
}

function growLayout(needed: number): void {
  const grown = new Uint32Array(Math.max(needed, frames * 2) * 2)
  grown.set(layout.subarray(0, frames * 2))
  layout = grown
}
