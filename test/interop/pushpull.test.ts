/**
 * PUSH/PULL against each foreign peer: 10,000 numbered messages over two
 * connections (5,000 each, sent at the same time), none lost, each
 * connection's messages in the order they were sent.
 */
import {expect} from "vitest"
import * as zmq from "../../lib/index"
import {ANY_PORT, hex, interop, type PeerProcess, startPeer} from "./support"

const PER_CONNECTION = 5_000
const prefixes = ["a:", "b:"]

/** "all in order" if every prefix's numbers arrived exactly once and in order; else the first difference. */
function check(received: string[]): string {
  for (const prefix of prefixes) {
    const mine = received.filter(text => text.startsWith(prefix))
    for (let i = 0; i < Math.max(mine.length, PER_CONNECTION); i++) {
      if (mine[i] !== `${prefix}${i}`) return `${prefix} message ${i}: got ${JSON.stringify(mine[i])}, want ${prefix}${i}`
    }
  }
  const others = received.filter(text => !prefixes.some(prefix => text.startsWith(prefix)))
  return others.length ? `unexpected messages: ${others.slice(0, 3).join(", ")}` : "all in order"
}

const text = (message: Buffer[]) => message.length === 1 ? message[0]!.toString("latin1") : `${message.length} frames`

interop("pushpull", async ({peer, role, use}) => {
  const received: string[] = []
  const total = PER_CONNECTION * prefixes.length
  if (role === "zmq-napi binds") {
    // Two peer processes push into one zmq-napi Pull.
    const pull = use(new zmq.Pull())
    await pull.bind(ANY_PORT)
    const pushers: PeerProcess[] = []
    for (const _ of prefixes) pushers.push((await startPeer(peer, "push", "connect", pull.lastEndpoint!)).process)
    pushers.forEach((push, i) => push.command(`SENDN ${PER_CONNECTION} ${hex(prefixes[i]!)}`))
    for (let i = 0; i < total; i++) received.push(text(await pull.receive()))
    for (const push of pushers) expect(await push.expect("SENT")).toBe(String(PER_CONNECTION))
  } else {
    // Two zmq-napi Push sockets feed the peer's Pull.
    const {process: pull, endpoint} = await startPeer(peer, "pull", "bind", ANY_PORT)
    pull.command(`RECVN ${total}`)
    const sends: Promise<void>[] = []
    const pushers = prefixes.map(() => {
      const push = use(new zmq.Push())
      push.connect(endpoint)
      return push
    })
    for (let i = 0; i < PER_CONNECTION; i++) {
      pushers.forEach((push, p) => sends.push(push.send(`${prefixes[p]}${i}`)))
    }
    await Promise.all(sends)
    for (let i = 0; i < total; i++) {
      const message = await pull.readMessage()
      expect(message, `the peer's receive timed out after ${i} messages`).not.toBeNull()
      received.push(text(message!))
    }
  }
  expect(received).toHaveLength(total)
  expect(check(received)).toBe("all in order")
})
