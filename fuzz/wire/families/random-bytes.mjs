/**
 * Random bytes: most do not start with 0xff, so libzmq takes them for a
 * ZMTP/1.0 peer ([length][flags][body] frames); the rest start like a ZMTP 2/3
 * signature and go wherever the next bytes lead.
 */
import {v1Frame} from "../zmtp.mjs"

export const name = "random-bytes"

export function generate(target, random) {
  const blob = random.bytes(random.between(1, 4096))
  const signed = Buffer.concat([Buffer.from([0xff]), random.bytes(random.between(0, 200))])
  // ZMTP/1.0 frames with random bodies, some in the long form (0xff then an 8-octet length).
  const frames = []
  for (let n = random.between(1, 6); n > 0; n--) {
    frames.push(v1Frame(random.bytes(random.chance(0.2) ? random.between(254, 600) : random.below(40)), {more: random.chance(0.5)}))
  }
  return [
    {label: "random blob", script: [{write: blob}]},
    {label: "0xff then random", script: [{write: signed}]},
    {label: "ZMTP/1.0 frames", script: [{write: Buffer.concat(frames)}]},
  ]
}
