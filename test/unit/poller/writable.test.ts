/**
 * Poller, writable and both: a socket whose high-water mark is reached is not
 * writable, and becomes writable again once the peer drains it; "both"
 * reports each direction that is ready.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {observe, socketScope, texts, turn} from "../patterns/support"
import {summary} from "./support"

/** Sends with sendTimeout 0 until libzmq refuses; how many it took. */
async function fill(push: zmq.Push, payload: Buffer): Promise<number> {
  push.sendTimeout = 0
  for (let sent = 0; ; sent++) {
    try {
      await push.send(payload)
    } catch (error) {
      expect(error).toMatchObject({code: "EAGAIN"})
      push.sendTimeout = -1
      return sent
    }
  }
}

describe("Poller: writable over inproc", () => {
  const use = socketScope()

  it("a full pipe is not writable; draining it makes a pending wait resolve writable", async () => {
    const push = use(new zmq.Push({sendHighWaterMark: 5}))
    const pull = use(new zmq.Pull({receiveHighWaterMark: 5}))
    pull.connect(await bound(push, "inproc"))
    const names = new Map<zmq.Socket, string>([[push, "push"]])
    const poller = new zmq.Poller<zmq.Push>().add(push, "writable")
    expect(summary(await poller.wait({timeout: 0}), names)).toEqual([["push", "w"]])

    // libzmq sizes an inproc pipe as the sum of both ends' marks.
    expect(await fill(push, Buffer.from("m"))).toBe(10)
    expect(await poller.wait({timeout: 0})).toEqual([])

    const waiting = observe(poller.wait())
    await turn()
    expect(waiting.settled).toBe(false)
    for (let i = 0; i < 10; i++) expect(texts(await pull.receive())).toEqual(["m"])
    expect(summary(await waiting.promise, names)).toEqual([["push", "w"]])
    await push.send("after")
    expect(texts(await pull.receive())).toEqual(["after"])
  })

  it("a Push without any peer is not writable until one connects", async () => {
    const push = use(new zmq.Push())
    const address = await bound(push, "inproc")
    const poller = new zmq.Poller().add(push, "writable")
    expect(await poller.wait({timeout: 0})).toEqual([])
    const waiting = poller.wait()
    const pull = use(new zmq.Pull())
    pull.connect(address)
    expect((await waiting).map(item => item.socket)).toEqual([push])
  })
})

describe.each(transports.filter(transport => transport !== "inproc"))("Poller: writable over %s", transport => {
  const use = socketScope()

  it("a socket whose queue and kernel buffers are full becomes writable as the peer drains them", async () => {
    const push = use(new zmq.Push({sendHighWaterMark: 2}))
    const pull = use(new zmq.Pull({receiveHighWaterMark: 2}))
    pull.connect(await bound(push, transport))
    const poller = new zmq.Poller().add(push, "writable")
    // The connection is up once the socket is writable.
    await poller.wait()

    // libzmq's I/O thread moves messages on into the kernel while the peer
    // reads nothing, so the first EAGAIN may not last: fill until a check
    // finds the socket not writable (the buffers are full by then).
    let sent = 0
    do sent += await fill(push, Buffer.alloc(64 * 1024, 1))
    while ((await poller.wait({timeout: 0})).length > 0)

    const waiting = observe(poller.wait())
    let received = 0
    while (!waiting.settled && received < sent) {
      const [frame] = await pull.receive()
      expect(frame!.length).toBe(64 * 1024)
      received++
      await turn()
    }
    const ready = await waiting.promise
    expect(ready).toHaveLength(1)
    expect(ready[0]).toMatchObject({readable: false, writable: true})
    expect(received).toBeLessThanOrEqual(sent)
    for (; received < sent; received++) await pull.receive()
  })
})

describe.each(transports)("Poller: both directions over %s", transport => {
  const use = socketScope()

  it("reports writable alone, then readable and writable once a message arrived", async () => {
    const left = use(new zmq.Dealer())
    const right = use(new zmq.Dealer())
    right.connect(await bound(left, transport))
    const names = new Map<zmq.Socket, string>([[left, "left"], [right, "right"]])
    const poller = new zmq.Poller<zmq.Dealer>().add(left, "both")

    // Writable as soon as the connection is up.
    expect(summary(await poller.wait(), names)).toEqual([["left", "w"]])
    await right.send("hello")
    // Another poller, for "readable" alone, waits for "hello" to arrive.
    await new zmq.Poller().add(left, "readable").wait()
    expect(summary(await poller.wait({timeout: 0}), names)).toEqual([["left", "rw"]])
    expect(texts(await left.receive())).toEqual(["hello"])

    poller.modify(left, "readable")
    const waiting = poller.wait()
    await right.send("again")
    expect(summary(await waiting, names)).toEqual([["left", "r"]])
  })
})
