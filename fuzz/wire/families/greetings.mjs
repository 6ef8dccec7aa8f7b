/**
 * Greetings that are wrong in one way or several: versions from 0.0 to
 * 255.255, mechanisms the server does not run or that do not exist, the
 * as-server flag, a broken signature, random filler, cut short anywhere.
 */
import {GREETING_SIZE, greeting} from "../zmtp.mjs"

export const name = "greetings"

const MECHANISM_NAMES = ["NULL", "PLAIN", "CURVE", "GSSAPI", "null", "", "NULL\0PLAIN", "X".repeat(20), "CURVEZMQ"]

function wrongGreeting(random) {
  const bytes = greeting({
    major: random.chance(0.5) ? random.below(256) : random.between(1, 4),
    minor: random.below(256),
    mechanism: random.chance(0.2) ? random.bytes(20).toString("latin1") : random.pick(MECHANISM_NAMES),
    asServer: random.chance(0.5),
  })
  if (random.chance(0.3)) random.bytes(31).copy(bytes, 33)
  // The signature: padding octets (a ZMTP/1.0 length to older readers) and the 0x7f marker.
  if (random.chance(0.2)) bytes[random.between(1, 9)] = random.below(256)
  return random.chance(0.4) ? bytes.subarray(0, random.between(1, GREETING_SIZE - 1)) : bytes
}

export function generate(target, random) {
  const connections = []
  for (let n = 0; n < 4; n++) {
    const trailer = random.chance(0.5) ? random.bytes(random.below(300)) : Buffer.alloc(0)
    connections.push({label: `wrong greeting ${n}`, script: [{write: Buffer.concat([wrongGreeting(random), trailer])}]})
  }
  return connections
}
