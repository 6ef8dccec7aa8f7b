/**
 * Exit means linger. Whichever way a process (or a worker) leaves, the
 * messages libzmq already accepted are delivered as `linger` says (by
 * default: all of them), and a process that waits for that says so on
 * stderr, in the words of the `zeromq` package.
 *
 * Each case runs a sender in a child process: it connects a PUSH to the
 * test's PULL, sends COUNT numbered 64 KiB messages (each send() resolving,
 * or each legacy callback firing, once libzmq took the message), and leaves.
 * The receiver does not read until the child says it is waiting for queued
 * messages, so at exit most messages still sit in the child's queue: before
 * the fix a process.exit(), or a custom context on any exit, lost them.
 */
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, type ChildResult, packageRoot, runChild} from "../../helpers"

const COUNT = 1000
const SIZE = 64 * 1024
const WAITING = "WARNING: Waiting for queued ZeroMQ messages to be delivered."
/** The child is long gone by then and its bytes are local: only a loss leaves us waiting this long. */
const QUIET_MS = 5000

const modern = JSON.stringify(path.join(packageRoot, "dist/cjs/index.js"))

/** Sends the numbered messages on `push`, then runs `after` (a statement). */
function sendAll(after: string): string {
  return `
    const payload = Buffer.alloc(${SIZE})
    ;(async () => {
      for (let i = 0; i < ${COUNT}; i++) {
        payload.writeUInt32BE(i, 0)
        await push.send(payload)
      }
      ${after}
    })()
  `
}

/** Runs `body` (which gets `address` and a `zmq` module) in a worker, then `after(worker)`. */
function inWorker(body: string, after: string): string {
  return `
    const {Worker} = require("node:worker_threads")
    const worker = new Worker(${JSON.stringify(`const zmq = require(${modern})\n` + body)},
                              {eval: true, workerData: address})
    worker.on("error", error => { console.error(error); process.exitCode = 1 })
    ${after}
  `
}

interface Outcome {
  child: ChildResult
  /** The message numbers received, in order. */
  received: number[]
}

/** Runs the sender `source` (with `address` defined) and receives what it delivers. */
async function deliver(source: string, entry = "dist/cjs/index.js"): Promise<Outcome> {
  const pull = new zmq.Pull({receiveHighWaterMark: 100})
  try {
    const address = await bound(pull, "tcp")
    let waiting!: () => void
    const exitWaits = new Promise<void>(resolve => { waiting = resolve })
    const child = runChild(`const address = ${JSON.stringify(address)}\n${source}`, {
      entry, timeoutMs: 60_000, onOutput: (_, stderr) => { if (stderr.includes(WAITING)) waiting() },
    })
    // Read only once the child waits at exit (or has exited without waiting).
    await Promise.race([exitWaits, child])

    const received: number[] = []
    let childGone = false
    void child.then(() => {
      childGone = true
      pull.receiveTimeout = QUIET_MS
    })
    while (received.length < COUNT) {
      try {
        const [frame] = await pull.receive()
        received.push(frame!.readUInt32BE(0))
      } catch (error) {
        if (childGone && (error as {code?: string}).code === "EAGAIN") break
        throw error
      }
    }
    return {child: await child, received}
  } finally {
    pull.close()
  }
}

const everything = Array.from({length: COUNT}, (_, index) => index)

function expectAllDelivered({child, received}: Outcome): void {
  expect(child).toMatchObject({code: 0, signal: null, timedOut: false})
  expect(received.length).toBe(COUNT)
  expect(received).toEqual(everything)
  // Said once, by the process that waited.
  expect(child.stderr.split(WAITING).length - 1).toBe(1)
}

describe("exit means linger: every message libzmq accepted is delivered", () => {
  it("process.exit() with the socket open (default context)", async () => {
    expectAllDelivered(await deliver(`
      const push = new zmq.Push()
      push.connect(address)
      ${sendAll(`process.exit(0)`)}
    `))
  }, 60_000)

  it("process.exit() after close() (default context)", async () => {
    expectAllDelivered(await deliver(`
      const push = new zmq.Push()
      push.connect(address)
      ${sendAll(`push.close(); process.exit(0)`)}
    `))
  }, 60_000)

  it("a natural exit with the socket of a custom Context left open", async () => {
    expectAllDelivered(await deliver(`
      const push = new zmq.Push({context: new zmq.Context()})
      push.connect(address)
      ${sendAll(`console.log("sent")`)}
    `))
  }, 60_000)

  it("a natural exit after closing the socket and its custom Context", async () => {
    expectAllDelivered(await deliver(`
      const context = new zmq.Context()
      const push = new zmq.Push({context})
      push.connect(address)
      ${sendAll(`push.close(); context.close()`)}
    `))
  }, 60_000)

  it("process.exit() with a custom Context", async () => {
    expectAllDelivered(await deliver(`
      const push = new zmq.Push({context: new zmq.Context()})
      push.connect(address)
      ${sendAll(`process.exit(0)`)}
    `))
  }, 60_000)

  it("process.exit() in the legacy API, once every send callback fired", async () => {
    expectAllDelivered(await deliver(`
      const push = zmq.socket("push")
      push.connect(address)
      const payload = Buffer.alloc(${SIZE})
      let accepted = 0
      for (let i = 0; i < ${COUNT}; i++) {
        payload.writeUInt32BE(i, 0)
        push.send(Buffer.from(payload), 0, error => {
          if (error) throw error
          if (++accepted === ${COUNT}) process.exit(0)
        })
      }
    `, "dist/cjs/compat/index.js"))
  }, 60_000)

  it("a worker that ends naturally (default context), then the main thread", async () => {
    expectAllDelivered(await deliver(inWorker(`
      const push = new zmq.Push()
      push.connect(require("node:worker_threads").workerData)
      ${sendAll(`push.close()`)}
    `, ``)))
  }, 60_000)

  it("a worker that calls process.exit() (custom Context), then the main thread", async () => {
    expectAllDelivered(await deliver(inWorker(`
      const push = new zmq.Push({context: new zmq.Context()})
      push.connect(require("node:worker_threads").workerData)
      ${sendAll(`process.exit(0)`)}
    `, ``)))
  }, 60_000)

  it("a worker terminated by the main thread (custom Context), then the main thread", async () => {
    expectAllDelivered(await deliver(inWorker(`
      const push = new zmq.Push({context: new zmq.Context()})
      push.connect(require("node:worker_threads").workerData)
      ${sendAll(`require("node:worker_threads").parentPort.postMessage("sent")`)}
    `, `worker.on("message", () => worker.terminate())`)))
  }, 60_000)

  it("with linger 0 the process leaves at once, without waiting or a warning", async () => {
    const pull = new zmq.Pull()
    try {
      const address = await bound(pull, "tcp")
      // The receiver never reads: only linger 0 lets this child exit.
      const child = await runChild(`
        const push = new zmq.Push({linger: 0, context: new zmq.Context()})
        push.connect(${JSON.stringify(address)})
        const other = new zmq.Push({linger: 0})
        other.connect(${JSON.stringify(address)})
        ;(async () => {
          for (let i = 0; i < ${COUNT}; i++) await Promise.all([push.send(Buffer.alloc(${SIZE})), other.send("x")])
          process.exit(0)
        })()
      `, {timeoutMs: 30_000})
      expect(child).toMatchObject({code: 0, signal: null, timedOut: false})
      expect(child.stderr).not.toContain(WAITING)
    } finally {
      pull.close()
    }
  }, 60_000)
})

