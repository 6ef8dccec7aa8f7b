/**
 * receivePacked(): every message at hand, kept as libzmq's batch arrived.
 * What it hands out must be exactly what receive() would have: the same
 * bytes, frames, order, draft properties and metadata, with or without
 * messages read ahead by an earlier receive().
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import * as draft from "../../../lib/draft"
import {bound, transports} from "../../helpers"
import {socketScope} from "./support"

const use = socketScope()

/** Receives with receivePacked() until `count` messages arrived; every batch's messages, as receive() gives them. */
async function drainPacked(pull: zmq.Pull, count: number, batches: zmq.PackedMessages[] = []): Promise<Buffer[][]> {
  const received: Buffer[][] = []
  while (received.length < count) {
    const batch = await pull.receivePacked()
    expect(batch).toBeInstanceOf(zmq.PackedMessages)
    expect(batch.length).toBeGreaterThan(0)
    batches.push(batch)
    received.push(...batch)
  }
  return received
}

const LARGE = 100 * 1024

/** Byte equality; vitest's deep equality walks a 100 KiB Buffer element by element, for seconds. */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length)
  expect(Buffer.compare(actual, expected)).toBe(0)
}

function expectMessages(actual: Buffer[][], expected: Buffer[][]): void {
  expect(actual.map(message => message.length)).toEqual(expected.map(message => message.length))
  actual.forEach((message, m) => message.forEach((frame, f) => expectBytes(frame, expected[m]![f]!)))
}

describe.each(transports)("receivePacked over %s", transport => {
  it("hands out each frame's bytes, lengths and places without cutting messages, and the same messages on demand", async () => {
    const push = use(new zmq.Push())
    const pull = use(new zmq.Pull())
    pull.connect(await bound(push, transport))
    const large = Buffer.alloc(LARGE, 7)
    const messages = Array.from({length: 200}, (_, i) =>
      i % 3 === 0 ? [String(i)] : i % 3 === 1 ? [String(i), Buffer.from([i & 0xff]), null] : [String(i), large])
    const batches: zmq.PackedMessages[] = []
    // receivePacked() waits before anything is sent: the queued path, then the direct one.
    const [received] = await Promise.all([drainPacked(pull, messages.length, batches), push.sendBatch(messages)])
    expect(received).toHaveLength(messages.length)

    let index = 0
    const target = Buffer.alloc(LARGE + 4)
    for (const batch of batches) {
      for (let m = 0; m < batch.length; m++, index++) {
        const expected = messages[index]!.map(frame => frame === null ? Buffer.alloc(0) : Buffer.from(frame))
        expect(batch.frameCount(m)).toBe(expected.length)
        for (let f = 0; f < expected.length; f++) {
          expect(batch.frameLength(m, f)).toBe(expected[f]!.length)
          expectBytes(batch.frame(m, f), expected[f]!)
          const offset = batch.frameOffset(m, f)
          if (expected[f]!.length >= 64 * 1024) {
            expect(offset).toBe(-1)
          } else {
            expectBytes(batch.data.subarray(offset, offset + expected[f]!.length), expected[f]!)
          }
          target.fill(0)
          expect(batch.copyFrame(m, f, target, 4)).toBe(expected[f]!.length)
          expectBytes(target.subarray(4, 4 + expected[f]!.length), expected[f]!)
        }
        expectMessages([batch.message(m)], [expected])
      }
      expectMessages(batch.toArray(), [...batch])
    }
    expect(index).toBe(messages.length)
  })
})

describe("receivePacked", () => {
  it("hands out what an earlier receive() read ahead first, then what libzmq has, in order", async () => {
    const push = use(new zmq.Push())
    const pull = use(new zmq.Pull())
    pull.connect(await bound(push, "tcp"))
    const messages = Array.from({length: 500}, (_, i) => [String(i)])
    await push.sendBatch(messages)
    const first = await pull.receive()
    const rest = await drainPacked(pull, messages.length - 1)
    expect([first, ...rest].map(message => message[0]!.toString())).toEqual(messages.map(message => message[0]))
  })

  it("waits for a message when none is at hand, and rejects with EBADF when the socket closes meanwhile", async () => {
    const push = use(new zmq.Push())
    const pull = use(new zmq.Pull())
    pull.connect(await bound(push, "inproc"))
    const waiting = pull.receivePacked()
    await push.send("late")
    expect([...await waiting]).toEqual([[Buffer.from("late")]])

    const closing = pull.receivePacked()
    pull.close()
    await expect(closing).rejects.toMatchObject({code: "EBADF"})
  })

  it("gives messages their metadata and draft properties as receive() does", async () => {
    const pull = use(new zmq.Pull({receiveMetadata: ["X-Name"]}))
    const push = use(new zmq.Push({metadata: "X-Name:packed"}))
    push.connect(await bound(pull, "tcp"))
    await push.send("with metadata")
    const batch = await pull.receivePacked()
    expect(zmq.metadataOf(batch.message(0))!["X-Name"]).toBe("packed")

    const server = use(new draft.Server())
    const client = use(new draft.Client())
    client.connect(await bound(server, "tcp"))
    await client.send("hello")
    const [message] = [...await server.receivePacked()]
    expect(message![0]).toEqual(Buffer.from("hello"))
    expect(message![1]).toEqual({routingId: expect.any(Number)})
  })

  it("refuses message and frame numbers outside the batch with a RangeError naming them", async () => {
    const push = use(new zmq.Push())
    const pull = use(new zmq.Pull())
    pull.connect(await bound(push, "inproc"))
    await push.send(["a", "b"])
    const batch = await pull.receivePacked()
    expect(batch.length).toBe(1)
    for (const message of [-1, 1, 0.5, NaN]) {
      expect(() => batch.message(message)).toThrow(new RangeError(`message must be an integer from 0 to 0; got ${message}`))
    }
    expect(() => batch.frame(0, 2)).toThrow(new RangeError("frame must be an integer from 0 to 1; got 2"))
    expect(() => batch.frameLength(0, -1)).toThrow(RangeError)
    expect(batch.frame(0, 1)).toEqual(Buffer.from("b"))
    expect(() => batch.copyFrame(0, 0, "target" as unknown as Buffer)).toThrow(new TypeError("target must be a Buffer or Uint8Array"))
    expect(() => batch.copyFrame(0, 0, Buffer.alloc(2), 3)).toThrow(new RangeError("targetStart must be an integer from 0 to 2; got 3"))
    const short = Buffer.alloc(1)
    expect(batch.copyFrame(0, 0, short, 1)).toBe(0)
  })

  it("cannot be made with new: a batch comes only from a socket", () => {
    const Packed = zmq.PackedMessages as unknown as new (...args: unknown[]) => unknown
    expect(() => new Packed([Buffer.alloc(0), new Uint32Array(0), []])).toThrow(
      new TypeError("new PackedMessages(): a batch comes only from receivePacked()"))
  })
})
