/**
 * sendBatch() and receiveBatch(): many messages per call, with the same
 * guarantees as send()/receive(): order, no loss, high-water marks, and a
 * clear account of what went out when a batch fails.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {socketScope} from "./support"

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
    await expect(push.sendBatch(["ok", 42 as unknown as string])).rejects.toThrow(TypeError)
    await expect(push.sendBatch("not an array" as unknown as string[])).rejects.toThrow(TypeError)
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
