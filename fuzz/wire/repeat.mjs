/**
 * Repeating a send until its effect is seen. Some sockets legitimately drop
 * a message: a PUB before the subscription arrives, a round-robin DEALER or
 * PUSH that picks the pipe of a peer that is going away. So the oracle sends
 * its marker again and again until the arrival is reported; the arrival is
 * the signal, the pause only spaces the sends out (longer and longer, so a
 * loaded machine is not flooded).
 */
import {setTimeout as delay} from "node:timers/promises"

const FIRST_PAUSE_MS = 2
const LONGEST_PAUSE_MS = 100

/** Runs `action` until `isDone()` (checked before each run), pausing between runs. */
export async function repeatUntil(action, isDone) {
  let pause = FIRST_PAUSE_MS
  while (!isDone()) {
    await action()
    if (isDone()) return
    await delay(pause)
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS)
  }
}
