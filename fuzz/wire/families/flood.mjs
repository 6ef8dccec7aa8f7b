/**
 * Half-open connections held open while the good clients are checked: some
 * silent, some with part of a greeting, some with a whole greeting and no
 * handshake, some with a handshake begun. libzmq must keep serving others
 * and close these when their handshake interval runs out.
 */
import {GREETING_SIZE, greeting} from "../zmtp.mjs"
import {handshake} from "../transcript.mjs"

export const name = "flood"
/** The campaign keeps these connections open during the oracle's check. */
export const hold = true

const CONNECTIONS = 8

export function generate(target, random) {
  const connections = []
  for (let n = 0; n < CONNECTIONS; n++) {
    const whole = greeting({minor: random.below(2), mechanism: target.mechanism})
    const script = random.pick([
      () => [],
      () => [{write: whole.subarray(0, random.between(1, GREETING_SIZE - 1))}],
      () => [{write: whole}],
      () => target.raw ? [] : handshake(target, random).slice(0, 1),
    ])()
    connections.push({label: `half-open ${n}`, script})
  }
  return connections
}
