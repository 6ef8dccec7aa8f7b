/**
 * Zero-copy sends (`copy: false`, src-native/buffer_loans.h): libzmq reads the
 * caller's own buffers, which stay alive until it lets go of them, whatever
 * the caller's references, garbage collection or thread exits do meanwhile.
 */
import {createHash} from "node:crypto"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress, bound, runChild, transports} from "../../helpers"
import {pushPull, socketScope} from "./support"

/** Small frames (copied anyway), one at the lending threshold, and large ones. */
const sizes = [5, 8 * 1024, 64 * 1024, 1024 * 1024]

/** A recognisable payload for message `seed`. */
const payload = (size: number, seed: number) => Buffer.from(Array.from({length: size}, (_, i) => (i + seed) % 251))

/** Frames in a short comparable form: vitest's toEqual walks large Buffers slowly. */
const digest = (frames: Buffer[]) => frames.map(frame =>
  `${frame.length} bytes sha1 ${createHash("sha1").update(frame).digest("hex").slice(0, 16)}`)

describe.each(transports)("copy: false over %s", transport => {
  const use = socketScope()

  it("send() delivers every frame intact, small and large", async () => {
    const {push, pull} = await pushPull(use, transport)
    const frames = sizes.map((size, seed) => payload(size, seed))
    await push.send(frames, {copy: false})
    expect(digest(await pull.receive())).toEqual(digest(sizes.map((size, seed) => payload(size, seed))))
  })

  it("sendBatch() delivers every message intact", async () => {
    const {push, pull} = await pushPull(use, transport)
    const messages = Array.from({length: 20}, (_, seed) => [payload(16, seed), payload(100_000, seed)])
    await push.sendBatch(messages, {copy: false})
    for (let seed = 0; seed < 20; seed++) {
      expect(digest(await pull.receive())).toEqual(digest([payload(16, seed), payload(100_000, seed)]))
    }
  })

  it("a send that waits for a peer makes no private copy: libzmq reads the buffer when it takes it", async () => {
    // The opposite of a default send (buffer-ownership.test.ts): the caller
    // promised not to touch the buffer, so nothing was copied to protect it.
    const push = use(new zmq.Push())
    const address = await bound(push, transport)
    const buffer = payload(64 * 1024, 1)
    const sending = push.send(buffer, {copy: false})
    buffer.fill(0xee)
    const pull = use(new zmq.Pull())
    pull.connect(address)
    await sending
    expect(digest(await pull.receive())).toEqual(digest([Buffer.alloc(64 * 1024, 0xee)]))
  })
})

describe("copy: false", () => {
  const use = socketScope()

  it("an inproc receiver gets a copy of a lent frame, not the sender's memory", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    const buffer = payload(1024 * 1024, 3)
    await push.send(buffer, {copy: false})
    const [received] = await pull.receive()
    expect(received!.buffer).not.toBe(buffer.buffer)
    buffer.fill(0)
    expect(digest([received!])).toEqual(digest([payload(1024 * 1024, 3)]))
  })

  it("rejects a copy option that is not a boolean with a TypeError naming it", async () => {
    const {push} = await pushPull(use, "inproc")
    await expect(push.send("x", {copy: 0 as unknown as boolean})).rejects.toThrow(new TypeError("options.copy must be a boolean"))
    await expect(push.sendBatch(["x"], {copy: "no" as unknown as boolean})).rejects.toThrow(TypeError)
  })
})

describe("a lent buffer outlives its last JS reference", () => {
  it("collected by the garbage collector while libzmq holds it, it still arrives intact", async () => {
    // The Push connects before anyone binds: libzmq takes the messages into
    // the connection's queue at once, and the caller drops every reference.
    const address = bindAddress("ipc")
    const result = await runChild(`
      const {createHash} = require("node:crypto")
      const sum = bytes => createHash("sha1").update(bytes).digest("hex")
      const expected = []
      const push = new zmq.Push()
      push.connect(${JSON.stringify(address)})
      ;(async () => {
        for (let seed = 0; seed < 8; seed++) {
          const buffer = Buffer.alloc(1 << 20, seed + 1)
          expected.push(sum(buffer))
          await push.send(buffer, {copy: false})
        }
        for (let round = 0; round < 5; round++) { global.gc(); await new Promise(setImmediate) }
        const pull = new zmq.Pull()
        await pull.bind(${JSON.stringify(address)})
        for (let seed = 0; seed < 8; seed++) {
          const [frame] = await pull.receive()
          if (sum(frame) !== expected[seed]) throw new Error("message " + seed + " changed")
        }
        push.close()
        pull.close()
        console.log("intact")
      })().catch(error => { console.error(error); process.exitCode = 1 })
    `, {args: ["--expose-gc"], timeoutMs: 20_000})
    expect(result).toMatchObject({code: 0, signal: null, stderr: "", stdout: "intact\n"})
  })

  it("a worker terminated while libzmq still holds its lent buffers waits for them: they arrive intact", async () => {
    // The worker lends 1 MiB buffers to a Push whose peer does not exist yet
    // and is terminated. Its environment, which frees those buffers, must
    // wait until libzmq has sent them: the main thread then binds the peer.
    const address = bindAddress("ipc")
    const result = await runChild(`
      const {Worker} = require("node:worker_threads")
      const worker = new Worker(${JSON.stringify(`
        const zmq = require(${JSON.stringify(require.resolve("../../../dist/cjs/index.js"))})
        const {parentPort} = require("node:worker_threads")
        const push = new zmq.Push()
        push.connect(${JSON.stringify(address)})
        ;(async () => {
          for (let seed = 0; seed < 4; seed++) await push.send(Buffer.alloc(1 << 20, seed + 1), {copy: false})
          parentPort.postMessage("sent")
        })()
      `)}, {eval: true})
      worker.once("message", async () => {
        const exited = worker.terminate()
        const pull = new zmq.Pull()
        await pull.bind(${JSON.stringify(address)})
        for (let seed = 0; seed < 4; seed++) {
          const [frame] = await pull.receive()
          if (frame.length !== 1 << 20 || frame.some(byte => byte !== seed + 1)) throw new Error("message " + seed + " changed")
        }
        await exited
        pull.close()
        console.log("intact")
      })
    `, {timeoutMs: 20_000})
    expect(result).toMatchObject({code: 0, signal: null, stderr: "", stdout: "intact\n"})
  })
})
