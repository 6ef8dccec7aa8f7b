/**
 * A good conversation, mutated: bits flipped, a slice copied elsewhere, a
 * written step (a command, a message) sent twice, a slice deleted, an octet
 * set to an extreme. The waits of the script stay where they were.
 */
import {conversation} from "../transcript.mjs"

export const name = "mutations"

const MUTATIONS = {
  "bit flips": (bytes, random) => {
    const copy = Buffer.from(bytes)
    for (let n = random.between(1, 8); n > 0; n--) copy[random.below(copy.length)] ^= 1 << random.below(8)
    return copy
  },
  splice: (bytes, random) => {
    const from = random.below(bytes.length)
    const slice = bytes.subarray(from, from + random.between(1, 64))
    const at = random.below(bytes.length + 1)
    return Buffer.concat([bytes.subarray(0, at), slice, bytes.subarray(at)])
  },
  duplicate: bytes => Buffer.concat([bytes, bytes]),
  deletion: (bytes, random) => {
    const from = random.below(bytes.length)
    return Buffer.concat([bytes.subarray(0, from), bytes.subarray(from + random.between(1, 16))])
  },
  "extreme octet": (bytes, random) => {
    const copy = Buffer.from(bytes)
    copy[random.below(copy.length)] = random.pick([0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff])
    return copy
  },
}

export function generate(target, random) {
  const connections = []
  for (let n = 0; n < 3; n++) {
    const script = conversation(target, random)
    const writes = script.flatMap((step, i) => step.write ? [i] : [])
    const chosen = random.pick(writes)
    const mutation = random.pick(Object.keys(MUTATIONS))
    const mutated = script.map((step, i) => i === chosen ? {write: MUTATIONS[mutation](step.write, random)} : step)
    connections.push({label: `${mutation} in step ${chosen}`, script: mutated})
  }
  return connections
}
