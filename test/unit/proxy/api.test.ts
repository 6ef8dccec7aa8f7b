/**
 * The Proxy's contract around its sockets: arguments are checked at the
 * call, run() refuses what it cannot run, a running proxy owns its sockets
 * (every use from JS fails with EBUSY), and once it ended they are closed —
 * whether it ended by terminate(), by a closed socket or by a closed context.
 */
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import * as compat from "../../../lib/compat/index"
import {bound, failure} from "../../helpers"
import {socketScope, texts} from "../patterns/support"
import {captureSockets} from "./support"

const use = socketScope()

const contexts: zmq.Context[] = []
afterEach(() => {
  for (const context of contexts.splice(0)) if (!context.closed) context.close()
})

/** A ROUTER/DEALER proxy with both sockets bound over inproc, not yet running. */
async function brokerProxy({context, capture}: {context?: zmq.Context; capture?: zmq.Socket} = {}) {
  const frontEnd = use(new zmq.Router({context}))
  const backEnd = use(new zmq.Dealer({context}))
  const front = await bound(frontEnd, "inproc")
  const back = await bound(backEnd, "inproc")
  return {proxy: new zmq.Proxy(frontEnd, backEnd, {capture}), frontEnd, backEnd, front, back}
}

/** One request through a broker proxy, answered by a REP worker. */
async function roundTrip(front: string, back: string, context?: zmq.Context) {
  const client = use(new zmq.Request({context}))
  const worker = use(new zmq.Reply({context}))
  client.connect(front)
  worker.connect(back)
  await client.send("ping")
  expect(texts(await worker.receive())).toEqual(["ping"])
  await worker.send("pong")
  expect(texts(await client.receive())).toEqual(["pong"])
}

describe("new Proxy()", () => {
  it("throws a TypeError naming the argument that is not a socket", () => {
    const dealer = use(new zmq.Dealer())
    expect(() => new (zmq.Proxy as unknown as new () => unknown)()).toThrow(new TypeError("frontEnd must be a Socket"))
    expect(() => new zmq.Proxy(dealer, {} as zmq.Socket)).toThrow(new TypeError("backEnd must be a Socket"))
    const legacy = compat.socket("dealer")
    try {
      expect(() => new zmq.Proxy(legacy as unknown as zmq.Socket, dealer)).toThrow(new TypeError("frontEnd must be a Socket"))
    } finally {
      legacy.close()
    }
    expect(() => (zmq.Proxy as unknown as (a: unknown, b: unknown) => unknown)(dealer, dealer)).toThrow(TypeError)
  })

  it("checks its options: an object, only `capture`, a different socket that sends", () => {
    const router = use(new zmq.Router())
    const dealer = use(new zmq.Dealer())
    expect(() => new zmq.Proxy(router, dealer, 42 as unknown as zmq.ProxyOptions)).toThrow(TypeError)
    expect(() => new zmq.Proxy(router, dealer, {captur: dealer} as unknown as zmq.ProxyOptions))
      .toThrow(new TypeError("Unknown Proxy option: captur (the only one is capture)"))
    expect(() => new zmq.Proxy(router, dealer, {capture: "pub" as unknown as zmq.Socket}))
      .toThrow(new TypeError("options.capture must be a Socket"))
    expect(() => new zmq.Proxy(router, dealer, {capture: dealer}))
      .toThrow(new TypeError("options.capture must be a different socket from frontEnd and backEnd"))
    for (const receiver of [use(new zmq.Pull()), use(new zmq.Subscriber())]) {
      expect(() => new zmq.Proxy(router, dealer, {capture: receiver}))
        .toThrow(new TypeError(`options.capture must be a socket that sends, not a ${receiver.constructor.name}`))
    }
    expect(new zmq.Proxy(router, dealer, {capture: undefined}).frontEnd).toBe(router)
  })

  it("exposes the sockets it was given", () => {
    const router = use(new zmq.Router())
    const dealer = use(new zmq.Dealer())
    const proxy = new zmq.Proxy(router, dealer)
    expect(proxy.frontEnd).toBe(router)
    expect(proxy.backEnd).toBe(dealer)
  })
})

describe("run() refuses what it cannot run, and starts nothing", () => {
  it("throws EINVAL at the call when a socket is not bound or connected, or is closed (as zeromq)", async () => {
    const router = use(new zmq.Router())
    const dealer = use(new zmq.Dealer())
    const proxy = new zmq.Proxy(router, dealer)
    let thrown: unknown
    try {
      void proxy.run() // not awaited: the error must not wait for a promise
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({code: "EINVAL", message: "Front-end socket must be bound or connected"})
    await bound(router, "inproc")
    expect(await failure(() => proxy.run())).toMatchObject({code: "EINVAL", message: "Back-end socket must be bound or connected"})
    dealer.connect("inproc://nobody-yet")
    const capture = use(new zmq.Publisher())
    const withCapture = new zmq.Proxy(router, dealer, {capture})
    expect(await failure(() => withCapture.run())).toMatchObject({code: "EINVAL", message: "Capture socket must be bound or connected"})
    router.close()
    const error = await failure(() => proxy.run())
    expect(error).toMatchObject({code: "EINVAL", message: "Front-end socket must be bound or connected"})
    expect(typeof error.errno).toBe("number")
    // Nothing was taken over.
    await expect(dealer.send("still mine")).resolves.toBeUndefined()
  })

  it("an endpoint that was unbound again does not count", async () => {
    const {proxy, frontEnd, front} = await brokerProxy()
    await frontEnd.unbind(front)
    expect(await failure(() => proxy.run())).toMatchObject({code: "EINVAL", message: "Front-end socket must be bound or connected"})
  })

  it("rejects with EBUSY while it runs, and while a socket is another proxy's", async () => {
    const {proxy, frontEnd, backEnd, front, back} = await brokerProxy()
    const running = proxy.run()
    expect(await failure(() => proxy.run())).toMatchObject({code: "EBUSY", message: "Proxy is already running"})
    const other = new zmq.Proxy(frontEnd, use(new zmq.Dealer()))
    expect(await failure(() => other.run())).toMatchObject({code: "EBUSY", message: "Front-end socket is in use by another proxy"})
    const third = new zmq.Proxy(use(new zmq.Router()), backEnd)
    expect(await failure(() => third.run())).toMatchObject({code: "EBUSY", message: "Back-end socket is in use by another proxy"})
    await roundTrip(front, back)
    proxy.terminate()
    await running
  })

  it("rejects with EBUSY when a socket has a receive pending in JS", async () => {
    const {proxy, frontEnd, front, back} = await brokerProxy()
    const abort = new AbortController()
    const pending = frontEnd.receive({signal: abort.signal})
    expect(await failure(() => proxy.run()))
      .toMatchObject({code: "EBUSY", message: "Front-end socket has pending sends, receives, poller waits or unread messages"})
    // The pending receive was left alone, and the socket is still JS's.
    abort.abort()
    await expect(pending).rejects.toBe(abort.signal.reason)
    const running = proxy.run()
    await roundTrip(front, back)
    proxy.terminate()
    await running
  })

  it("rejects with EBUSY when messages were read ahead but not yet received", async () => {
    const {proxy, frontEnd, front, back} = await brokerProxy()
    const client = use(new zmq.Dealer())
    client.connect(front)
    await client.send("one")
    await client.send("two")
    // Over inproc both are queued once sent: one receive() reads both from
    // libzmq and hands over the first.
    expect(texts((await frontEnd.receive()).slice(1))).toEqual(["one"])
    expect(frontEnd.readable).toBe(true)
    expect(await failure(() => proxy.run()))
      .toMatchObject({code: "EBUSY", message: "Front-end socket has pending sends, receives, poller waits or unread messages"})
    expect(texts((await frontEnd.receive()).slice(1))).toEqual(["two"])
    const running = proxy.run()
    await roundTrip(front, back)
    proxy.terminate()
    await running
  })

  it("rejects with EBUSY while a Poller waits on a socket; a Poller never touches a proxy's socket", async () => {
    const {proxy, frontEnd, backEnd, front, back} = await brokerProxy()
    const poller = new zmq.Poller<zmq.Socket>().add(frontEnd, "readable")
    const abort = new AbortController()
    const waiting = poller.wait({signal: abort.signal})
    expect(await failure(() => proxy.run()))
      .toMatchObject({code: "EBUSY", message: "Front-end socket has pending sends, receives, poller waits or unread messages"})
    abort.abort()
    await expect(waiting).rejects.toBe(abort.signal.reason)

    // Still an item of the poller (no wait pending): the proxy may take it,
    // and the poller refuses to look at it meanwhile (zmq_poll is a use too).
    const running = proxy.run()
    const busy = {code: "EBUSY", message: "Socket is in use by a proxy"}
    const error = await failure(() => poller.wait({timeout: 0}))
    expect(error).toMatchObject(busy)
    expect((error as {socket?: unknown}).socket).toBe(frontEnd)
    expect(() => new zmq.Poller<zmq.Socket>().add(backEnd)).toThrow(expect.objectContaining(busy))
    await roundTrip(front, back)
    proxy.terminate()
    await running
    expect(await failure(() => poller.wait({timeout: 0}))).toMatchObject({code: "EBADF", message: "Socket is closed"})
  })

  it("commands before run() throw EBADF, statistics() rejects", async () => {
    const {proxy} = await brokerProxy()
    for (const command of ["pause", "resume", "terminate"] as const) {
      expect(() => proxy[command]()).toThrow("Proxy is not running: call run() first")
    }
    expect(await failure(() => proxy.statistics())).toMatchObject({code: "EBADF", message: "Proxy is not running: call run() first"})
  })
})

describe("while a proxy runs", () => {
  it("its sockets refuse every use with EBUSY, and are not readable or writable", async () => {
    const {capture} = await captureSockets(use)
    const {proxy, frontEnd, backEnd, front, back} = await brokerProxy({capture})
    const running = proxy.run()
    const busy = {code: "EBUSY", message: "Socket is in use by a proxy"}

    for (const socket of [frontEnd, backEnd, capture] as (zmq.Socket & Partial<zmq.Writable & zmq.Readable>)[]) {
      expect(socket.closed).toBe(false)
      expect(socket.readable).toBe(false)
      expect(socket.writable).toBe(false)
      if (socket.send) {
        expect(await failure(() => socket.send!("x"))).toMatchObject(busy)
        expect(await failure(() => socket.sendBatch!(["x"]))).toMatchObject(busy)
      }
      if (socket.receive) {
        expect(await failure(() => socket.receive!())).toMatchObject(busy)
        expect(await failure(() => socket.receiveBatch!())).toMatchObject(busy)
        expect(await failure(() => socket[Symbol.asyncIterator]!().next())).toMatchObject(busy)
      }
      expect(await failure(() => socket.bind("inproc://elsewhere"))).toMatchObject(busy)
      expect(await failure(() => socket.unbind("inproc://elsewhere"))).toMatchObject(busy)
      expect(() => socket.bindSync("inproc://elsewhere")).toThrow(expect.objectContaining(busy))
      expect(() => socket.connect("inproc://elsewhere")).toThrow(expect.objectContaining(busy))
      expect(() => socket.disconnect("inproc://elsewhere")).toThrow(expect.objectContaining(busy))
      expect(() => socket.linger).toThrow(expect.objectContaining(busy))
      expect(() => { socket.linger = 0 }).toThrow(expect.objectContaining(busy))
      expect(() => socket.lastEndpoint).toThrow(expect.objectContaining(busy))
      expect(() => socket.ref()).toThrow(expect.objectContaining(busy))
      expect(() => socket.unref()).toThrow(expect.objectContaining(busy))
    }

    // ... and the proxy still works.
    await roundTrip(front, back)
    proxy.terminate()
    await running
  })

  it("statistics() calls overlap and are answered in order", async () => {
    const {proxy, front, back} = await brokerProxy()
    const running = proxy.run()
    const zero = {messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0}
    const first = await Promise.all([proxy.statistics(), proxy.statistics(), proxy.statistics()])
    expect(first).toEqual([{frontEnd: zero, backEnd: zero}, {frontEnd: zero, backEnd: zero}, {frontEnd: zero, backEnd: zero}])
    await roundTrip(front, back)
    const after = await proxy.statistics()
    expect(after.frontEnd).toMatchObject({messagesIn: 1, messagesOut: 1})
    expect(after.backEnd).toMatchObject({messagesIn: 1, messagesOut: 1})
    proxy.terminate()
    await running
  })

  it("pause() and resume() may repeat; terminate() twice before the end is harmless", async () => {
    const {proxy, front, back} = await brokerProxy()
    const running = proxy.run()
    proxy.pause()
    proxy.pause()
    proxy.resume()
    proxy.resume()
    await roundTrip(front, back)
    proxy.terminate()
    proxy.terminate()
    const late = proxy.statistics()
    await running
    expect(await failure(() => late)).toMatchObject({code: "EBADF", message: "Socket is closed"})
  })

  it("one socket may be both ends (libzmq allows it): a DEALER proxied to itself echoes", async () => {
    const dealer = use(new zmq.Dealer())
    const address = await bound(dealer, "inproc")
    const proxy = new zmq.Proxy(dealer, dealer)
    const running = proxy.run()
    const peer = use(new zmq.Dealer())
    peer.connect(address)
    await peer.send(["echo", "me"])
    expect(texts(await peer.receive())).toEqual(["echo", "me"])
    expect(await proxy.statistics()).toEqual({
      frontEnd: {messagesIn: 1, bytesIn: 6, messagesOut: 0, bytesOut: 0},
      backEnd: {messagesIn: 0, bytesIn: 0, messagesOut: 1, bytesOut: 6},
    })
    proxy.terminate()
    await running
    expect(dealer.closed).toBe(true)
  })
})

describe("when a proxy ends", () => {
  it("after terminate(): run() resolves, its sockets are closed, commands throw EBADF 'Socket is closed' (as zeromq)", async () => {
    const {proxy, frontEnd, backEnd, front, back} = await brokerProxy()
    const running = proxy.run()
    await roundTrip(front, back)
    proxy.terminate()
    await expect(running).resolves.toBeUndefined()

    expect(frontEnd.closed).toBe(true)
    expect(backEnd.closed).toBe(true)
    const closed = {code: "EBADF", message: "Socket is closed"}
    expect(await failure(() => (frontEnd as zmq.Router).send(["x", "y"]))).toMatchObject(closed)
    expect(await failure(() => (backEnd as zmq.Dealer).receive())).toMatchObject(closed)
    expect(await failure(() => frontEnd.bind("inproc://again"))).toMatchObject(closed)
    for (const command of ["terminate", "pause", "resume"] as const) {
      const error = await failure(() => proxy[command]())
      expect(error).toMatchObject(closed)
      expect(typeof error.errno).toBe("number")
    }
    expect(await failure(() => proxy.statistics())).toMatchObject(closed)
    expect(await failure(() => proxy.run())).toMatchObject({code: "EINVAL", message: "Front-end socket must be bound or connected"})
    // close() on a socket the proxy closed is a no-op.
    frontEnd.close()
  })

  it("closing one of its sockets ends it: run() resolves, the other sockets are closed too", async () => {
    const {capture} = await captureSockets(use)
    const {proxy, frontEnd, backEnd, front, back} = await brokerProxy({capture})
    const running = proxy.run()
    await roundTrip(front, back)
    backEnd.close()
    expect(backEnd.closed).toBe(true)
    await expect(running).resolves.toBeUndefined()
    expect(frontEnd.closed).toBe(true)
    expect(capture.closed).toBe(true)
  })

  it("a libzmq error ends it: run() rejects with that error and its sockets are closed", async () => {
    // A mandatory ROUTER refuses a message for a peer it does not know, and
    // zmq_proxy gives up with that error. (It takes messages at all only
    // once it has a peer: a mandatory ROUTER without one is not writable.)
    const frontEnd = use(new zmq.Dealer())
    const backEnd = use(new zmq.Router({mandatory: true}))
    const front = await bound(frontEnd, "inproc")
    use(new zmq.Dealer({routingId: "worker"})).connect(await bound(backEnd, "inproc"))
    const proxy = new zmq.Proxy(frontEnd, backEnd)
    const running = proxy.run()
    const outside = use(new zmq.Router())
    outside.connect(front, {routingId: "proxy"})
    await outside.send(["proxy", "nobody", "hello?"])
    const error = await failure(() => running)
    expect(error).toMatchObject({code: "EHOSTUNREACH", message: "Host unreachable"})
    expect(typeof error.errno).toBe("number")
    expect([frontEnd.closed, backEnd.closed]).toEqual([true, true])
  })

  it("Context.close() under a running proxy: run() rejects with ETERM and its sockets are closed", async () => {
    const context = new zmq.Context()
    contexts.push(context)
    const {proxy, frontEnd, backEnd, front, back} = await brokerProxy({context})
    const running = proxy.run()
    await roundTrip(front, back, context)
    context.close()
    const error = await failure(() => running)
    expect(error).toMatchObject({code: "ETERM"})
    expect(typeof error.errno).toBe("number")
    expect(frontEnd.closed).toBe(true)
    expect(backEnd.closed).toBe(true)
    expect(await failure(() => (frontEnd as zmq.Router).send(["a", "b"]))).toMatchObject({code: "ETERM"})
  })

  it("Context.close() of only the capture socket's context also ends it with ETERM", async () => {
    const context = new zmq.Context()
    contexts.push(context)
    const capture = use(new zmq.Publisher({context}))
    await bound(capture, "inproc")
    const {proxy, frontEnd, backEnd, front, back} = await brokerProxy({capture})
    const running = proxy.run()
    await roundTrip(front, back)
    context.close()
    expect(await failure(() => running)).toMatchObject({code: "ETERM"})
    expect([frontEnd.closed, backEnd.closed, capture.closed]).toEqual([true, true, true])
    // The default context's sockets went back closed (EBADF), the closed context's with ETERM.
    expect(await failure(() => (backEnd as zmq.Dealer).send("x"))).toMatchObject({code: "EBADF"})
    expect(await failure(() => capture.send("x"))).toMatchObject({code: "ETERM"})
  })
})
