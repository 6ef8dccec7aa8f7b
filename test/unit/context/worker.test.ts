/**
 * The default context is shared by every thread of the process: a
 * worker_thread (loading the compiled package) and the main thread talk over
 * inproc:// without any extra set-up.
 */
import * as path from "node:path"
import {Worker} from "node:worker_threads"
import {expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress, packageRoot} from "../../helpers"

const workerSource = `
const {parentPort, workerData} = require("node:worker_threads")
const zmq = require(workerData.entry)
;(async () => {
  const req = new zmq.Request()
  req.connect(workerData.address)
  await req.send("ping from worker")
  const [reply] = await req.receive()
  req.close()
  parentPort.postMessage(reply.toString())
})()
`

/** Resolves with the worker's exit code; rejects on a worker error. */
function exited(worker: Worker): Promise<number> {
  return new Promise((resolve, reject) => {
    worker.once("error", reject)
    worker.once("exit", resolve)
  })
}

it("a worker thread and the main thread talk over inproc:// through the default context", async () => {
  const rep = new zmq.Reply()
  try {
    const address = bindAddress("inproc")
    await rep.bind(address)
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: {address, entry: path.join(packageRoot, "dist/cjs/index.js")},
    })
    const replies: string[] = []
    worker.on("message", message => replies.push(message))
    const exit = exited(worker)

    const [request] = await rep.receive()
    expect(request!.toString()).toBe("ping from worker")
    await rep.send("pong from main")

    expect(await exit).toBe(0)
    expect(replies).toEqual(["pong from main"])
  } finally {
    rep.close()
  }
})
