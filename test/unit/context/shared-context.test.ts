/**
 * A custom Context used from several threads: each worker attaches to it by
 * its handle (`Context.fromHandle`), and then the threads' sockets share its
 * inproc:// endpoints. The context lives while any thread's Context object
 * for it is open; close() in one thread closes only that thread's sockets.
 */
import * as path from "node:path"
import {Worker} from "node:worker_threads"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {packageRoot} from "../../helpers"

const entry = path.join(packageRoot, "dist/cjs/index.js")

/** A worker running `body` with `zmq`, `parentPort` and `workerData` defined. */
function worker(body: string, workerData: unknown): Worker {
  return new Worker(`
    const {parentPort, workerData} = require("node:worker_threads")
    const zmq = require(${JSON.stringify(entry)})
    ;(async () => { ${body} })().catch(error => parentPort.postMessage("error " + error.code + " " + error.message))
  `, {eval: true, workerData})
}

function exited(thread: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    thread.once("error", reject)
    thread.once("exit", resolve)
  })
}

function message(thread: Worker): Promise<unknown> {
  return new Promise(resolve => thread.once("message", resolve))
}

describe("a custom Context shared between threads", () => {
  it("four workers attached by handle reach the main thread's inproc:// endpoint in that context", async () => {
    const context = new zmq.Context()
    const pull = new zmq.Pull({context})
    try {
      pull.bindSync("inproc://shared-context-fan-in")
      const perWorker = 50
      const workers = [0, 1, 2, 3].map(id => worker(`
        const context = zmq.Context.fromHandle(workerData.handle)
        const push = new zmq.Push({context})
        push.connect("inproc://shared-context-fan-in")
        for (let n = 0; n < ${perWorker}; n++) await push.send([String(workerData.id), String(n)])
        push.close()
        context.close()
      `, {handle: context.handle, id}))
      const exits = workers.map(exited)
      const seen = [[], [], [], []] as number[][]
      for (let n = 0; n < 4 * perWorker; n++) {
        const [id, sequence] = await pull.receive()
        seen[Number(id)]!.push(Number(sequence))
      }
      expect(await Promise.all(exits)).toEqual([0, 0, 0, 0])
      for (const sequences of seen) expect(sequences).toEqual(Array.from({length: perWorker}, (_, n) => n))
    } finally {
      pull.close()
      context.close()
    }
  })

  it("close() in one thread closes its sockets only; the context lives on until the last thread lets go", async () => {
    const context = new zmq.Context()
    const handle = context.handle
    const mine = new zmq.Pull({context})
    mine.bindSync("inproc://shared-context-mine")
    const pending = mine.receive()

    const thread = worker(`
      const context = zmq.Context.fromHandle(workerData)
      const pull = new zmq.Pull({context})
      pull.bindSync("inproc://shared-context-theirs")
      const push = new zmq.Push({context})
      push.connect("inproc://shared-context-theirs")
      parentPort.postMessage("attached")
      await new Promise(resolve => parentPort.once("message", resolve))
      // The main thread has closed its Context object: this thread's still works.
      await push.send("still alive")
      const [reply] = await pull.receive()
      parentPort.postMessage(String(reply) + ", closed: " + context.closed)
      push.close()
      pull.close()
      context.close()
    `, handle)
    const exit = exited(thread)
    expect(await message(thread)).toBe("attached")

    context.close()
    await expect(pending).rejects.toMatchObject({code: "ETERM"})
    expect(mine.closed).toBe(true)
    const reply = message(thread)
    thread.postMessage("go")
    expect(await reply).toBe("still alive, closed: false")
    expect(await exit).toBe(0)

    // The last Context object let go: the context is terminated.
    expect(() => zmq.Context.fromHandle(handle)).toThrow(expect.objectContaining({code: "ETERM"}))
  })

  it("handles: the default context has its own, an unknown one is EINVAL, a non-integer a TypeError", () => {
    const custom = new zmq.Context()
    try {
      expect(Number.isInteger(custom.handle)).toBe(true)
      expect(custom.handle).not.toBe(zmq.context.handle)
      const again = zmq.Context.fromHandle(custom.handle, {blocky: false})
      expect(again.handle).toBe(custom.handle)
      expect(again.blocky).toBe(false)
      expect(custom.blocky).toBe(false)
      again.close()
      expect(custom.closed).toBe(false)
    } finally {
      custom.close()
    }
    expect(() => zmq.Context.fromHandle(2 ** 32 - 1)).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => zmq.Context.fromHandle(1.5)).toThrow(TypeError)
    // @ts-expect-error a handle is a number
    expect(() => zmq.Context.fromHandle("2")).toThrow(TypeError)
  })
})
