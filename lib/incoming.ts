/**
 * Received batches: the native layer returns every frame of a batch in one
 * Buffer plus (length, more) pairs (see src-native/incoming.h); this cuts it
 * into messages. The frames are views into that one Buffer.
 */
import type {NativeSocket} from "./native"

/** Up to `max` whole messages available now, oldest first; null if there are none. */
export function receiveBatch(native: NativeSocket, max: number): Buffer[][] | null {
  const batch = native.receive(max)
  if (batch === null) return null
  const [data, layout] = batch
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
