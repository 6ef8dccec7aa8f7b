/**
 * Poller, readable: which of several sockets has a message, over every
 * transport; messages already read ahead into a socket's inbox; and a
 * receive() or for-await loop on a socket that a poller also waits on (the
 * poller reports, it never takes a message).
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {observe, pushPull, socketScope, texts, turn} from "../patterns/support"
import {summary} from "./support"

describe.each(transports)("Poller: readable over %s", transport => {
  const use = socketScope()

  async function three() {
    const a = await pushPull(use, transport)
    const b = await pushPull(use, transport)
    const c = await pushPull(use, transport)
    const names = new Map<zmq.Socket, string>([[a.pull, "a"], [b.pull, "b"], [c.pull, "c"]])
    const poller = new zmq.Poller<zmq.Pull>().add(a.pull, "readable").add(b.pull, "readable").add(c.pull, "readable")
    return {a, b, c, names, poller}
  }

  it("reports the one socket, among several, that a message arrived on", async () => {
    const {b, names, poller} = await three()
    expect(await poller.wait({timeout: 0})).toEqual([])

    const waiting = poller.wait()
    await b.push.send("to b")
    const ready = await waiting
    expect(summary(ready, names)).toEqual([["b", "r"]])
    // The poller took nothing: the message is there for the caller.
    expect(texts(await ready[0]!.socket.receive())).toEqual(["to b"])
    expect(await poller.wait({timeout: 0})).toEqual([])
  })

  it("reports every socket that is ready, in the order they were added", async () => {
    const {a, c, names, poller} = await three()
    await c.push.send("to c")
    await a.push.send("to a")
    // Each arrival is awaited on a poller of its own, so both are there.
    await new zmq.Poller().add(c.pull).wait()
    await new zmq.Poller().add(a.pull).wait()

    const ready = await poller.wait({timeout: 0})
    expect(summary(ready, names)).toEqual([["a", "r"], ["c", "r"]])
    for (const {socket} of ready) expect(texts(await socket.receive())).toEqual([socket === a.pull ? "to a" : "to c"])
  })

  it("stays readable until the caller has received every message", async () => {
    const {a, names, poller} = await three()
    for (const text of ["1", "2", "3"]) await a.push.send(text)
    const received: string[] = []
    while (received.length < 3) {
      for (const {socket} of await poller.wait()) received.push(texts(await socket.receive())[0]!)
    }
    expect(received).toEqual(["1", "2", "3"])
    expect(summary(await poller.wait({timeout: 0}), names)).toEqual([])
  })
})

describe("Poller: messages read ahead into a socket's inbox", () => {
  const use = socketScope()

  it("a socket with messages in its inbox is readable though libzmq has none left", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    // Over inproc a send is in the pipe when it resolves; the receive then
    // reads all three from libzmq in one batch and hands out the first.
    for (const text of ["1", "2", "3"]) await push.send(text)
    expect(texts(await pull.receive())).toEqual(["1"])

    const poller = new zmq.Poller().add(pull, "readable")
    expect(summary(await poller.wait({timeout: 0}), new Map([[pull, "pull"]]))).toEqual([["pull", "r"]])
    expect(texts(await pull.receive())).toEqual(["2"])
    expect(await poller.wait({timeout: 0})).toHaveLength(1)
    expect(texts(await pull.receive())).toEqual(["3"])
    expect(await poller.wait({timeout: 0})).toEqual([])
  })

  it("a pending wait hears of messages a receive() read ahead meanwhile", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    const poller = new zmq.Poller().add(pull, "readable")
    const waiting = observe(poller.wait())
    await turn()
    expect(waiting.settled).toBe(false)

    // In one go: the messages reach the pipe, and receive() takes them all
    // from libzmq before the socket's ZMQ_FD is serviced. No readiness
    // event will ever announce the two left in the inbox.
    void push.send("1")
    void push.send("2")
    void push.send("3")
    const first = pull.receive()
    const ready = await waiting.promise
    expect(ready).toHaveLength(1)
    expect(ready[0]).toMatchObject({readable: true, writable: false})
    expect(ready[0]!.socket).toBe(pull)
    expect(texts(await first)).toEqual(["1"])
    expect(texts(await pull.receive())).toEqual(["2"])
    expect(texts(await pull.receive())).toEqual(["3"])
  })
})

describe.each(transports)("Poller alongside receive() over %s", transport => {
  const use = socketScope()

  it("a pending receive() gets the message first; the wait goes on until another is left over", async () => {
    const {push, pull} = await pushPull(use, transport)
    const poller = new zmq.Poller().add(pull, "readable")
    const waiting = observe(poller.wait())
    const receiving = pull.receive()

    await push.send("first")
    expect(texts(await receiving)).toEqual(["first"])
    // The receive was served on the same readiness event the poller heard;
    // it found nothing left, and waits on.
    await turn()
    expect(waiting.settled).toBe(false)

    await push.send("second")
    const ready = await waiting.promise
    expect(ready.map(item => item.socket)).toEqual([pull])
    expect(texts(await pull.receive())).toEqual(["second"])
  })

  it("a for-await loop gets every message, in order, while a poller keeps waiting on the socket", async () => {
    const {push, pull} = await pushPull(use, transport)
    const received: string[] = []
    let gotThree!: () => void
    const three = new Promise<void>(resolve => { gotThree = resolve })
    const loop = (async () => {
      for await (const message of pull) {
        received.push(texts(message)[0]!)
        if (received.length === 3) gotThree()
      }
    })()
    // Between two turns of the loop a message may well be waiting in the
    // socket's inbox, and the poller says so; it never takes one.
    const poller = new zmq.Poller().add(pull, "readable")
    const polling = (async () => {
      for (;;) {
        await poller.wait()
        await turn()
      }
    })()
    for (const text of ["a", "b", "c"]) await push.send(text)
    await three
    expect(received).toEqual(["a", "b", "c"])

    // Closing the socket ends both: the loop cleanly, the waits with EBADF.
    pull.close()
    await loop
    await expect(polling).rejects.toMatchObject({code: "EBADF"})
  })
})

describe("Poller: sockets that only receive", () => {
  const use = socketScope()

  it("a Subscriber is reported readable once a matching message arrives", async () => {
    const publisher = use(new zmq.Publisher())
    const subscriber = use(new zmq.Subscriber())
    subscriber.subscribe("topic")
    // Over inproc the subscription reaches the publisher with the connection,
    // before its first send.
    subscriber.connect(await bound(publisher, "inproc"))
    const poller = new zmq.Poller<zmq.Subscriber>().add(subscriber, "readable")
    const waiting = poller.wait()
    await publisher.send(["other", "ignored"])
    await publisher.send(["topic", "news"])
    const [ready] = await waiting
    expect(texts(await ready!.socket.receive())).toEqual(["topic", "news"])
  })
})
