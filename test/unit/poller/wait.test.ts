/**
 * Poller.wait(): timeouts (0 only checks; > 0 resolves with an empty array
 * when nothing came), AbortSignal, concurrent waits, argument checking, and
 * the synchronous budget that keeps an always-ready poller from starving the
 * event loop.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {failure} from "../../helpers"
import {observe, pushPull, socketScope, texts, turn} from "../patterns/support"

describe("Poller.wait() timeouts", () => {
  const use = socketScope()

  it("timeout 0 resolves with an empty array when nothing is ready, and on an empty poller", async () => {
    const {pull} = await pushPull(use, "inproc")
    expect(await new zmq.Poller().add(pull).wait({timeout: 0})).toEqual([])
    expect(await new zmq.Poller().wait({timeout: 0})).toEqual([])
  })

  it("timeout 0 reports what is ready now", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    await push.send("x")
    const ready = await new zmq.Poller().add(pull).wait({timeout: 0})
    expect(ready.map(item => item.socket)).toEqual([pull])
  })

  it("a timeout that runs out resolves with an empty array, and leaves the socket usable", async () => {
    const {push, pull} = await pushPull(use, "tcp")
    const poller = new zmq.Poller().add(pull)
    expect(await poller.wait({timeout: 20})).toEqual([])
    expect(await new zmq.Poller().wait({timeout: 1})).toEqual([])
    // The expired wait left nothing behind on the socket.
    await push.send("after")
    expect(texts(await pull.receive())).toEqual(["after"])
  })

  it("a message that arrives before the timeout resolves the wait with its socket", async () => {
    const {push, pull} = await pushPull(use, "tcp")
    const waiting = new zmq.Poller().add(pull).wait({timeout: 60_000})
    await push.send("in time")
    expect((await waiting).map(item => item.socket)).toEqual([pull])
  })

  it("undefined options, {} and timeout -1 all wait without a limit", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    const poller = new zmq.Poller().add(pull)
    const waits = [observe(poller.wait()), observe(poller.wait({})), observe(poller.wait({timeout: -1}))]
    await turn()
    expect(waits.map(wait => wait.settled)).toEqual([false, false, false])
    await push.send("x")
    for (const wait of waits) expect((await wait.promise).map(item => item.socket)).toEqual([pull])
  })
})

describe("Poller.wait() with an AbortSignal", () => {
  const use = socketScope()

  it("rejects with the signal's reason when aborted while waiting", async () => {
    const {push, pull} = await pushPull(use, "tcp")
    const poller = new zmq.Poller().add(pull)
    const controller = new AbortController()
    const waiting = poller.wait({signal: controller.signal})
    const reason = new Error("no longer needed")
    controller.abort(reason)
    expect(await failure(() => waiting)).toBe(reason)

    // The aborted wait left nothing behind: the socket and poller still work.
    const next = poller.wait()
    await push.send("x")
    expect((await next).map(item => item.socket)).toEqual([pull])
    expect(texts(await pull.receive())).toEqual(["x"])
  })

  it("rejects at once when the signal is already aborted", async () => {
    const {pull} = await pushPull(use, "inproc")
    const error = await failure(() => new zmq.Poller().add(pull).wait({signal: AbortSignal.abort()}))
    expect(error.name).toBe("AbortError")
  })

  it("an abort after the wait resolved changes nothing", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    await push.send("x")
    const controller = new AbortController()
    const ready = await new zmq.Poller().add(pull).wait({signal: controller.signal, timeout: 1000})
    controller.abort()
    expect(ready.map(item => item.socket)).toEqual([pull])
  })

  it("AbortSignal.timeout() bounds a wait like a timeout, but rejects", async () => {
    const {pull} = await pushPull(use, "inproc")
    const error = await failure(() => new zmq.Poller().add(pull).wait({signal: AbortSignal.timeout(10)}))
    expect(error.name).toBe("TimeoutError")
  })
})

describe("concurrent waits", () => {
  const use = socketScope()

  it("several waits on one poller, and pollers sharing a socket, all see the same message", async () => {
    const {push, pull} = await pushPull(use, "tcp")
    const first = new zmq.Poller().add(pull)
    const second = new zmq.Poller().add(pull)
    const waits = [first.wait(), first.wait(), second.wait()]
    await push.send("one")
    for (const ready of await Promise.all(waits)) expect(ready.map(item => item.socket)).toEqual([pull])
    expect(texts(await pull.receive())).toEqual(["one"])
  })
})

describe("argument checks", () => {
  const use = socketScope()

  it("wait() rejects bad options with a TypeError or RangeError naming them", async () => {
    const poller = new zmq.Poller()
    const bad: [unknown, ErrorConstructor, RegExp][] = [
      [{timeout: "1000"}, TypeError, /options\.timeout must be a number, got string "1000"/],
      [{timeout: -2}, RangeError, /options\.timeout must be -1 .* got -2/],
      [{timeout: 1.5}, RangeError, /options\.timeout .* got 1\.5/],
      [{timeout: NaN}, RangeError, /options\.timeout .* got NaN/],
      [{timeout: 2 ** 31}, RangeError, /options\.timeout .* 2147483647, got 2147483648/],
      [{signal: {aborted: false}}, TypeError, /options\.signal must be an AbortSignal/],
      [{timout: 10}, TypeError, /Unknown wait\(\) option "timout"/],
      [null, TypeError, /^Options must be an object$/],
      [5, TypeError, /^Options must be an object$/],
    ]
    for (const [options, type, message] of bad) {
      const error = await failure(() => poller.wait(options as zmq.PollerWaitOptions))
      expect(error, JSON.stringify(options)).toBeInstanceOf(type)
      expect(error.message).toMatch(message)
    }
  })

  it("add() refuses what is neither a socket nor a file descriptor, and unknown events, with a TypeError", () => {
    const {pull} = {pull: use(new zmq.Pull())}
    const poller = new zmq.Poller<zmq.PollerItem>()
    for (const item of [{}, "3", null, undefined, -1, 1.5, 2 ** 31, NaN, Buffer.alloc(1)]) {
      expect(() => poller.add(item as zmq.PollerItem), String(item)).toThrow(TypeError)
    }
    expect(() => poller.add({} as zmq.Socket)).toThrow(/item must be a Socket or a file descriptor, got Object/)
    for (const events of ["read", "", "READABLE", null, 1, ["readable"]]) {
      expect(() => poller.add(pull, events as zmq.PollerEvents), String(events))
        .toThrow(/events must be "readable", "writable" or "both"/)
    }
    expect(poller.size).toBe(0)
  })

  it("add() refuses a legacy (compat) socket with a TypeError", async () => {
    const compat = await import("../../../lib/compat/index")
    const legacy = compat.socket("pull")
    try {
      expect(() => new zmq.Poller().add(legacy as unknown as zmq.Socket)).toThrow(TypeError)
    } finally {
      legacy.close()
    }
  })

  it("add() refuses events a socket type never has", () => {
    const poller = new zmq.Poller()
    expect(() => poller.add(use(new zmq.Pull()), "writable")).toThrow(/A Pull socket never becomes writable/)
    expect(() => poller.add(use(new zmq.Subscriber()), "both")).toThrow(/A Subscriber socket never becomes writable/)
    expect(() => poller.add(use(new zmq.Push()), "readable")).toThrow(/A Push socket never becomes readable/)
    expect(() => poller.add(use(new zmq.Publisher()))).toThrow(/A Publisher socket never becomes readable/)
    // XPUB receives subscriptions and XSUB sends them: both directions exist.
    poller.add(use(new zmq.XPublisher()), "both").add(use(new zmq.XSubscriber()), "both")
    expect(poller.size).toBe(2)
  })

  it("add() of a closed socket throws EBADF; of an item already there, EINVAL", () => {
    const poller = new zmq.Poller()
    const closed = new zmq.Pull()
    closed.close()
    const error = (() => { try { poller.add(closed) } catch (e) { return e as zmq.ZmqError & {socket: unknown} } })()!
    expect(error).toMatchObject({code: "EBADF"})
    expect(error.socket).toBe(closed)

    const pull = use(new zmq.Pull())
    poller.add(pull)
    expect(() => poller.add(pull, "readable")).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => poller.add(pull)).toThrow(/already in this poller; modify\(\) changes its events/)
  })
})

describe("the synchronous budget", () => {
  const use = socketScope()

  it("a loop of waits that always find something ready still lets the event loop turn", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    await push.send("stays")
    const poller = new zmq.Poller().add(pull)
    let turned = false
    setImmediate(() => { turned = true })
    let waits = 0
    // Bounded, so that a regression fails instead of hanging the event loop for good.
    while (!turned && waits < 5000) {
      expect(await poller.wait()).toHaveLength(1)
      waits++
    }
    expect(turned).toBe(true)
    // 512 waits resolve in a row; the next goes through the event loop.
    expect(waits).toBeLessThanOrEqual(513)
  })
})
