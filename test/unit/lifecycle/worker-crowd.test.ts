/**
 * Many worker threads at once, each busy sending and receiving (classic and
 * thread-safe draft sockets, tcp and inproc to the main thread), ended at
 * random moments by terminate() or by process.exit() inside: the process
 * does not crash, and the threads that go on are not disturbed. A survivor
 * worker's request-reply exchange with the main thread and the main thread's
 * own stream complete, every message intact and in order.
 */
import * as path from "node:path"
import {expect, it} from "vitest"
import {packageRoot, runChild} from "../../helpers"

const index = JSON.stringify(path.join(packageRoot, "dist/cjs/index.js"))
const draft = JSON.stringify(path.join(packageRoot, "dist/cjs/draft.js"))

/** A victim: traffic on every kind of socket until it is ended. */
const victim = `
  const zmq = require(${index})
  const {Server, Client} = require(${draft})
  const {parentPort, workerData} = require("node:worker_threads")
  const toMain = new zmq.Push()
  toMain.connect("inproc://crowd-sink")
  const server = new Server()
  server.bindSync("inproc://crowd-server-" + workerData.index)
  const client = new Client()
  client.connect("inproc://crowd-server-" + workerData.index)
  const pull = new zmq.Pull()
  pull.bindSync("tcp://127.0.0.1:*")
  const push = new zmq.Push({linger: 0})
  push.connect(pull.lastEndpoint)
  ;(async () => { for await (const message of pull) {} })()
  ;(async () => {
    for await (const [request, {routingId}] of server) await server.send(request, {routingId})
  })()
  ;(async () => {
    const payload = Buffer.alloc(100, workerData.index)
    for (let n = 1; ; n++) {
      await Promise.all([toMain.send(["victim", payload]), push.sendBatch([payload, [payload, "part"]]), client.send(payload)])
      await client.receive()
      if (n === 20) parentPort.postMessage("busy")
    }
  })()
  parentPort.on("message", () => setTimeout(() => process.exit(3), Math.random() * 20))
`

/** The survivor: request-reply with the main thread over inproc, checking every reply. */
const survivor = `
  const zmq = require(${index})
  const {parentPort} = require("node:worker_threads")
  ;(async () => {
    const request = new zmq.Request()
    request.connect("inproc://crowd-survivor")
    for (let n = 0; n < 2000; n++) {
      await request.send(String(n))
      const [reply] = await request.receive()
      if (String(reply) !== "re " + n) throw new Error("survivor got " + reply + " for " + n)
    }
    request.close()
    parentPort.postMessage("survivor done")
  })()
`

it("48 busy workers, 8 at a time, ended at random moments: exit 0, and the other threads' traffic completes", async () => {
  const result = await runChild(`
    const {Worker} = require("node:worker_threads")
    const sink = new zmq.Pull()
    sink.bindSync("inproc://crowd-sink")
    ;(async () => { for await (const message of sink) {} })()

    const reply = new zmq.Reply()
    reply.bindSync("inproc://crowd-survivor")
    ;(async () => { for await (const [request] of reply) await reply.send("re " + request) })()
    const survivorThread = new Worker(${JSON.stringify(survivor)}, {eval: true})
    survivorThread.on("error", error => { console.error("survivor error", error); process.exitCode = 1 })
    const survived = new Promise(resolve => survivorThread.once("message", resolve))

    // The main thread's own stream, over tcp, all along.
    const streamed = (async () => {
      const pull = new zmq.Pull()
      pull.bindSync("tcp://127.0.0.1:*")
      const push = new zmq.Push()
      push.connect(pull.lastEndpoint)
      const sending = (async () => { for (let n = 0; n < 5000; n++) await push.send(String(n)) })()
      for (let n = 0; n < 5000; n++) {
        const [message] = await pull.receive()
        if (String(message) !== String(n)) throw new Error("main stream got " + message + " for " + n)
      }
      await sending
      push.close()
      pull.close()
      return "main stream 5000"
    })()

    async function victimRun(index) {
      const worker = new Worker(${JSON.stringify(victim)}, {eval: true, workerData: {index}})
      worker.on("error", error => { console.error("victim error", error); process.exitCode = 1 })
      const exited = new Promise(resolve => worker.on("exit", resolve))
      await new Promise(resolve => worker.once("message", resolve))
      if (index % 2 === 0) worker.postMessage("exit")
      else setTimeout(() => worker.terminate(), Math.random() * 20)
      return exited
    }

    ;(async () => {
      let ended = 0
      for (let round = 0; round < 6; round++) {
        const codes = await Promise.all(Array.from({length: 8}, (_, slot) => victimRun(round * 8 + slot)))
        ended += codes.filter(code => code === 1 || code === 3).length
      }
      console.log("victims ended " + ended)
      console.log(await survived)
      console.log(await streamed)
      sink.close()
      reply.close()
    })()
  `, {timeoutMs: 90_000})
  expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
  expect(result.stdout).toBe("victims ended 48\nsurvivor done\nmain stream 5000\n")
}, 90_000)
