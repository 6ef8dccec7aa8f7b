/**
 * A good conversation cut short: at a boundary (the end of the signature,
 * the version, the mechanism, the greeting, a frame header, a frame) or one
 * octet either side of it. Over the rounds every boundary is cut.
 */
import {conversation} from "../transcript.mjs"

export const name = "truncations"

const CUTS_PER_ROUND = 6
/** Where a greeting's fields end: signature, version, mechanism, as-server, filler. */
const GREETING_BOUNDARIES = [1, 10, 11, 12, 32, 33, 64]

/** The offsets in `bytes` (a written step) where a field ends: greeting fields if it starts with one, then each frame's header and body. */
function boundaries(bytes) {
  const offsets = []
  let at = 0
  if (bytes[0] === 0xff && bytes.length >= 64) {
    offsets.push(...GREETING_BOUNDARIES)
    at = 64
  }
  while (at + 2 <= bytes.length) {
    const long = bytes[at] & 0x02
    const headerEnd = at + (long ? 9 : 2)
    if (headerEnd > bytes.length) break
    const size = long ? Number(bytes.readBigUInt64BE(at + 1)) : bytes[at + 1]
    offsets.push(at + 1, headerEnd, headerEnd + size)
    at = headerEnd + size
  }
  return offsets.filter(offset => offset <= bytes.length)
}

/** The script cut after `cut` written octets. */
function truncated(script, cut) {
  const steps = []
  let left = cut
  for (const step of script) {
    if (!step.write) { steps.push(step); continue }
    if (left <= 0) break
    steps.push({write: step.write.subarray(0, left)})
    left -= step.write.length
  }
  return steps
}

export function generate(target, random) {
  const script = conversation(target, random)
  const cuts = []
  let base = 0
  for (const step of script) {
    if (!step.write) continue
    for (const offset of boundaries(step.write)) cuts.push(base + offset)
    base += step.write.length
  }
  if (cuts.length === 0) cuts.push(random.below(base))
  const connections = []
  for (let n = 0; n < CUTS_PER_ROUND; n++) {
    const cut = Math.max(0, random.pick(cuts) + random.between(-1, 1))
    connections.push({label: `cut after ${cut} of ${base} octets`, script: truncated(script, cut)})
  }
  return connections
}
