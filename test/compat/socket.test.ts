import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../lib/compat/index"
import {bindTo, closeAll, messages, next, nextMessage, socket, track} from "./support"

afterEach(closeAll)

describe("compat sockets: creation", () => {
  it("socket(type, opts) applies options through the property setters", () => {
    const sock = socket("req", {backlog: 30, identity: "client-1", linger: 0})
    expect(sock).toBeInstanceOf(zmq.Socket)
    expect(sock.type).toBe("req")
    expect(sock.backlog).toBe(30)
    expect(sock.linger).toBe(0)
    expect(sock.identity).toEqual(Buffer.from("client-1"))
  })

  it("keeps the alias type names (xreq/xrep)", () => {
    expect(socket("xrep").getsockopt(zmq.ZMQ_TYPE)).toBe(zmq.ZMQ_ROUTER)
    expect(socket("xreq").type).toBe("xreq")
  })

  it("refuses an unknown type with the legacy TypeError", () => {
    expect(() => zmq.socket("nope")).toThrow(TypeError)
    expect(() => zmq.socket("nope")).toThrow("Type must be an integer")
    // Not converted to a key first: an array's conversion would run its elements' toString.
    expect(() => zmq.socket([Symbol("type")] as unknown as string)).toThrow(new TypeError("Type must be an integer"))
  })

  it("is an EventEmitter with the legacy handle state", () => {
    const sock = socket("pair")
    expect(typeof sock.on).toBe("function")
    expect(sock._zmq.state).toBe(zmq.STATE_READY)
    expect(sock.closed).toBe(false)
    sock.close()
    expect(sock._zmq.state).toBe(zmq.STATE_CLOSED)
    expect(sock.closed).toBe(true)
  })
})

describe("compat sockets: bind/unbind/connect", () => {
  it("bind(addr, cb) binds on the JS thread and calls back asynchronously after 'bind'", async () => {
    const sock = socket("rep")
    const order: string[] = []
    sock.on("bind", (address: string) => order.push(`bind ${address}`))
    const done = new Promise<unknown>(resolve => sock.bind("tcp://127.0.0.1:*", error => {
      order.push("cb")
      resolve(error)
    }))
    // Already bound, and the socket is not "busy": other calls work at once.
    expect(sock.last_endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
    expect(sock.getsockopt(zmq.ZMQ_LINGER)).toBe(-1)
    expect(order).toEqual([])
    expect(await done).toBeUndefined()
    expect(order).toEqual(["bind tcp://127.0.0.1:*", "cb"])
  })

  it("bind errors go to the callback with the libzmq text and a code, not to 'error'", async () => {
    const first = socket("rep")
    const address = bindTo(first)
    const second = socket("rep")
    let errorEvents = 0
    second.on("error", () => errorEvents++)
    const error = await new Promise<Error & {code?: string; errno?: number}>(resolve =>
      second.bind(address, err => resolve(err as Error)))
    expect(error.message).toBe("Address already in use")
    expect(error.code).toBe("EADDRINUSE")
    expect(typeof error.errno).toBe("number")
    expect(errorEvents).toBe(0)
    expect(() => second.bindSync(address)).toThrow("Address already in use")
  })

  it("without a callback, a bind error is emitted as 'error' when someone listens", async () => {
    const first = socket("rep")
    const address = bindTo(first)
    const second = socket("rep")
    second.bind(address)
    const [error] = await next(second, "error")
    expect((error as Error).message).toBe("Address already in use")
  })

  it("unbind(addr, cb) emits 'unbind'; unbindSync unbinds", async () => {
    const sock = socket("rep")
    const address = bindTo(sock)
    const unbound = next(sock, "unbind")
    const result = await new Promise(resolve => sock.unbind(address, resolve))
    expect(result).toBeUndefined()
    expect(await unbound).toEqual([address])
    // unbindSync: an inproc name is released synchronously, so it binds again.
    const name = `inproc://compat-unbind-${process.pid}`
    sock.bindSync(name)
    expect(sock.unbindSync(name)).toBe(sock)
    expect(() => sock.unbindSync(name)).toThrow()
    sock.bindSync(name)
  })

  it("connect/disconnect are synchronous and chainable", async () => {
    const rep = socket("rep")
    const address = bindTo(rep)
    const req = socket("req")
    expect(req.connect(address)).toBe(req)
    req.send("ping")
    expect(await nextMessage(rep)).toEqual(["ping"])
    expect(req.disconnect(address)).toBe(req)
    expect(() => req.connect("bogus://x")).toThrow("Protocol not supported")
    expect(() => req.connect(42 as unknown as string)).toThrow(TypeError)
  })
})

describe("compat sockets: callbacks that are not functions", () => {
  // The legacy binding accepted them and threw "cb is not a function" later,
  // from its uv callback; here the call itself throws, before doing anything.
  const notFunctions: unknown[] = [42, "cb", {}, true]

  it("bind(addr, cb) throws a TypeError naming the callback, and does not bind", () => {
    const sock = socket("rep")
    for (const callback of notFunctions) {
      const call = () => sock.bind("tcp://127.0.0.1:*", callback as () => void)
      expect(call, String(callback)).toThrow(TypeError)
      expect(call, String(callback)).toThrow("callback must be a function")
    }
    expect(sock.last_endpoint).toBe("")
  })

  it("unbind(addr, cb) throws a TypeError naming the callback, and does not unbind", () => {
    const sock = socket("rep")
    const address = bindTo(sock)
    for (const callback of notFunctions) {
      const call = () => sock.unbind(address, callback as () => void)
      expect(call, String(callback)).toThrow(TypeError)
      expect(call, String(callback)).toThrow("callback must be a function")
    }
    // Still bound: unbinding now succeeds (an unbound address would throw).
    expect(sock.unbindSync(address)).toBe(sock)
  })

  it("send(msg, flags, cb) throws a TypeError naming the callback and queues nothing, so close() cannot throw", () => {
    const sock = socket("push")
    // No peer: a send that were accepted would wait in the queue until close().
    for (const callback of notFunctions) {
      const call = () => sock.send("x", 0, callback as () => void)
      expect(call, String(callback)).toThrow(TypeError)
      expect(call, String(callback)).toThrow("callback must be a function")
      expect(() => sock.send(["x", "y"], 0, callback as () => void), String(callback)).toThrow("callback must be a function")
      expect(() => sock.send("x", zmq.ZMQ_SNDMORE, callback as () => void), String(callback)).toThrow("callback must be a function")
    }
    expect(sock._zmq.pending).toBe(false)
    expect(() => sock.close()).not.toThrow()
  })

  it("a rejected send leaves no part behind: the next message goes out alone", async () => {
    const pull = socket("pull")
    const push = socket("push")
    push.connect(bindTo(pull))
    expect(() => push.send("stray", zmq.ZMQ_SNDMORE, 42 as unknown as () => void)).toThrow(TypeError)
    push.send("alone")
    expect(await nextMessage(pull)).toEqual(["alone"])
  })

  it("null and undefined still mean no callback, as in the legacy binding", async () => {
    const pull = socket("pull")
    const push = socket("push")
    push.connect(bindTo(pull))
    const received = messages(pull, 2)
    push.send("a", 0, null as unknown as () => void)
    push.send("b", 0, undefined)
    const bound = next(pull, "bind")
    pull.bind("tcp://127.0.0.1:*", null as unknown as () => void)
    expect(await bound).toEqual(["tcp://127.0.0.1:*"])
    expect(await received).toEqual([["a"], ["b"]])
  })
})

describe("compat sockets: closed", () => {
  it("close() twice throws TypeError 'Socket is closed' with a code", () => {
    const sock = track(new zmq.Socket("pub"))
    sock.close()
    let error: (Error & {code?: string}) | undefined
    try {
      sock.close()
    } catch (caught) {
      error = caught as Error
    }
    expect(error).toBeInstanceOf(TypeError)
    expect(error!.message).toBe("Socket is closed")
    expect(error!.code).toBe("EBADF")
  })

  it("every operation on a closed socket throws 'Socket is closed'", () => {
    const sock = socket("sub")
    sock.close()
    for (const call of [
      () => sock.bind("tcp://127.0.0.1:*"), () => sock.bindSync("tcp://127.0.0.1:*"),
      () => sock.unbindSync("tcp://127.0.0.1:1"), () => sock.connect("tcp://127.0.0.1:1"),
      () => sock.disconnect("tcp://127.0.0.1:1"), () => sock.setsockopt(zmq.ZMQ_LINGER, 0),
      () => sock.getsockopt(zmq.ZMQ_LINGER), () => sock.subscribe("x"), () => sock.read(),
      () => sock.monitor(), () => sock.identity,
    ]) {
      expect(call).toThrow("Socket is closed")
    }
    // Allowed on a closed socket.
    expect(sock.unmonitor()).toBe(sock)
  })

  it("send() on a closed socket reports 'Socket is closed' to the callback, else as 'error'", async () => {
    const sock = socket("push")
    sock.close()
    const error = await new Promise<Error>(resolve => sock.send("x", 0, err => resolve(err!)))
    expect(error.message).toBe("Socket is closed")
    const emitted = next(sock, "error")
    sock.send("y")
    expect(((await emitted)[0] as Error).message).toBe("Socket is closed")
  })
})
