import {randomUUID} from "node:crypto"
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../lib/compat/index"
import {bindTo, closeAll, messages, nextMessage, runCompatChild, socket} from "./support"

afterEach(closeAll)

const inproc = () => `inproc://compat-flow-${randomUUID()}`

describe("compat pause/resume/read", () => {
  it("pause() stops 'message'; read() returns whole messages, then null; resume() emits the rest", async () => {
    const pull = socket("pull")
    const address = inproc()
    pull.bindSync(address)
    pull.pause()
    const emitted: string[][] = []
    pull.on("message", (...frames: Buffer[]) => emitted.push(frames.map(String)))
    const push = socket("push")
    push.connect(address)
    // inproc hands messages over synchronously, so they are readable now.
    push.send(["a", "1"])
    push.send(["b", "2"])
    push.send(["c", "3"])
    expect(pull.read()!.map(String)).toEqual(["a", "1"])
    const rest = messages(pull, 2)
    pull.resume()
    expect(await rest).toEqual([["b", "2"], ["c", "3"]])
    expect(emitted).toEqual([["b", "2"], ["c", "3"]])
    expect(pull.read()).toBeNull()
  })

  it("read() on a send-only socket returns null", () => {
    expect(socket("pub").read()).toBeNull()
  })

  it("pause() also holds the send queue; resume() flushes it", async () => {
    const pull = socket("pull")
    const address = inproc()
    pull.bindSync(address)
    pull.pause()
    const push = socket("push")
    push.connect(address)
    push.pause()
    let called = 0
    push.send("held", 0, () => called++)
    expect(push._zmq.pending).toBe(true)
    expect(pull.read()).toBeNull()
    expect(called).toBe(0)
    push.resume()
    expect(called).toBe(1)
    expect(pull.read()!.map(String)).toEqual(["held"])
  })

  it("pausing inside a listener stops delivery until resume()", async () => {
    const pull = socket("pull")
    const address = inproc()
    pull.bindSync(address)
    const push = socket("push")
    push.connect(address)
    const seen: string[] = []
    const first = new Promise<void>(resolve => pull.on("message", (frame: Buffer) => {
      seen.push(frame.toString())
      if (seen.length === 1) {
        pull.pause()
        resolve()
      }
    }))
    for (const value of ["1", "2", "3"]) push.send(value)
    await first
    expect(seen).toEqual(["1"])
    expect(pull.read()!.map(String)).toEqual(["2"])
    const rest = messages(pull, 1)
    pull.resume()
    expect(await rest).toEqual([["3"]])
  })
})

describe("compat send queue and the high-water mark", () => {
  it("messages libzmq cannot take yet wait in order; callbacks fire when libzmq takes them", async () => {
    const push = socket("push")
    const address = bindTo(push)
    const called: number[] = []
    for (let index = 0; index < 5; index++) push.send(String(index), 0, () => called.push(index))
    expect(called).toEqual([]) // no peer: libzmq would block
    expect(push._zmq.pending).toBe(true)
    const pull = socket("pull")
    const received = messages(pull, 5)
    pull.connect(address)
    expect((await received).map(([frame]) => frame)).toEqual(["0", "1", "2", "3", "4"])
    expect(called).toEqual([0, 1, 2, 3, 4])
    expect(push._zmq.pending).toBe(false)
  })

  it("libzmq's SNDHWM bounds what is handed over while the peer does not read", async () => {
    const address = inproc()
    const pull = socket("pull")
    pull.setsockopt(zmq.ZMQ_RCVHWM, 2)
    pull.bindSync(address)
    pull.pause()
    const push = socket("push")
    push.setsockopt(zmq.ZMQ_SNDHWM, 2)
    push.connect(address)
    let taken = 0
    for (let index = 0; index < 50; index++) push.send(String(index), 0, () => taken++)
    expect(taken).toBeGreaterThan(0)
    expect(taken).toBeLessThan(50)
    const all = messages(pull, 50)
    pull.resume()
    expect((await all).map(([frame]) => Number(frame))).toEqual(Array.from({length: 50}, (_, index) => index))
    expect(taken).toBe(50)
  })

  it("ZMQ_DONTWAIT fails at once with EAGAIN when libzmq would block", () => {
    const push = socket("push")
    bindTo(push)
    let error: (Error & {code?: string}) | undefined
    push.send("x", zmq.ZMQ_DONTWAIT, err => { error = err })
    expect(error?.message).toBe("Resource temporarily unavailable")
    expect(error?.code).toBe("EAGAIN")
    expect(push._zmq.pending).toBe(false)
  })

  it("ZMQ_SNDTIMEO bounds the wait: 0 fails at once, >0 fails with EAGAIN after the timeout", async () => {
    const push = socket("push")
    bindTo(push)
    push.setsockopt(zmq.ZMQ_SNDTIMEO, 0)
    let immediate: Error | undefined
    push.send("x", 0, err => { immediate = err })
    expect(immediate?.message).toBe("Resource temporarily unavailable")
    push.setsockopt(zmq.ZMQ_SNDTIMEO, 30)
    const error = await new Promise<Error & {code?: string}>(resolve => push.send("y", 0, err => resolve(err!)))
    expect(error.code).toBe("EAGAIN")
    expect(push._zmq.pending).toBe(false)
  })
})

describe("compat sends the socket's state refuses (REQ/REP lockstep)", () => {
  it("a REQ holds requests sent before their replies, and every one is answered in order", async () => {
    const rep = socket("rep")
    const address = bindTo(rep)
    rep.on("message", (request: Buffer) => rep.send(`reply to ${request}`))
    const req = socket("req")
    req.connect(address)
    const errors: unknown[] = []
    req.on("error", error => errors.push(error))
    const replies = messages(req, 10)
    for (let index = 0; index < 10; index++) req.send(`request ${index}`)
    expect((await replies).map(([frame]) => frame)).toEqual(
      Array.from({length: 10}, (_, index) => `reply to request ${index}`))
    expect(errors).toEqual([])
  })

  it("a REP holds a reply sent before any request, and sends it once one arrives", async () => {
    const rep = socket("rep")
    const address = bindTo(rep)
    let sentAt: string | undefined
    rep.send("early reply", 0, () => { sentAt = "sent" })
    expect(rep._zmq.pending).toBe(true)
    const req = socket("req")
    req.connect(address)
    req.send("question")
    expect(await nextMessage(req)).toEqual(["early reply"])
    expect(sentAt).toBe("sent")
  })

  it("close() drops held requests at once whatever the linger: a closed socket never gets the reply they wait for", async () => {
    const rep = socket("rep")
    const address = bindTo(rep)
    const req = socket("req")
    req.connect(address)
    const errors: Error[] = []
    req.send("answered never", 0, err => { if (err) errors.push(err) })
    req.send("held", 0, err => errors.push(err!))
    expect(req._zmq.pending).toBe(true)
    req.close()
    expect(errors.map(error => error.message)).toEqual(["Socket is closed"])
    expect(await nextMessage(rep)).toEqual(["answered never"])
  })
})

describe("compat close() and linger", () => {
  it("with the default linger (-1), queued messages are still delivered after close()", async () => {
    const push = socket("push")
    const address = bindTo(push)
    const callbacks: unknown[] = []
    push.send(["late", "message"], 0, err => callbacks.push(err))
    push.close()
    expect(push.closed).toBe(true)
    const pull = socket("pull")
    pull.connect(address)
    expect(await nextMessage(pull)).toEqual(["late", "message"])
    expect(callbacks).toEqual([undefined])
  })

  it("with linger 0, close() drops queued messages and tells their callbacks", () => {
    const push = socket("push", {linger: 0})
    bindTo(push)
    const errors: Error[] = []
    push.send("dropped", 0, err => errors.push(err!))
    push.send("part", zmq.ZMQ_SNDMORE, err => errors.push(err!))
    push.close()
    expect(errors.map(error => error.message)).toEqual(["Socket is closed", "Socket is closed"])
  })

  it("with a positive linger, queued messages are dropped when it expires", async () => {
    const push = socket("push", {linger: 30})
    bindTo(push)
    const error = new Promise<Error>(resolve => push.send("x", 0, err => resolve(err!)))
    push.close()
    expect((await error).message).toBe("Socket is closed")
  })
})

describe("compat ref/unref (child processes)", () => {
  // An unref'd timer only fires if something else keeps the event loop alive.
  const probe = `setTimeout(() => { console.log("alive"); sock.close() }, 20).unref();`

  it("a new socket keeps the process alive until close()", async () => {
    const result = await runCompatChild(`const sock = zmq.socket("pull"); sock.bindSync("tcp://127.0.0.1:*"); ${probe}`)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
    expect(result.stdout).toBe("alive\n")
  })

  it("unref() lets the process exit; ref() restores", async () => {
    const unrefd = await runCompatChild(`const sock = zmq.socket("pull"); sock.unref(); ${probe}`)
    expect(unrefd).toMatchObject({code: 0, signal: null, timedOut: false, stdout: ""})
    const refd = await runCompatChild(`const sock = zmq.socket("pull"); sock.unref(); sock.ref(); ${probe}`)
    expect(refd).toMatchObject({code: 0, signal: null, timedOut: false, stdout: "alive\n"})
  })

  it("a closed socket does not keep the process alive", async () => {
    const result = await runCompatChild(`const sock = zmq.socket("dealer"); sock.close(); ${probe}`)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stdout: ""})
  })

  it("a listener exception with no 'error' listener is an uncaught exception", async () => {
    const result = await runCompatChild(`
      const pull = zmq.socket("pull"), push = zmq.socket("push");
      pull.bindSync("inproc://x"); push.connect("inproc://x");
      pull.on("message", () => { throw new Error("unhandled in listener") });
      push.send("m");`)
    expect(result).toMatchObject({code: 1, signal: null, timedOut: false})
    expect(result.stderr).toContain("unhandled in listener")
  })
})
