/**
 * sendBatch() and receiveBatch(): many messages per call, with the same
 * guarantees as send()/receive(): order, no loss, high-water marks, and a
 * clear account of what went out when a batch fails.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, failure, transports} from "../../helpers"
import {pushPull, socketScope} from "./support"

const use = socketScope()

/** Receives with receiveBatch() until `count` messages arrived. */
async function drain(pull: zmq.Pull, count: number): Promise<Buffer[][]> {
  const received: Buffer[][] = []
  while (received.length < count) {
    const batch = await pull.receiveBatch()
    expect(batch.length).toBeGreaterThan(0)
    received.push(...batch)
  }
  return received
}

describe.each(transports)("batches over %s", transport => {
  it("a batch of multipart messages arrives whole, in order, and receiveBatch drains it", async () => {
    const push = use(new zmq.Push())
    const pull = use(new zmq.Pull())
    pull.connect(await bound(push, transport))
    const messages = Array.from({length: 3000}, (_, i) => [String(i), Buffer.from([i & 0xff, 0]), null])
    // More than the two high-water marks hold: the batch completes only as the reader drains.
    const sending = push.sendBatch(messages)
    const received = await drain(pull, messages.length)
    await sending
    expect(received).toHaveLength(messages.length)
    received.forEach(([index, bytes, empty], i) => {
      expect(index!.toString()).toBe(String(i))
      expect([...bytes!]).toEqual([i & 0xff, 0])
      expect(empty!.length).toBe(0)
    })
  })

  it("batches and single sends keep their call order", async () => {
    const push = use(new zmq.Push())
    const pull = use(new zmq.Pull())
    pull.connect(await bound(push, transport))
    const sends = [
      push.send("a"),
      push.sendBatch(["b", "c"]),
      push.send("d"),
      push.sendBatch([]),
      push.sendBatch(["e"]),
    ]
    await Promise.all(sends)
    const received = await drain(pull, 5)
    expect(received.map(([frame]) => frame!.toString())).toEqual(["a", "b", "c", "d", "e"])
  })
})

describe("packing a batch (inproc)", () => {
  it("frames of every kind and size, across many packs, arrive byte for byte", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    // Sizes around the pack's limits (8 KiB per packed frame, 64 KiB per pack).
    const sizes = [0, 1, 63, 64, 1000, 8191, 8192, 8193, 40_000, 65_535, 65_536, 70_000]
    const pattern = (size: number, seed: number) => {
      const bytes = Buffer.allocUnsafe(size)
      for (let i = 0; i < size; i++) bytes[i] = (i * 7 + seed) & 0xff
      return bytes
    }
    const messages: zmq.MessageLike[][] = []
    for (let i = 0; i < 600; i++) {
      const size = sizes[i % sizes.length]!
      const bytes = pattern(size, i)
      const view = i % 4 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, size >> 1)
        : i % 4 === 1 ? new DataView(bytes.buffer, bytes.byteOffset, size)
          : i % 4 === 2 ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + size)
            : bytes
      messages.push([String(i), view, null, pattern(i % 50, i)])
    }
    const expected = messages.map(([index, view, , tail]) => [
      Buffer.from(index as string),
      Buffer.from(ArrayBuffer.isView(view) ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength) : new Uint8Array(view as ArrayBuffer)),
      Buffer.alloc(0),
      Buffer.from(tail as Buffer),
    ])
    const sending = push.sendBatch(messages)
    // The caller may reuse its buffers as soon as sendBatch() returns.
    for (const message of messages) for (const frame of message) if (Buffer.isBuffer(frame)) frame.fill(0xee)
    const received = await drain(pull, messages.length)
    await sending
    expect(received).toHaveLength(expected.length)
    // Buffer.equals: toEqual would compare megabytes byte by byte through its generic walker.
    const mismatches = received.filter((message, i) =>
      message.length !== expected[i]!.length || message.some((frame, f) => !frame.equals(expected[i]![f]!)))
    expect(mismatches).toEqual([])
  })

  it("a message with more frames than a pack holds arrives whole", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    const big = Array.from({length: 3000}, (_, i) => Buffer.from([i & 0xff, i >> 8]))
    await push.sendBatch([[Buffer.from("a")], big, [Buffer.from("z")]])
    const received = await drain(pull, 3)
    expect(received.map(message => message.length)).toEqual([1, 3000, 1])
    expect(received[1]).toEqual(big)
    expect(received[2]![0]!.toString()).toBe("z")
  })

  it("an error after some messages went out rejects with the count that went out", async () => {
    const router = use(new zmq.Router({mandatory: true}))
    const dealer = use(new zmq.Dealer({routingId: "known"}))
    await router.bind("inproc://batch-unroutable")
    dealer.connect("inproc://batch-unroutable")
    await dealer.send("hello")
    await router.receive()
    const error = await router.sendBatch([
      ["known", Buffer.from("one")],
      ["known", Buffer.from("two")],
      ["unknown", Buffer.from("lost")],
      ["known", Buffer.from("never")],
    ]).then(() => undefined, (e: unknown) => e) as zmq.ZmqError & {sent: number}
    expect(error.code).toBe("EHOSTUNREACH")
    expect(error.sent).toBe(2)
    expect((await dealer.receive()).toString()).toBe("one")
    expect((await dealer.receive()).toString()).toBe("two")
  })
})

describe("batches and the high-water mark (inproc)", () => {
  it("with sendTimeout 0 a batch past the mark rejects with EAGAIN and says how many went out", async () => {
    const push = use(new zmq.Push({sendHighWaterMark: 5, sendTimeout: 0}))
    const pull = use(new zmq.Pull({receiveHighWaterMark: 5}))
    await push.bind("inproc://batch-hwm-immediate")
    pull.connect("inproc://batch-hwm-immediate")
    const messages = Array.from({length: 50}, (_, i) => String(i))
    const error = await push.sendBatch(messages).then(() => undefined, (e: unknown) => e) as zmq.ZmqError & {sent: number}
    expect(error.code).toBe("EAGAIN")
    expect(error.sent).toBe(10)
    // Exactly the messages counted as sent arrive, in order; nothing else.
    await push.send("end").catch(() => undefined)
    const received = await drain(pull, 10)
    expect(received.map(([frame]) => frame!.toString())).toEqual(messages.slice(0, 10))
  })

  it("with the default sendTimeout a batch past the mark waits and completes as the reader drains", async () => {
    const push = use(new zmq.Push({sendHighWaterMark: 5}))
    const pull = use(new zmq.Pull({receiveHighWaterMark: 5}))
    await push.bind("inproc://batch-hwm-wait")
    pull.connect("inproc://batch-hwm-wait")
    const messages = Array.from({length: 200}, (_, i) => String(i))
    let done = false
    const sending = push.sendBatch(messages).then(() => { done = true })
    const received = await drain(pull, messages.length)
    await sending
    expect(done).toBe(true)
    expect(received.map(([frame]) => frame!.toString())).toEqual(messages)
  })

  it("closing the socket rejects a waiting batch with EBADF and the count that went out", async () => {
    const push = use(new zmq.Push({sendHighWaterMark: 2}))
    const pull = use(new zmq.Pull({receiveHighWaterMark: 2}))
    await push.bind("inproc://batch-close")
    pull.connect("inproc://batch-close")
    const sending = push.sendBatch(Array.from({length: 20}, (_, i) => String(i)))
    push.close()
    const error = await sending.then(() => undefined, (e: unknown) => e) as zmq.ZmqError & {sent: number}
    expect(error.code).toBe("EBADF")
    expect(error.sent).toBe(4)
  })
})

describe("batch input checks", () => {
  it("a bad message anywhere in the batch rejects with a TypeError and sends nothing", async () => {
    const push = use(new zmq.Push())
    const pull = use(new zmq.Pull({receiveTimeout: 100}))
    await push.bind("inproc://batch-types")
    pull.connect("inproc://batch-types")
    await expect(push.sendBatch(["ok", {} as unknown as string])).rejects.toThrow(TypeError)
    await expect(push.sendBatch("not an array" as unknown as string[])).rejects.toThrow(TypeError)
    await expect(pull.receive()).rejects.toMatchObject({code: "EAGAIN"})
  })

  it("a hole in a sparse batch rejects with a TypeError naming its index, and sends nothing", async () => {
    const push = use(new zmq.Push())
    const pull = use(new zmq.Pull({receiveTimeout: 100}))
    await push.bind("inproc://batch-holes")
    pull.connect("inproc://batch-holes")
    const leading: string[] = []
    leading[2] = "x"
    const error = await failure(() => push.sendBatch(leading))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toMatch(/^messages\[0\] must be .*, got an empty array slot$/)
    const inner = await failure(() => push.sendBatch(["ok", , "x"] as string[]))
    expect(inner).toBeInstanceOf(TypeError)
    expect(inner.message).toMatch(/^messages\[1\] must be .*, got an empty array slot$/)
    await expect(pull.receive()).rejects.toMatchObject({code: "EAGAIN"})
  })

  it("a hole in a multipart message is not an empty frame: TypeError naming the message and frame", async () => {
    const push = use(new zmq.Push())
    const pull = use(new zmq.Pull({receiveTimeout: 100}))
    await push.bind("inproc://batch-frame-holes")
    pull.connect("inproc://batch-frame-holes")
    const batch = await failure(() => push.sendBatch([["a", null], ["b", , "c"] as string[]]))
    expect(batch).toBeInstanceOf(TypeError)
    expect(batch.message).toMatch(/^messages\[1\] frame 1 must be .*, got an empty array slot$/)
    const single = await failure(() => push.send([, "x"] as string[]))
    expect(single).toBeInstanceOf(TypeError)
    expect(single.message).toMatch(/^message frame 0 must be .*, got an empty array slot$/)
    // An explicit undefined is reported as what it is.
    const explicit = await failure(() => push.send([undefined as unknown as string, "x"]))
    expect(explicit.message).toMatch(/^message frame 0 must be .*, got undefined$/)
    await expect(pull.receive()).rejects.toMatchObject({code: "EAGAIN"})
  })

  it("only sending sockets have sendBatch, only receiving ones receiveBatch", () => {
    const pub = use(new zmq.Publisher())
    const sub = use(new zmq.Subscriber())
    expect(typeof pub.sendBatch).toBe("function")
    expect((pub as unknown as {receiveBatch?: unknown}).receiveBatch).toBeUndefined()
    expect(typeof sub.receiveBatch).toBe("function")
    expect((sub as unknown as {sendBatch?: unknown}).sendBatch).toBeUndefined()
  })
})
