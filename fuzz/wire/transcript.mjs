/**
 * A well-behaved client's side of a conversation with a target, as a peer
 * script (peer.mjs): the handshake of the target's mechanism, then messages
 * of the target's peer type. Truncation and mutation start from it, and the
 * frame and command families put their inputs after its handshake.
 */
import {PLAIN_PASSWORD, PLAIN_USERNAME} from "./targets.mjs"
import {
  curveHello, CURVE_HELLO_DATA_SIZE, greeting, message, plainHello, plainInitiate, ready,
} from "./zmtp.mjs"

/**
 * The handshake steps. NULL and PLAIN complete it (PLAIN with the good
 * clients' credentials); CURVE's HELLO needs a box made with the server's
 * key, so ours is random and the server must refuse it.
 */
export function handshake(target, random, {minor = random.below(2)} = {}) {
  const hello = greeting({minor, mechanism: target.mechanism})
  switch (target.mechanism) {
    case "NULL":
      return [{write: Buffer.concat([hello, ready(target.peer)])}, {awaitCommands: 1}]
    case "PLAIN":
      return [
        {write: Buffer.concat([hello, plainHello(PLAIN_USERNAME, PLAIN_PASSWORD)])}, {awaitCommands: 1},
        {write: plainInitiate(target.peer)}, {awaitCommands: 2},
      ]
    case "CURVE": {
      const data = random.bytes(CURVE_HELLO_DATA_SIZE - 2 - 72)
      return [{write: Buffer.concat([hello, curveHello(data.subarray(0, 32), data.subarray(32, 40), data.subarray(40))])},
        {awaitCommands: 1}]
    }
  }
  throw new RangeError(`mechanism: unknown ${target.mechanism}`)
}

/** A few messages a peer of the target's type might send: an empty delimiter, bodies, multipart. */
export function messages(random) {
  const parts = []
  for (let count = random.between(1, 3); count > 0; count--) {
    const frames = random.chance(0.5) ? [Buffer.alloc(0)] : []
    for (let n = random.between(1, 3); n > 0; n--) frames.push(random.bytes(random.below(40)))
    parts.push(message(frames))
  }
  return Buffer.concat(parts)
}

/** The whole conversation: handshake, then messages. A STREAM target gets raw bytes. */
export function conversation(target, random) {
  if (target.raw) return [{write: random.bytes(random.between(1, 512))}]
  return [...handshake(target, random), {write: messages(random)}]
}
