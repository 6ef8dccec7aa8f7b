/**
 * A running proxy and the ends of processes and threads, observed from
 * outside (exit code and signal of a child process): it keeps the process
 * alive like a pending receive, never holds up process.exit(), a Worker's
 * terminate() or process.exit() inside a Worker, also when it is stuck in a
 * blocking send, and is not lost to the garbage collector while it runs.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {runChild, withWorker} from "../../helpers"
import {socketScope, texts} from "../patterns/support"

/**
 * Child source: a ROUTER/DEALER proxy over tcp whose REP worker lives in the
 * same thread; `then` runs once a request went through it (proxy, address in scope).
 */
function runningProxy(then: string): string {
  return `
    const proxy = new zmq.Proxy(new zmq.Router(), new zmq.Dealer())
    proxy.frontEnd.bindSync("tcp://127.0.0.1:*")
    proxy.backEnd.bindSync("inproc://backend-" + process.pid + "-" + Math.random())
    const address = proxy.frontEnd.lastEndpoint
    const worker = new zmq.Reply()
    worker.connect(proxy.backEnd.lastEndpoint)
    const client = new zmq.Request()
    client.connect(address)
    proxy.run().then(() => console.log("proxy ended"), error => console.log("proxy failed " + error.code))
    ;(async () => {
      await client.send("ping")
      const [request] = await worker.receive()
      await worker.send("pong " + request)
      const [reply] = await client.receive()
      console.log("through: " + reply)
      ${then}
    })()
  `
}

describe("a running proxy", () => {
  const use = socketScope()

  it("keeps the process alive, as a pending receive does, until terminate()", async () => {
    // The child's own sockets are unref()'d: only the proxy can keep it
    // alive. This process talks to it through the proxy; if the child had
    // exited, the request would never be answered.
    const client = use(new zmq.Dealer())
    let conversation: Promise<void> | undefined
    const result = await runChild(`
      const proxy = new zmq.Proxy(new zmq.Router(), new zmq.Dealer())
      proxy.frontEnd.bindSync("tcp://127.0.0.1:*")
      proxy.backEnd.bindSync("inproc://backend")
      const endpoint = proxy.frontEnd.lastEndpoint
      const worker = new zmq.Reply()
      worker.connect("inproc://backend")
      worker.unref()
      process.on("beforeExit", () => console.log("beforeExit"))
      proxy.run().then(() => console.log("proxy ended"))
      console.log("endpoint " + endpoint)
      ;(async () => {
        for await (const [request] of worker) {
          if (String(request) === "stop") {
            proxy.terminate()
            break
          }
          await worker.send("got " + request)
        }
      })()
    `, {
      timeoutMs: 15_000,
      onOutput: stdout => {
        const match = /^endpoint (\S+)$/m.exec(stdout)
        if (!match || conversation) return
        client.connect(match[1]!)
        conversation = (async () => {
          // A DEALER speaks to the REP worker with the empty delimiter frame.
          await client.send(["", "hello"])
          expect(texts(await client.receive())).toEqual(["", "got hello"])
          await client.send(["", "stop"])
        })()
      },
    })
    await conversation
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toMatch(/^endpoint \S+\nproxy ended\nbeforeExit\n$/)
  })

  it("does not hold up process.exit(): exit code 0, no signal", async () => {
    const result = await runChild(runningProxy(`process.exit(0)`))
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("through: pong ping\n")
  })

  it("stuck in a blocking send (capture PUSH without a peer) does not hold up process.exit()", async () => {
    // zmq_proxy copies each command to the capture socket before acting on
    // it; a PUSH without peers blocks that copy for good. So the proxy can
    // never read the TERMINATE that exit sends after this PAUSE: only the
    // context's termination (ETERM) can end it.
    const result = await runChild(`
      const capture = new zmq.Push()
      capture.bindSync("inproc://capture-nobody-reads")
      const proxy = new zmq.Proxy(new zmq.Pull(), new zmq.Push(), {capture})
      proxy.frontEnd.bindSync("inproc://front")
      proxy.backEnd.bindSync("inproc://back")
      proxy.run().then(() => console.log("unexpected end"))
      proxy.pause()
      console.log("exiting")
      process.exit(0)
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("exiting\n")
  })

  it("in a custom context that is closed: run() rejects with ETERM and the process exits 0 by itself", async () => {
    const result = await runChild(`
      const context = new zmq.Context()
      const proxy = new zmq.Proxy(new zmq.Pull({context}), new zmq.Push({context}))
      proxy.frontEnd.bindSync("tcp://127.0.0.1:*")
      proxy.backEnd.bindSync("tcp://127.0.0.1:*")
      proxy.run().then(() => console.log("resolved"), error => console.log("rejected " + error.code))
      proxy.statistics().then(() => context.close())
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("rejected ETERM\n")
  })

  it("is not garbage collected while it runs, even when nothing in JS refers to it", async () => {
    const result = await runChild(`
      const front = new zmq.Router()
      const back = new zmq.Dealer()
      front.bindSync("inproc://gc-front")
      back.bindSync("inproc://gc-back")
      new zmq.Proxy(front, back).run().then(() => console.log("proxy ended"))
      const worker = new zmq.Reply()
      worker.connect("inproc://gc-back")
      const client = new zmq.Request()
      client.connect("inproc://gc-front")
      ;(async () => {
        for (let round = 0; round < 3; round++) {
          global.gc()
          await new Promise(resolve => setImmediate(resolve))
          await client.send("ping " + round)
          const [request] = await worker.receive()
          await worker.send(request)
          console.log("echo " + (await client.receive())[0])
        }
        // Closing a socket the proxy owns ends it.
        back.close()
        client.close()
        worker.close()
      })()
    `, {args: ["--expose-gc"]})
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("echo ping 0\necho ping 1\necho ping 2\nproxy ended\n")
  })
})

describe("a running proxy in a Worker", () => {
  it("worker.terminate() ends it: the main thread keeps working and the process exits 0", async () => {
    const result = await runChild(withWorker(runningProxy(`parentPort.postMessage("ready")`), "worker.terminate()", {logMessages: true}))
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("through: pong ping\nready\nworker exit 1\nmain ok\n")
  })

  it("process.exit() inside the Worker ends only the Worker (exit 0)", async () => {
    const result = await runChild(withWorker(runningProxy(`process.exit(3)`), "", {logMessages: true}))
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("through: pong ping\nworker exit 3\nmain ok\n")
  })

  it("stuck in a blocking send when the Worker is terminated, it ends when the process exits (exit 0)", async () => {
    const stuck = `
      // As above: the copy of PAUSE to a capture PUSH without peers blocks
      // the proxy before it could read any TERMINATE.
      const capture = new zmq.Push()
      capture.bindSync("inproc://worker-capture-nobody-reads")
      const proxy = new zmq.Proxy(new zmq.Pull(), new zmq.Push(), {capture})
      proxy.frontEnd.bindSync("inproc://worker-front")
      proxy.backEnd.bindSync("inproc://worker-back")
      proxy.run()
      proxy.pause()
      parentPort.postMessage("stuck")
    `
    const result = await runChild(withWorker(stuck, "worker.terminate()", {logMessages: true}))
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("stuck\nworker exit 1\nmain ok\n")
  })
})
