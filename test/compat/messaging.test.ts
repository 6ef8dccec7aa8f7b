import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../lib/compat/index"
import {detachedBuffer} from "../helpers"
import {bindTo, closeAll, messages, next, nextMessage, sent, socket, transports} from "./support"

afterEach(closeAll)

describe.each(transports)("compat patterns over %s", transport => {
  it("req/rep round trip, multipart both ways", async () => {
    const rep = socket("rep")
    const address = bindTo(rep, transport)
    const req = socket("req")
    req.connect(address)
    rep.on("message", (...frames: Buffer[]) => rep.send(["re", ...frames]))
    req.send(["a", "b"])
    expect(await nextMessage(req)).toEqual(["re", "a", "b"])
    req.send("c")
    expect(await nextMessage(req)).toEqual(["re", "c"])
  })

  it("push/pull keeps order", async () => {
    const pull = socket("pull")
    const address = bindTo(pull, transport)
    const push = socket("push")
    push.connect(address)
    const received = messages(pull, 100)
    for (let index = 0; index < 100; index++) push.send(String(index))
    expect((await received).map(([frame]) => frame)).toEqual(Array.from({length: 100}, (_, index) => String(index)))
  })

  it("router/dealer: the router receives (identity, ...frames) and routes replies by identity", async () => {
    const router = socket("router")
    const address = bindTo(router, transport)
    const dealer = socket("dealer", {identity: Buffer.from([0, 1, 0, 2])})
    dealer.connect(address)
    dealer.send(["hello", "world"])
    const [identity, ...frames] = (await next(router, "message")) as Buffer[]
    expect(identity).toEqual(Buffer.from([0, 1, 0, 2]))
    expect(frames.map(String)).toEqual(["hello", "world"])
    router.send([identity!, "reply"])
    expect(await nextMessage(dealer)).toEqual(["reply"])
  })

  it("pair sends both ways", async () => {
    const a = socket("pair")
    const address = bindTo(a, transport)
    const b = socket("pair")
    b.connect(address)
    b.send("to a")
    expect(await nextMessage(a)).toEqual(["to a"])
    a.send("to b")
    expect(await nextMessage(b)).toEqual(["to b"])
  })
})

describe("compat pub/sub", () => {
  it("subscribe/unsubscribe filter by prefix (strings and Buffers)", async () => {
    const sub = socket("sub")
    const address = bindTo(sub)
    const pub = socket("xpub")
    pub.connect(address)
    sub.subscribe("a")
    expect((await next(pub, "message"))[0]).toEqual(Buffer.from("\x01a"))
    sub.subscribe(Buffer.from([0]))
    expect((await next(pub, "message"))[0]).toEqual(Buffer.from([1, 0]))
    pub.send(["b", "dropped"])
    pub.send(["a1", "kept"])
    pub.send([Buffer.from([0, 9]), "binary"])
    expect(await messages(sub, 2)).toEqual([["a1", "kept"], ["\0\t", "binary"]])
    sub.unsubscribe("a")
    expect((await next(pub, "message"))[0]).toEqual(Buffer.from("\x00a"))
    pub.send("a2")
    pub.send([Buffer.from([0]), "still"])
    expect(await nextMessage(sub)).toEqual(["\0", "still"])
  })

  it("subscribe on a non-SUB socket throws libzmq's EINVAL", () => {
    const pub = socket("pub")
    expect(() => pub.subscribe("x")).toThrow("Invalid argument")
  })
})

describe("compat send()", () => {
  it("sends strings, numbers, Buffers, typed arrays and null the legacy way", async () => {
    const pull = socket("pull")
    const address = bindTo(pull)
    const push = socket("push")
    push.connect(address)
    const received = new Promise<Buffer[]>(resolve => pull.once("message", (...frames: Buffer[]) => resolve(frames)))
    push.send(["text", 15.99, Buffer.from([0, 255]), new Uint8Array([1, 2]), null, {}])
    const frames = await received
    for (const frame of frames) expect(Buffer.isBuffer(frame)).toBe(true)
    expect(frames.map(frame => [...frame])).toEqual([
      [...Buffer.from("text")], [...Buffer.from("15.99")], [0, 255], [1, 2], [...Buffer.from("null")],
      [...Buffer.from("[object Object]")],
    ])
  })

  it("sends a detached ArrayBuffer or view as an empty frame, queued or not", async () => {
    // Transferred away, they have no bytes (byteLength 0): not a TypeError from deep inside.
    const pull = socket("pull")
    const address = bindTo(pull)
    const push = socket("push")
    const sending = messages(pull, 2)
    push.send(["a", detachedBuffer().buffer, detachedBuffer()])
    push.connect(address)
    push.send(["b", detachedBuffer().buffer])
    expect((await sending).map(frames => frames.map(frame => frame.length))).toEqual([[1, 0, 0], [1, 0]])
  })

  it("ZMQ_SNDMORE chains parts across calls into one message with one callback per batch", async () => {
    const pull = socket("pull")
    const address = bindTo(pull)
    const push = socket("push")
    push.connect(address)
    const calls: string[] = []
    const received = messages(pull, 2)
    push.send("a", zmq.ZMQ_SNDMORE, () => calls.push("part a"))
    push.send(["b", "c"], zmq.ZMQ_SNDMORE)
    push.send("d", 0, function (this: unknown, error?: Error) {
      calls.push(`last ${this === push} ${error}`)
    })
    push.send("e", null as unknown as number)
    expect(await received).toEqual([["a", "b", "c", "d"], ["e"]])
    expect(calls).toEqual(["part a", "last true undefined"])
  })

  it("send(msg, cb) takes the callback in place of flags", async () => {
    const pull = socket("pull")
    const push = socket("push")
    push.connect(bindTo(pull))
    const done = new Promise(resolve => push.send("x", resolve as () => void))
    expect(await done).toBeUndefined()
    expect(await nextMessage(pull)).toEqual(["x"])
  })

  it("the caller may reuse its Buffer once send() returns, even when the message waits", async () => {
    const push = socket("push")
    const address = bindTo(push)
    const buffer = Buffer.from("original")
    push.send(buffer) // no peer yet: it waits in the send queue
    buffer.write("changed!")
    const pull = socket("pull")
    pull.connect(address)
    expect(await nextMessage(pull)).toEqual(["original"])
  })

  it("libzmq send errors go to the callback (legacy texts, with codes) or to 'error'", async () => {
    const router = socket("router")
    router.setsockopt(zmq.ZMQ_ROUTER_MANDATORY, 1)
    bindTo(router)
    const error = (await sent(router, ["nobody", "x"])) as Error & {code?: string}
    // libzmq 4.3's zmq_strerror text (older libzmq builds said "No route to host").
    expect(error.message).toBe("Host unreachable")
    expect(error.code).toBe("EHOSTUNREACH")
    const emitted = next(router, "error")
    router.send(["nobody", "y"])
    expect(((await emitted)[0] as Error).message).toBe("Host unreachable")
  })
})

describe("compat 'message' listeners", () => {
  it("an exception thrown by a listener is emitted as 'error' and delivery continues", async () => {
    const pull = socket("pull")
    const push = socket("push")
    push.connect(bindTo(pull))
    const errors: unknown[] = []
    pull.on("error", error => errors.push(error))
    const seen: string[] = []
    const all = new Promise<void>(resolve => pull.on("message", (frame: Buffer) => {
      seen.push(frame.toString())
      if (seen.length === 3) resolve()
      if (frame.toString() === "boom") throw new Error("listener failed")
    }))
    push.send("one")
    push.send("boom")
    push.send("three")
    await all
    expect(seen).toEqual(["one", "boom", "three"])
    expect(errors).toHaveLength(1)
    expect((errors[0] as Error).message).toBe("listener failed")
  })

  it("emits one Buffer argument per frame, synchronously with the read (no extra tick)", async () => {
    const pull = socket("pull")
    const push = socket("push")
    push.connect(bindTo(pull))
    const argCounts: number[] = []
    pull.on("message", (...frames: Buffer[]) => argCounts.push(frames.length))
    const all = messages(pull, 3)
    push.send("1")
    push.send(["1", "2"])
    push.send(["1", "2", "3"])
    await all
    expect(argCounts).toEqual([1, 2, 3])
  })
})
