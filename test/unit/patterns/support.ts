/**
 * Helpers shared by the pattern tests: socket cleanup, a free tcp port,
 * subscription synchronisation for pub/sub, and promise state probes.
 */
import * as net from "node:net"
import {afterEach, expect} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, type Transport} from "../../helpers"

type Closable = zmq.Socket & {linger: number}

/**
 * Returns `use(socket)`, which registers a socket to be closed after the
 * current test (with linger 0, so nothing still queued can hold up exit).
 */
export function socketScope(): <S extends zmq.Socket>(socket: S) => S {
  const open: zmq.Socket[] = []
  afterEach(() => {
    for (const socket of open.splice(0)) {
      if (socket.closed) continue
      ;(socket as Closable).linger = 0
      socket.close()
    }
  })
  return socket => {
    open.push(socket)
    return socket
  }
}

/** A PULL socket bound on `transport` and a PUSH socket connected to it, both closed after the test. */
export async function pushPull(use: ReturnType<typeof socketScope>, transport: Transport) {
  const pull = use(new zmq.Pull())
  const push = use(new zmq.Push())
  push.connect(await bound(pull, transport))
  return {push, pull}
}

/** A tcp port nobody listens on right now (the OS picks it). */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const {port} = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** The frames of a message as strings. */
export const texts = (message: Buffer[]): string[] => message.map(frame => frame.toString())

/** Observes whether a promise has settled, without awaiting it. */
export function observe<T>(promise: Promise<T>): {readonly settled: boolean; promise: Promise<T>} {
  const state = {settled: false, promise}
  promise.then(() => { state.settled = true }, () => { state.settled = true })
  return state
}

/** Lets pending I/O callbacks and immediates run once. */
export const turn = () => new Promise<void>(resolve => setImmediate(resolve))

/**
 * Publishes `marker` until `sub` receives it, which proves the subscription
 * covering the marker has reached the publisher (the subscriber must not be
 * subscribed to anything else published meanwhile). Returns `next()`: the
 * next message that is not a marker. Markers still in flight come first, as
 * one connection keeps order, so `next()` is exact once the markers stop.
 */
export async function syncSubscription(publisher: zmq.Publisher | zmq.XPublisher, subscriber: zmq.Subscriber,
                                       marker: string): Promise<() => Promise<Buffer[]>> {
  let arrived = false
  const first = subscriber.receive().finally(() => { arrived = true })
  while (!arrived) {
    await publisher.send(marker)
    // Paces the publishing only; the arrival of a marker is the signal.
    await new Promise(resolve => setTimeout(resolve, 2))
  }
  expect(texts(await first)).toEqual([marker])
  return async () => {
    for (;;) {
      const message = await subscriber.receive()
      if (message.length !== 1 || message[0]!.toString() !== marker) return message
    }
  }
}
