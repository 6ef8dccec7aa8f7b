/**
 * Process lifetime with pollers, observed from outside (child processes,
 * asserting exit code and signal): a pending wait keeps the process alive as
 * a pending receive does; an idle poller, a finished or aborted wait, and a
 * wait on unref()'d sockets do not. Exit paths with a wait pending (a
 * descriptor watch open) neither crash nor hang.
 */
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import {packageRoot, runChild} from "../../helpers"

const entry = JSON.stringify(path.join(packageRoot, "dist/cjs/index.js"))

/** Child source: `fifo` is a named pipe's descriptor, opened O_RDWR (never ready until written). */
const FIFO = `
  const fs = require("node:fs")
  const path = require("node:path")
  const file = path.join(require("node:os").tmpdir(), "zmq-napi-exit-fifo-" + process.pid)
  require("node:child_process").execFileSync("mkfifo", [file])
  const fifo = fs.openSync(file, fs.constants.O_RDWR)
  fs.rmSync(file)
`

describe("process exit with pollers", () => {
  it("stays alive while a wait on a socket is pending", async () => {
    const result = await runChild(`
      const pull = new zmq.Pull()
      pull.bindSync("tcp://127.0.0.1:*")
      new zmq.Poller().add(pull).wait().then(() => console.log("unexpected"))
      console.log("waiting")
    `, {timeoutMs: 1500})
    expect(result).toMatchObject({timedOut: true, code: null, signal: "SIGKILL"})
    expect(result.stdout).toBe("waiting\n")
  })

  it("stays alive while a wait on a file descriptor is pending", async () => {
    const result = await runChild(`${FIFO}
      new zmq.Poller().add(fifo).wait().then(() => console.log("unexpected"))
      console.log("waiting")
    `, {timeoutMs: 1500})
    expect(result).toMatchObject({timedOut: true, code: null, signal: "SIGKILL"})
    expect(result.stdout).toBe("waiting\n")
  })

  it("exits with code 0 when its pollers are idle, and after waits that ended", async () => {
    const result = await runChild(`${FIFO}
      const pull = new zmq.Pull()
      pull.bindSync("tcp://127.0.0.1:*")
      const idle = new zmq.Poller().add(pull).add(fifo)
      const poller = new zmq.Poller().add(pull).add(fifo)
      const controller = new AbortController()
      poller.wait({signal: controller.signal}).catch(error => console.log("aborted " + error.name))
      controller.abort()
      poller.wait({timeout: 30}).then(ready => console.log("timed out with " + ready.length))
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("aborted AbortError\ntimed out with 0\n")
  })

  it("exits with code 0 while waiting only on unref()'d sockets, even with a timeout", async () => {
    const result = await runChild(`
      const pull = new zmq.Pull()
      pull.bindSync("tcp://127.0.0.1:*")
      pull.unref()
      new zmq.Poller().add(pull).wait({timeout: 60000}).then(() => console.log("unexpected"))
      console.log("waiting")
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
    expect(result.stdout).toBe("waiting\n")
  })

  it("exits with the code given to process.exit() while waits on sockets and descriptors are pending", async () => {
    const result = await runChild(`${FIFO}
      const pull = new zmq.Pull()
      pull.bindSync("tcp://127.0.0.1:*")
      new zmq.Poller().add(pull).add(fifo).wait()
      setImmediate(() => process.exit(5))
    `)
    expect(result).toMatchObject({code: 5, signal: null, timedOut: false, stderr: ""})
  })

  it("a Worker terminated while its poller waits exits cleanly; the main thread goes on", async () => {
    const result = await runChild(`
      const {Worker} = require("node:worker_threads")
      const worker = new Worker(${JSON.stringify(`
        const zmq = require(${entry})
        ${FIFO}
        const pull = new zmq.Pull()
        pull.bindSync("tcp://127.0.0.1:*")
        new zmq.Poller().add(pull).add(fifo).wait()
        require("node:worker_threads").parentPort.postMessage("waiting")
      `)}, {eval: true})
      worker.on("error", error => console.log("worker error " + error))
      worker.on("message", () => worker.terminate())
      worker.on("exit", async () => {
        console.log("worker exit")
        const pull = new zmq.Pull()
        pull.bindSync("inproc://after-worker")
        const push = new zmq.Push()
        push.connect("inproc://after-worker")
        const waiting = new zmq.Poller().add(pull).wait()
        await push.send("main ok")
        const [{socket}] = await waiting
        console.log((await socket.receive()).toString())
        push.close()
        pull.close()
      })
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("worker exit\nmain ok\n")
  })
})
