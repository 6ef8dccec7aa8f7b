/**
 * `zmq.proxy(frontend, backend, capture?)`, with zmq_proxy's semantics for
 * the pairs the legacy API accepts (push/pull, pull/push, xpub/xsub,
 * router/dealer; xrep/xreq are the same types): every message is forwarded
 * whole (all frames) in each direction the pair can carry, and the capture
 * socket, when given, receives a copy of every forwarded message in both
 * directions, before the destination does.
 *
 * It is a relay on the sockets' 'message' events (so the sockets stay usable
 * from JS, as in the legacy binding), not a native zmq_proxy thread. It
 * respects the high-water marks as zmq_proxy does: while a destination (or the
 * capture socket) cannot take more, the source is not read, so the backlog
 * stays in libzmq's queues instead of growing in JS.
 */
import {socketTypes} from "../constants"
import {invalidArgument, type LegacyError} from "./errors"
import {holdReads, isBacklogged, Socket, socketType, whenDrained} from "./socket"

const {push: PUSH, pull: PULL, xpub: XPUB, xsub: XSUB, router: ROUTER, dealer: DEALER} = socketTypes

/** Frontend type → the backend type it may be paired with. */
const legal = new Map<number, number>([[PUSH, PULL], [PULL, PUSH], [XPUB, XSUB], [ROUTER, DEALER]])
const receives = new Set<number>([PULL, XPUB, XSUB, ROUTER, DEALER])
const sends = new Set<number>([PUSH, XPUB, XSUB, ROUTER, DEALER])

/**
 * A compat Socket argument. The relay works on the socket's internals, so
 * anything else (even with a `type`, `on` and `send`) would fail only later,
 * in a 'message' listener.
 */
function checkSocket(socket: unknown, name: string): Socket {
  if (!(socket instanceof Socket)) throw new TypeError(`${name} must be a Socket`)
  return socket
}

/** The legacy binding's message, with the code zmq_proxy gives unusable sockets (EINVAL). */
function wrongOrder(): LegacyError {
  const {code, errno} = invalidArgument()
  return Object.assign(new Error("wrong socket order to proxy"), {code, errno})
}

export function proxy(frontend: Socket, backend: Socket, capture?: Socket): void {
  const front = socketType(checkSocket(frontend, "frontend"))
  const back = socketType(checkSocket(backend, "backend"))
  // No capture: undefined or null (the legacy binding tested `if (capture)`).
  if (capture === null) capture = undefined
  if (capture !== undefined) checkSocket(capture, "capture")
  if (legal.get(front) !== back) throw wrongOrder()
  if (receives.has(front) && sends.has(back)) relay(frontend, backend, capture)
  if (receives.has(back) && sends.has(front)) relay(backend, frontend, capture)
}

function relay(source: Socket, destination: Socket, capture: Socket | undefined): void {
  let held = false
  const release = () => {
    if (!destination.closed && isBacklogged(destination)) return whenDrained(destination, release)
    if (capture && !capture.closed && isBacklogged(capture)) return whenDrained(capture, release)
    held = false
    holdReads(source, -1)
  }
  source.on("message", (...frames: Buffer[]) => {
    if (destination.closed) return
    if (capture && !capture.closed) capture.send(frames)
    destination.send(frames)
    if (!held && (isBacklogged(destination) || (capture !== undefined && !capture.closed && isBacklogged(capture)))) {
      held = true
      holdReads(source, 1)
      // Released once everything queued went to libzmq (or was dropped).
      queueMicrotask(release)
    }
  })
}
