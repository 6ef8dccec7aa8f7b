/**
 * Process exit with sockets in each state, observed from outside: every child
 * runs the compiled package and the test asserts its exit code and signal.
 * Idle sockets never hold the process; a pending receive does (unless
 * unref()'d); exiting never loses what was already sent.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, runChild} from "../../helpers"

describe("process exit", () => {
  it("exits by itself (code 0, no signal) with idle bound and connected sockets it never closes", async () => {
    const result = await runChild(`
      const pull = new zmq.Pull()
      pull.bindSync("tcp://127.0.0.1:*")
      const push = new zmq.Push()
      push.connect(pull.lastEndpoint)
      const sub = new zmq.Subscriber()
      sub.subscribe("topic")
      sub.bindSync("inproc://idle")
      const dealer = new zmq.Dealer()
      dealer.connect("tcp://127.0.0.1:1")
      console.log("ready")
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toContain("ready")
  })

  it("exits with code 0 when its sockets are closed", async () => {
    const result = await runChild(`
      const pull = new zmq.Pull()
      pull.bindSync("tcp://127.0.0.1:*")
      const push = new zmq.Push()
      push.connect(pull.lastEndpoint)
      push.send("hello").then(() => pull.receive()).then(([message]) => {
        console.log("received " + message)
        push.close()
        pull.close()
      })
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toContain("received hello")
  })

  it("stays alive while a receive() is pending", async () => {
    const result = await runChild(`
      const push = new zmq.Push()
      push.bindSync("tcp://127.0.0.1:*")
      const pull = new zmq.Pull()
      pull.connect(push.lastEndpoint)
      pull.receive().then(() => console.log("unexpected message"))
      console.log("waiting")
    `, {timeoutMs: 1500})
    // Still running when the helper gave up on it, and killed by the helper.
    expect(result).toMatchObject({timedOut: true, code: null, signal: "SIGKILL"})
    expect(result.stdout).toBe("waiting\n")
  })

  it("exits with code 0 despite a pending receive() on an unref()'d socket", async () => {
    const result = await runChild(`
      const push = new zmq.Push()
      push.bindSync("tcp://127.0.0.1:*")
      const pull = new zmq.Pull()
      pull.connect(push.lastEndpoint)
      pull.unref()
      pull.receive().then(() => console.log("unexpected message"))
      console.log("waiting")
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
    expect(result.stdout).toBe("waiting\n")
  })

  it("delivers what it sent before exiting without closing", async () => {
    const pull = new zmq.Pull()
    try {
      const address = await bound(pull, "tcp")
      const child = runChild(`
        const push = new zmq.Push()
        push.connect(${JSON.stringify(address)})
        push.send(["from child", Buffer.from([0, 1, 2])]).then(() => console.log("sent"))
      `)
      const [text, bytes] = await pull.receive()
      expect(text!.toString()).toBe("from child")
      expect([...bytes!]).toEqual([0, 1, 2])
      const result = await child
      expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
      expect(result.stdout).toContain("sent")
    } finally {
      pull.close()
    }
  })

  it("exits with the code given to process.exit() inside a for-await receive loop", async () => {
    const result = await runChild(`
      const pull = new zmq.Pull()
      pull.bindSync("inproc://loop")
      const push = new zmq.Push()
      push.connect("inproc://loop")
      push.send("one")
      push.send("two")
      ;(async () => {
        for await (const [message] of pull) {
          console.log("got " + message)
          process.exit(3)
        }
      })()
    `)
    expect(result).toMatchObject({code: 3, signal: null, timedOut: false})
    expect(result.stdout).toBe("got one\n")
  })

  it("exits with the code given to process.exit() while a send() waits", async () => {
    const result = await runChild(`
      // No peer at all: the message cannot be handed to libzmq, so send() waits.
      const push = new zmq.Push()
      push.send("nobody listens").then(() => console.log("unexpected send"))
      setImmediate(() => process.exit(4))
    `)
    expect(result).toMatchObject({code: 4, signal: null, timedOut: false})
    expect(result.stdout).toBe("")
  })
})

describe("the exit-time warning about queued messages", () => {
  const WAITING = "WARNING: Waiting for queued ZeroMQ messages to be delivered."
  const ADVICE = "Set 'context.blocky = false' to change this behaviour."
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  // A PUSH connected where nobody listens keeps its message queued, so exit
  // waits for its whole linger, well past the warning's half second.
  const waitingExit = (contextOptions: string) => `
    const context = new zmq.Context(${contextOptions})
    const push = new zmq.Push({context, linger: 1500})
    push.connect("tcp://127.0.0.1:1")
    push.send("queued").then(() => console.log("sent"))
  `

  it("is zeromq's, word for word, with its advice for a blocky context (the default)", async () => {
    const result = await runChild(waitingExit("{}"))
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stdout: "sent\n"})
    expect(result.stderr).toMatch(new RegExp(`^\\(node:\\d+\\) ${escape(WAITING)} ${escape(ADVICE)}\\n$`))
  })

  it("is zeromq's without the advice when the context is not blocky", async () => {
    const result = await runChild(waitingExit("{blocky: false}"))
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stdout: "sent\n"})
    expect(result.stderr).toMatch(new RegExp(`^\\(node:\\d+\\) ${escape(WAITING)}\\n$`))
  })
})
