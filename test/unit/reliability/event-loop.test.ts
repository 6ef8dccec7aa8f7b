/**
 * The event loop and ZMQ_FD's edge trigger (reliability.md F7, F8, T6):
 * a busy socket must let timers and I/O run, and a readiness edge consumed
 * by a send or receive must never leave a waiting operation hanging.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {track} from "./support"

/** Counts how often a macrotask gets to run while `work` is going on. */
async function immediatesDuring(work: () => Promise<void>): Promise<number> {
  let ticks = 0
  let running = true
  const tick = () => {
    ticks++
    if (running) setImmediate(tick)
  }
  setImmediate(tick)
  await work()
  running = false
  return ticks
}

describe("the event loop is never starved", () => {
  it("by sends that libzmq always accepts at once", async () => {
    // A Publisher without subscribers takes (and drops) every message synchronously.
    const pub = track(new zmq.Publisher())
    await pub.bind("inproc://starve-send")
    const count = 20_000
    const ticks = await immediatesDuring(async () => {
      for (let i = 0; i < count; i++) await pub.send("x")
    })
    // At most 512 operations complete in a row before the socket yields once.
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(count / 512) - 1)
  })

  it("by receives from a queue that is already full", async () => {
    const push = track(new zmq.Push({sendHighWaterMark: 0}))
    const pull = track(new zmq.Pull({receiveHighWaterMark: 0}))
    await push.bind("inproc://starve-receive")
    pull.connect("inproc://starve-receive")
    const count = 20_000
    for (let i = 0; i < count; i++) await push.send(String(i))
    let received = 0
    const ticks = await immediatesDuring(async () => {
      for await (const [frame] of pull) {
        expect(frame!.toString()).toBe(String(received))
        if (++received === count) break
      }
    })
    expect(received).toBe(count)
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(count / 512) - 1)
  })
})

describe.each(transports)("readiness edges over %s", transport => {
  it("a ping-pong whose sends complete at once while a receive waits never stalls", async () => {
    const a = track(new zmq.Dealer())
    const b = track(new zmq.Dealer())
    b.connect(await bound(a, transport))
    const rounds = 20_000
    const echo = (async () => {
      for (let i = 0; i < rounds; i++) {
        const [message] = await b.receive()
        await b.send(message!)
      }
    })()
    for (let i = 0; i < rounds; i++) {
      // The receive is pending before the send: the send consumes the FD's
      // edge, and only the ZMQ_EVENTS re-check after it can wake the receive.
      const reply = a.receive()
      await a.send(String(i))
      const [frame] = await reply
      expect(frame!.toString()).toBe(String(i))
    }
    await echo
  })

  it("a burst that arrived while nobody was receiving is all delivered without new traffic", async () => {
    // No high-water marks: the whole burst must fit in the queues before anyone reads.
    const push = track(new zmq.Push({sendHighWaterMark: 0}))
    const pull = track(new zmq.Pull({receiveHighWaterMark: 0}))
    pull.connect(await bound(push, transport))
    const count = 10_000
    for (let i = 0; i < count; i++) await push.send(String(i))
    // Nothing more is sent from here on.
    let received = 0
    for await (const [frame] of pull) {
      expect(frame!.toString()).toBe(String(received))
      if (++received === count) break
    }
    expect(received).toBe(count)
  })
})
