/**
 * Received batches. The native layer returns a batch as one Buffer holding
 * the bytes of its small frames back to back, a layout of (length, flags)
 * pairs, and its large frames as Buffers of their own, not copied (see
 * src-native/incoming.h); this cuts it into messages. Small frames are views
 * into the batch's Buffer.
 */
import type {NativeSocket} from "./native"

/** Layout flags, as in src-native/incoming.h. */
const MORE = 1
const EXTERNAL = 2

/** Up to `max` whole messages available now, oldest first; null if there are none. */
export function receiveBatch(native: NativeSocket, max: number): Buffer[][] | null {
  const batch = native.receive(max)
  if (batch === null) return null
  const [data, layout, large] = batch
  const messages: Buffer[][] = []
  let frames: Buffer[] = []
  let offset = 0
  let next = 0
  for (let index = 0; index < layout.length; index += 2) {
    const flags = layout[index + 1]!
    if (flags & EXTERNAL) {
      frames.push(large[next++]!)
    } else {
      const end = offset + layout[index]!
      frames.push(data.subarray(offset, end))
      offset = end
    }
    if ((flags & MORE) === 0) {
      messages.push(frames)
      frames = []
    }
  }
  return messages
}
