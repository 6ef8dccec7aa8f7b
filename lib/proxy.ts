/**
 * Proxy: libzmq's steerable proxy (`zmq_proxy_steerable`) between a front-end
 * and a back-end socket, as in the `zeromq` v6 package, plus a capture socket
 * and `statistics()`.
 *
 * `run()` starts the proxy on a native thread of its own (never a libuv
 * threadpool slot, so fs, dns and the rest of the pool are unaffected however
 * many proxies run). While it runs the proxy owns its sockets: every use from
 * JS (send, receive, bind, connect, options, ...) fails with EBUSY. When it
 * ends its sockets are closed, as in `zeromq`. See src-native/proxy.h.
 */
import {binding, type NativeSocket} from "./native"
import {closedError, codeError} from "./errors"
import {checkOptions} from "./options"
import {nativeSocket, proxyObstacle, setProxied, Socket} from "./socket"

/** The counters of one side of the proxy, as libzmq's STATISTICS reports them. */
export interface ProxySocketStatistics {
  /** Messages received on this socket (a multipart message counts once). */
  messagesIn: number
  /** Bytes of those messages (all frames). */
  bytesIn: number
  /** Messages sent on this socket. */
  messagesOut: number
  /** Bytes of those messages. */
  bytesOut: number
}

/** What `statistics()` resolves to. Counts are exact below 2^53. */
export interface ProxyStatistics {
  frontEnd: ProxySocketStatistics
  backEnd: ProxySocketStatistics
}

export interface ProxyOptions {
  /**
   * A socket that gets a copy of every message the proxy forwards, in both
   * directions, frame by frame as zmq_proxy sends it — and, as zmq_proxy
   * does, a copy of every control command (`PAUSE`, `RESUME`, `STATISTICS`,
   * `TERMINATE`) as a one-frame message. It must be able to send (PUB, PUSH,
   * DEALER, PAIR, ...), be bound or connected before `run()`, and is owned
   * and closed by the proxy like the other two.
   */
  capture?: Socket
}

interface NativeProxy {
  run(onStatistics: (counters: number[]) => void, onEnd: (errno: number) => void): void
  command(name: "PAUSE" | "RESUME" | "TERMINATE" | "STATISTICS"): void
}

interface Pending {
  resolve(statistics: ProxyStatistics): void
  reject(error: unknown): void
}

type Phase = "idle" | "running" | "ended"

class ProxyState {
  phase: Phase = "idle"
  statistics: Pending[] = []
  constructor(readonly native: NativeProxy, readonly sockets: Socket[]) {}
}

const states = new WeakMap<Proxy, ProxyState>()
/** What the addon adds for this module (src-native/proxy.h, monitor.h). */
const addon = binding as unknown as {
  Proxy: new (frontEnd: NativeSocket, backEnd: NativeSocket, capture: NativeSocket | null) => NativeProxy
  zmqError(errno: number): Error
}

function stateOf(proxy: Proxy): ProxyState {
  const state = states.get(proxy)
  if (state === undefined) throw new TypeError("Proxy method called on an object that is not a Proxy")
  return state
}

const NAMES = ["Front-end", "Back-end", "Capture"]

function side(counters: number[], offset: number): ProxySocketStatistics {
  return {
    messagesIn: counters[offset]!,
    bytesIn: counters[offset + 1]!,
    messagesOut: counters[offset + 2]!,
    bytesOut: counters[offset + 3]!,
  }
}

function checkSocket(value: unknown, name: string): Socket {
  if (!(value instanceof Socket)) throw new TypeError(`${name} must be a Socket`)
  return value
}

export class Proxy<F extends Socket = Socket, B extends Socket = Socket> {
  /** The front-end socket given to the constructor. */
  readonly frontEnd: F
  /** The back-end socket given to the constructor. */
  readonly backEnd: B

  /**
   * Prepares a proxy between `frontEnd` and `backEnd` (they may be the same
   * socket, as libzmq allows). Nothing happens until `run()`: bind or connect
   * both sockets, and set their options, first.
   */
  constructor(frontEnd: F, backEnd: B, options: ProxyOptions = {}) {
    checkSocket(frontEnd, "frontEnd")
    checkSocket(backEnd, "backEnd")
    checkOptions(options)
    for (const key of Object.keys(options)) {
      if (key !== "capture") throw new TypeError(`Unknown Proxy option: ${key} (the only one is capture)`)
    }
    const capture = options.capture === undefined ? undefined : checkSocket(options.capture, "options.capture")
    if (capture !== undefined) {
      if (capture === frontEnd || capture === backEnd) {
        throw new TypeError("options.capture must be a different socket from frontEnd and backEnd")
      }
      if (typeof (capture as unknown as {send?: unknown}).send !== "function") {
        throw new TypeError(`options.capture must be a socket that sends, not a ${capture.constructor.name}`)
      }
    }
    this.frontEnd = frontEnd
    this.backEnd = backEnd
    const sockets = capture === undefined ? [frontEnd, backEnd] : [frontEnd, backEnd, capture]
    const native = new addon.Proxy(nativeSocket(frontEnd), nativeSocket(backEnd),
                                   capture === undefined ? null : nativeSocket(capture))
    states.set(this, new ProxyState(native, sockets))
  }

  /**
   * Starts the proxy on its own native thread. Resolves when it ends after
   * `terminate()` (or after one of its sockets was closed); rejects with
   * ETERM when a context of its sockets is closed under it, or with the
   * libzmq error that stopped it. Throws (nothing started), as `zeromq` does,
   * EINVAL when a socket is not bound or connected (or is closed), and EBUSY
   * when a socket is in another proxy's hands or has operations pending in
   * JS; rejects with EBUSY when the proxy already runs.
   *
   * A running proxy keeps the process alive, as a pending receive does. Its
   * sockets are closed when it ends.
   */
  run(): Promise<void> {
    const state = stateOf(this)
    if (state.phase === "running") return Promise.reject(codeError("EBUSY", "Proxy is already running"))
    // A socket that cannot be proxied is the caller's mistake: thrown at the call, as `zeromq`
    // does, so code that wraps run() in try/catch without awaiting it still catches it. (Only a
    // second run() of a running proxy rejects, as zeromq's does.)
    for (const [index, socket] of state.sockets.entries()) {
      const obstacle = proxyObstacle(socket, NAMES[index]!)
      if (obstacle) throw obstacle
    }
    let settle!: {resolve: () => void; reject: (error: Error) => void}
    const ended = new Promise<void>((resolve, reject) => (settle = {resolve, reject}))
    // Outside the promise's executor, so that the addon's own refusal (a socket neither bound
    // nor connected: EINVAL) is thrown at the call too.
    state.native.run(
      counters => state.statistics.shift()?.resolve({frontEnd: side(counters, 0), backEnd: side(counters, 4)}),
      errno => {
        state.phase = "ended"
        for (const socket of state.sockets) setProxied(socket, false)
        const error = errno === 0 ? undefined : addon.zmqError(errno)
        for (const pending of state.statistics.splice(0)) pending.reject(error ?? closedError())
        if (error) settle.reject(error)
        else settle.resolve()
      },
    )
    state.phase = "running"
    for (const socket of state.sockets) setProxied(socket, true)
    return ended
  }

  /** Suspends forwarding; messages wait in the sockets' queues (up to their high-water marks). */
  pause(): void {
    command(this, "PAUSE")
  }

  /** Resumes forwarding after `pause()`. */
  resume(): void {
    command(this, "RESUME")
  }

  /**
   * Asks the proxy to end; `run()` resolves once it has, and the sockets are
   * closed. After the proxy has ended this throws EBADF "Socket is closed", as
   * in `zeromq`.
   */
  terminate(): void {
    command(this, "TERMINATE")
  }

  /**
   * The proxy's message and byte counters since `run()`, per socket and
   * direction (libzmq's STATISTICS command). Rejects with EBADF when the
   * proxy is not running, or ends before it answered.
   */
  statistics(): Promise<ProxyStatistics> {
    const state = stateOf(this)
    try {
      command(this, "STATISTICS")
    } catch (error) {
      return Promise.reject(error)
    }
    return new Promise((resolve, reject) => state.statistics.push({resolve, reject}))
  }
}

function command(proxy: Proxy, name: "PAUSE" | "RESUME" | "TERMINATE" | "STATISTICS"): void {
  const state = stateOf(proxy)
  if (state.phase === "idle") throw codeError("EBADF", "Proxy is not running: call run() first")
  if (state.phase === "ended") throw closedError()
  state.native.command(name)
}
