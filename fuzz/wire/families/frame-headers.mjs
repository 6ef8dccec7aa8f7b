/**
 * Frame headers that claim absurd sizes (up to 2^64 - 1 octets), use the
 * long form for small sizes, set reserved flag bits or the command bit, after
 * a handshake (completed for NULL and PLAIN, the greeting only for CURVE)
 * or in place of one. Only a few octets of body follow, then the end.
 */
import {handshake} from "../transcript.mjs"
import {frameHeader} from "../zmtp.mjs"

export const name = "frame-headers"

const CLAIMED_SIZES = [
  0n, 1n, 255n, 256n, 2n ** 31n - 1n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 40n,
  2n ** 62n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 16n, 2n ** 64n - 1n,
]

function absurdFrame(random) {
  const size = random.pick(CLAIMED_SIZES)
  const header = frameHeader(size, {
    more: random.chance(0.5),
    command: random.chance(0.3),
    long: size > 255n || random.chance(0.5),
  })
  // Reserved flag bits (3 to 7) must be zero.
  if (random.chance(0.3)) header[0] |= random.below(32) << 3
  return Buffer.concat([header, random.bytes(random.below(64))])
}

export function generate(target, random) {
  const connections = []
  for (let n = 0; n < 3; n++) {
    const prologue = target.raw ? [] : handshake(target, random)
    connections.push({label: `absurd frame ${n}`, script: [...prologue, {write: absurdFrame(random)}]})
  }
  return connections
}
