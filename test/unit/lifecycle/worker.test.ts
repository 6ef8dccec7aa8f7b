/**
 * Worker threads that use sockets and then end (terminate(), or
 * process.exit() inside the worker) leave the process healthy: the main
 * thread keeps using ZeroMQ and the process exits with code 0, no signal.
 * That includes ending at a random moment in the middle of traffic, when any
 * call into JS from the native layer can fail.
 */
import {spawn} from "node:child_process"
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import {packageRoot, runChild, withWorker} from "../../helpers"

const entry = JSON.stringify(path.join(packageRoot, "dist/cjs/index.js"))

const busyWorker = `
  const pull = new zmq.Pull()
  pull.bindSync("inproc://worker-pull")
  const push = new zmq.Push()
  push.connect("inproc://worker-pull")
  const dealer = new zmq.Dealer()
  dealer.bindSync("tcp://127.0.0.1:*")
  pull.receive().then(() => parentPort.postMessage("ready"))
  push.send("hello")
  dealer.receive()
`

describe("worker threads", () => {
  it("a Worker with open sockets and a pending receive, terminated, leaves the process healthy (exit 0)", async () => {
    const result = await runChild(withWorker(busyWorker, "worker.terminate()"))
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
    expect(result.stdout).toBe("worker exit 1\nmain ok\n")
  })

  it("process.exit() inside a Worker's receive loop ends only the worker (exit 0)", async () => {
    const body = `
      const pull = new zmq.Pull()
      pull.bindSync("inproc://worker-loop")
      const push = new zmq.Push()
      push.connect("inproc://worker-loop")
      push.send("one")
      ;(async () => {
        for await (const [message] of pull) {
          parentPort.postMessage("got " + message)
          process.exit(7)
        }
      })()
    `
    const result = await runChild(withWorker(body, ""))
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
    expect(result.stdout).toBe("worker exit 7\nmain ok\n")
  })

  it("a Worker that alone loaded the addon and left sockets open ends cleanly (exit 0, no SIGSEGV)", async () => {
    // Node unloads an addon that only a worker loaded once that worker's
    // environment is freed: the sockets' libuv handles must have finished
    // closing by then (src-native/util/handles.h). The main thread here never
    // loads zmq-napi, so runChild's prelude is not used.
    const result = await new Promise<{code: number | null; signal: string | null; stdout: string}>(resolve => {
      const child = spawn(process.execPath, ["-e", `
        const {Worker} = require("node:worker_threads")
        const worker = new Worker(${JSON.stringify(`
          const zmq = require(${entry})
          const pull = new zmq.Pull()
          const push = new zmq.Push()
          pull.bind("tcp://127.0.0.1:*").then(() => {
            push.connect(pull.lastEndpoint)
            pull.receive()
            process.exit(0)
          })
        `)}, {eval: true})
        worker.on("exit", code => console.log("worker exit " + code))
      `], {stdio: ["ignore", "pipe", "inherit"]})
      let stdout = ""
      child.stdout.on("data", chunk => { stdout += chunk })
      child.on("close", (code, signal) => resolve({code, signal, stdout}))
    })
    expect(result).toEqual({code: 0, signal: null, stdout: "worker exit 0\n"})
  })

  it("many Workers that create sockets and exit without closing them leave the process healthy", async () => {
    const result = await runChild(`
      const {Worker} = require("node:worker_threads")
      const source = ${JSON.stringify(`
        const zmq = require(${entry})
        const pull = new zmq.Pull()
        pull.bindSync("tcp://127.0.0.1:*")
        const push = new zmq.Push()
        push.connect(pull.lastEndpoint)
      `)}
      ;(async () => {
        const codes = []
        for (let i = 0; i < 20; i++) {
          const worker = new Worker(source, {eval: true})
          codes.push(await new Promise((resolve, reject) => { worker.on("exit", resolve); worker.on("error", reject) }))
        }
        console.log(codes.every(code => code === 0) ? "all workers exited 0" : "codes " + codes)
      })()
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
    expect(result.stdout).toBe("all workers exited 0\n")
  })

  describe("ended at random moments, many times over", () => {
    /**
     * Child source: `workers` workers one after another, each running
     * `mode` traffic and ended (terminate(), or process.exit() from inside)
     * within 20 ms of saying it is busy. Prints "ended N" when all are gone.
     */
    function randomEnds(mode: "tcp" | "inproc" | "exit" | "wait", workers: number): string {
      const body = `
        const zmq = require(${entry})
        const {parentPort, workerData} = require("node:worker_threads")
        const address = workerData.mode === "inproc" ? "inproc://random-" + workerData.index : "tcp://127.0.0.1:*"
        const pull = new zmq.Pull()
        pull.bindSync(address)
        // linger 0: what is queued when the worker ends may be dropped; the
        // exit tests (exit-linger.test.ts) cover delivery.
        const push = new zmq.Push({linger: 0})
        push.connect(pull.lastEndpoint)
        if (workerData.mode === "wait") {
          pull.receive()
          parentPort.postMessage("busy")
        } else {
          ;(async () => { for await (const message of pull) {} })()
          ;(async () => {
            const payload = Buffer.alloc(64)
            for (let n = 1; ; n++) {
              await push.send(payload)
              // Batches with strings and multipart messages take the packed path.
              if (n % 3 === 0) await push.sendBatch([payload, [payload, "part"], "text"])
              if (n === 100) parentPort.postMessage("busy")
            }
          })()
          if (workerData.mode === "exit") parentPort.once("message", () => setTimeout(() => process.exit(3), Math.random() * 20))
        }
      `
      return `
        const {Worker} = require("node:worker_threads")
        ;(async () => {
          for (let index = 0; index < ${workers}; index++) {
            const worker = new Worker(${JSON.stringify(body)}, {eval: true, workerData: {mode: ${JSON.stringify(mode)}, index}})
            worker.on("error", error => { console.error("worker error", error); process.exitCode = 1 })
            const exited = new Promise(resolve => worker.on("exit", resolve))
            await new Promise(resolve => worker.once("message", resolve))
            if (${JSON.stringify(mode)} === "exit") worker.postMessage("go")
            else setTimeout(() => worker.terminate(), Math.random() * 20)
            await exited
          }
          console.log("ended ${workers}")
        })()
      `
    }

    const cases = [
      {mode: "tcp", workers: 60, what: "terminate() while sending and receiving over tcp"},
      {mode: "inproc", workers: 60, what: "terminate() while sending and receiving over inproc"},
      {mode: "exit", workers: 60, what: "process.exit() inside the worker while sending and receiving"},
      {mode: "wait", workers: 100, what: "terminate() while only a receive waits"},
    ] as const

    for (const {mode, workers, what} of cases) {
      it(`${workers} workers ended by ${what}: exit 0, no signal`, async () => {
        const result = await runChild(randomEnds(mode, workers), {timeoutMs: 60_000})
        expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
        expect(result.stderr).toBe("")
        expect(result.stdout).toBe(`ended ${workers}\n`)
      }, 60_000)
    }
  })
})
