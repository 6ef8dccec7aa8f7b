/**
 * The legacy `zmq.Socket`: an EventEmitter over one native socket of the
 * process-wide default context.
 *
 * Receiving: while the socket is open and not paused, every message libzmq
 * has is emitted as `'message'` with one Buffer argument per frame,
 * synchronously from the readiness callback (as the legacy binding did), a
 * bounded number per event-loop turn. An exception thrown by a listener is
 * re-emitted as `'error'` and delivery continues.
 *
 * Sending: `send()` hands the message to libzmq at once when it can; when
 * libzmq would block (high-water mark, no peer) the message waits in the send
 * queue (outgoing.ts) and goes out, in order, when the socket becomes
 * writable. A message the socket's state refuses (EFSM: a REQ awaiting its
 * reply, a REP without a request) waits the same way, as the legacy binding
 * held it by checking writability first. ZMQ_DONTWAIT and ZMQ_SNDTIMEO are
 * honoured (EAGAIN). `close()` lets libzmq's LINGER decide what happens to
 * queued messages.
 *
 * Threading: every libzmq call, bind and unbind included, runs on the JS
 * thread; `bind(addr, cb)` binds at once and calls back asynchronously.
 */
import {EventEmitter} from "node:events"
import {context as defaultContext, nativeContext} from "../context"
import {Engine} from "../engine"
import {DONTWAIT, errnos, POLLIN, POLLOUT, SNDMORE, socketTypeNames} from "../constants"
import {isStateRefusal} from "../errors"
import {socketOptions} from "../option-table"
import {options as optionAliases, sendOnly, STATE_CLOSED, STATE_READY, types} from "./constants"
import {closedError, type LegacyError, wouldBlock, zmqError} from "./errors"
import {receiveMessages, toFrame} from "./frames"
import {Monitor} from "./monitor"
import {Queue} from "../queue"
import {type Batch, newBatch, type SendCallback} from "./outgoing"
import {getOption, setOption} from "./socket-options"

/** Messages emitted per readiness callback before yielding to the event loop. */
const READ_BUDGET = 1024
/** Messages read from libzmq per native call. */
const READ_BATCH = 64
const LINGER = socketOptions.linger.id
const SNDTIMEO = socketOptions.sendTimeout.id
/** `send([])` closes a pending ZMQ_SNDMORE message without adding a frame. */
const NO_PART = Symbol("no part")

/** A legacy socket's state over the engine (lib/engine.ts), whose `closed` means the native socket's. */
class State extends Engine {
  /** close() was called: closed for the application (the native socket may still linger). */
  closedByUser = false
  paused = false
  /** Reads held back by a proxy whose destination is busy. */
  holds = 0
  readonly queue = new Queue<Batch>()
  /** The batch still collecting ZMQ_SNDMORE parts. */
  open: Batch | null = null
  flushingReads = false
  flushingWrites = false
  sendTimeout = -1
  lingerTimer: ReturnType<typeof setTimeout> | undefined
  monitor: Monitor | null = null
  /** Called (once) when the send queue is empty. */
  drainWaiters: (() => void)[] = []
  /**
   * The queue's head waits because the socket's state refuses it (EFSM), not
   * for room: only a message received can change that state.
   */
  refusedByState = false

  constructor(readonly socket: Socket, readonly type: number) {
    super(type, nativeContext(defaultContext))
  }

  protected ready(events: number): void {
    if (events & POLLIN) flushReads(this.socket, this)
    if (events & POLLOUT) flushWrites(this.socket, this)
    updateInterest(this)
  }

  /** The context was terminated under the socket (process exit). */
  protected terminated(): void {
    this.closedByUser = true
    this.stop()
    if (this.lingerTimer) clearTimeout(this.lingerTimer)
    const open = this.open
    this.open = null
    const dropped = this.queue.drain()
    if (open) dropped.push(open)
    for (const batch of dropped) fail(this.socket, this, batch, zmqError(errnos.ETERM), true)
  }
}

const states = new WeakMap<Socket, State>()

function stateOf(socket: Socket): State {
  const state = states.get(socket)
  if (!state) throw new TypeError("Not a zmq-napi/compat Socket")
  return state
}

function openState(socket: Socket): State {
  const state = stateOf(socket)
  if (state.closedByUser) throw closedError()
  return state
}

function checkAddress(address: unknown): string {
  if (typeof address !== "string") throw new TypeError("Address must be a string!")
  return address
}

/**
 * A callback argument, checked at the call: anything else would only fail
 * when it is called, later, from an event-loop callback where the caller
 * cannot catch it. null and undefined mean none (the legacy binding called
 * `cb && cb()`).
 */
function checkCallback<T>(callback: T | null | undefined): T | undefined {
  if (callback === undefined || callback === null) return undefined
  if (typeof callback !== "function") throw new TypeError(`callback must be a function, got ${typeof callback}`)
  return callback
}

export interface Socket {
  // The option properties (defined on the prototype from `options`).
  _fd: number
  _ioevents: number
  _receiveMore: number
  _subscribe: Buffer | string
  _unsubscribe: Buffer | string
  affinity: number
  backlog: number
  hwm: number
  identity: Buffer | string
  linger: number
  mcast_loop: number
  rate: number
  rcvbuf: number
  last_endpoint: string
  reconnect_ivl: number
  recovery_ivl: number
  sndbuf: number
  swap: number
  mechanism: number
  plain_server: number
  plain_username: string
  plain_password: string
  curve_server: number
  curve_publickey: Buffer | string
  curve_secretkey: Buffer | string
  curve_serverkey: Buffer | string
  zap_domain: string
  heartbeat_ivl: number
  heartbeat_ttl: number
  heartbeat_timeout: number
  connect_timeout: number
}

export class Socket extends EventEmitter {
  /** The socket type name given to the constructor ("req", "xrep", ...). */
  type: string

  constructor(type: string | number) {
    super()
    // Anything but a string or number is refused before it is used as a key
    // (an array's conversion to a key would run its elements' toString).
    const number = typeof type === "number" ? (socketTypeNames[type] !== undefined ? type : undefined)
      : typeof type === "string" ? types[type] : undefined
    if (number === undefined || (typeof type === "string" && !Object.prototype.hasOwnProperty.call(types, type))) {
      throw new TypeError("Type must be an integer")
    }
    this.type = typeof type === "string" ? type : socketTypeNames[number]!
    states.set(this, new State(this, number))
    updateInterest(stateOf(this))
  }

  /** The legacy native handle's observable state: `state` (STATE_*) and `pending`. */
  get _zmq(): {readonly state: number; readonly pending: boolean} {
    const state = stateOf(this)
    return {
      get state() { return state.closedByUser ? STATE_CLOSED : STATE_READY },
      get pending() { return state.queue.peek() !== undefined },
    }
  }

  /** zeromq@5: whether `close()` was called. */
  get closed(): boolean {
    return stateOf(this).closedByUser
  }

  /**
   * Binds, then (asynchronously) flushes, emits 'bind' and calls `cb()`; on
   * failure calls `cb(err)` (or emits 'error' when there is no callback and
   * an 'error' listener exists).
   */
  bind(address: string, callback?: (error?: Error) => void): this {
    const state = openState(this)
    checkAddress(address)
    callback = checkCallback(callback)
    let error: unknown
    try {
      state.native.bind(address)
    } catch (caught) {
      error = caught
    }
    setImmediate(() => settleEndpoint(this, "bind", address, error, callback))
    return this
  }

  bindSync(address: string): this {
    const state = openState(this)
    state.native.bind(checkAddress(address))
    flushAll(this, state)
    return this
  }

  unbind(address: string, callback?: (error?: Error) => void): this {
    const state = openState(this)
    checkAddress(address)
    callback = checkCallback(callback)
    let error: unknown
    try {
      state.native.unbind(address)
    } catch (caught) {
      error = caught
    }
    setImmediate(() => settleEndpoint(this, "unbind", address, error, callback))
    return this
  }

  unbindSync(address: string): this {
    openState(this).native.unbind(checkAddress(address))
    return this
  }

  connect(address: string): this {
    const state = openState(this)
    state.native.connect(checkAddress(address))
    flushAll(this, state)
    return this
  }

  disconnect(address: string): this {
    openState(this).native.disconnect(checkAddress(address))
    return this
  }

  /**
   * Sends a frame (String, Buffer, or anything else as `String(value)`) or an
   * array of frames. With ZMQ_SNDMORE in `flags` the message continues with
   * the next call. `cb(err?)` runs once the whole message went to libzmq (or
   * failed); without a callback a failure is emitted as 'error'.
   */
  send(message: unknown, flags?: number | SendCallback | null, callback?: SendCallback): this {
    if (typeof flags === "function") {
      callback = flags
      flags = 0
    }
    callback = checkCallback(callback)
    const bits = (flags as number) | 0
    const state = stateOf(this)
    if (Array.isArray(message)) {
      if (message.length === 0) {
        if (state.open && !(bits & SNDMORE)) appendPart(this, state, NO_PART, bits, callback)
        return this
      }
      if (!state.open && !(bits & SNDMORE)) {
        const batch = newBatch()
        for (const part of message) batch.frames.push(toFrame(part, false))
        if (callback) batch.callbacks.push(callback)
        batch.dontwait = (bits & DONTWAIT) !== 0
        submit(this, state, batch, false)
        return this
      }
      const last = message.length - 1
      for (let index = 0; index < last; index++) appendPart(this, state, message[index], SNDMORE | (bits & DONTWAIT))
      appendPart(this, state, message[last], bits, callback)
      return this
    }
    appendPart(this, state, message, bits, callback)
    return this
  }

  /** Closes the socket. Queued messages are delivered or dropped as `linger` says. */
  close(): this {
    const state = openState(this)
    state.closedByUser = true
    state.clearInbox()
    // A message still missing its last part can never be completed.
    if (state.open) {
      const open = state.open
      state.open = null
      fail(this, state, open, closedError(), true)
    }
    let linger = 0
    // Messages the socket's state refuses could only go after a receive,
    // and a closed socket receives nothing: whatever linger says, they never
    // will (waiting for them would keep the process alive for good).
    if (state.queue.peek() !== undefined && !state.refusedByState) {
      try {
        linger = state.native.getOption(LINGER, 0) as number
      } catch {
        linger = 0
      }
    }
    if (linger !== 0) {
      flushWrites(this, state)
      if (!state.closed && state.queue.peek() !== undefined && linger > 0) {
        state.lingerTimer = setTimeout(() => {
          state.lingerTimer = undefined
          closeNative(this, state)
        }, linger)
        if (!state.referenced) state.lingerTimer.unref()
      }
      updateInterest(state)
    }
    if (state.queue.peek() === undefined || linger === 0) closeNative(this, state)
    return this
  }

  subscribe(filter: Buffer | string): this {
    this._subscribe = filter
    return this
  }

  unsubscribe(filter: Buffer | string): this {
    this._unsubscribe = filter
    return this
  }

  /** Sets an option by number or alias (`zmq.options`). */
  setsockopt(option: number | string, value: unknown): this {
    const state = openState(this)
    const id = resolveOption(option)
    setOption(state.native, id, value)
    if (id === SNDTIMEO) state.sendTimeout = (value as number) | 0
    return this
  }

  /** Reads an option by number or alias (`zmq.options`). */
  getsockopt(option: number | string): unknown {
    return getOption(openState(this).native, resolveOption(option))
  }

  /** Stops emitting 'message' and flushing the send queue; `send()` keeps queueing. */
  pause(): this {
    const state = stateOf(this)
    state.paused = true
    updateInterest(state)
    return this
  }

  /** Emits what arrived while paused and flushes the send queue. */
  resume(): this {
    const state = stateOf(this)
    state.paused = false
    flushAll(this, state)
    return this
  }

  /** The next whole message as Buffer[], or null when none is available now. */
  read(): Buffer[] | null {
    const state = openState(this)
    if (state.hasInbox()) return state.takeInbox()
    if (sendOnly.has(state.type) || (state.native.events & POLLIN) === 0) return null
    return receiveMessages(state.native, 1)[0] ?? null
  }

  /** The socket keeps the process alive (the default for a new socket). */
  ref(): this {
    setReferenced(stateOf(this), true)
    return this
  }

  /** The socket no longer keeps the process alive. */
  unref(): this {
    setReferenced(stateOf(this), false)
    return this
  }

  /**
   * Emits libzmq's monitor events on this socket as `(value, endpoint, err?)`
   * under the names of `zmq.events`, as they arrive (lib/compat/monitor.ts):
   * `interval` and `numOfEvents` are accepted and ignored.
   */
  monitor(interval?: number, numOfEvents?: number): this {
    const state = openState(this)
    if (state.monitor) state.monitor.stop()
    state.monitor = null
    const monitor: Monitor = new Monitor(this, state.native, () => {
      if (state.monitor === monitor) state.monitor = null
    })
    state.monitor = monitor
    return this
  }

  /** Stops monitoring; allowed on a closed socket. */
  unmonitor(): this {
    const state = stateOf(this)
    if (state.monitor) state.monitor.stop()
    state.monitor = null
    return this
  }
}

// The option aliases as properties; the setter turns strings into Buffers, as
// the legacy binding did.
for (const [alias, id] of Object.entries(optionAliases)) {
  Object.defineProperty(Socket.prototype, alias, {
    configurable: true,
    enumerable: false,
    get(this: Socket) { return this.getsockopt(id) },
    set(this: Socket, value: unknown) {
      this.setsockopt(id, typeof value === "string" ? Buffer.from(value, "utf8") : value)
    },
  })
}

function appendPart(socket: Socket, state: State, part: unknown, flags: number, callback?: SendCallback): void {
  const more = (flags & SNDMORE) !== 0
  if (!more && !state.open) {
    const batch = newBatch()
    batch.frames.push(toFrame(part, false))
    if (callback) batch.callbacks.push(callback)
    batch.dontwait = (flags & DONTWAIT) !== 0
    submit(socket, state, batch, false)
    return
  }
  const open = state.open ?? (state.open = newBatch())
  // Copied now: these frames wait at least until the next send() call.
  if (part !== NO_PART) open.frames.push(toFrame(part, true))
  if (callback) open.callbacks.push(callback)
  if (flags & DONTWAIT) open.dontwait = true
  if (!more) {
    state.open = null
    submit(socket, state, open, true)
  }
}

function settleEndpoint(socket: Socket, event: "bind" | "unbind", address: string, error: unknown,
                      callback?: (error?: Error) => void): void {
  if (error !== undefined) {
    if (callback) callback(error as Error)
    else if (socket.listenerCount("error") > 0) socket.emit("error", error)
    return
  }
  const state = stateOf(socket)
  if (!state.closedByUser) flushAll(socket, state)
  socket.emit(event, address)
  if (callback) callback()
}

function resolveOption(option: unknown): unknown {
  if (typeof option === "string" && Object.prototype.hasOwnProperty.call(optionAliases, option)) {
    return optionAliases[option]
  }
  return option
}

function setReferenced(state: State, referenced: boolean): void {
  state.setReferenced(referenced)
  if (state.lingerTimer) {
    if (referenced) state.lingerTimer.ref()
    else state.lingerTimer.unref()
  }
  state.queue.forEach(batch => {
    if (batch.timer) referenced ? batch.timer.ref() : batch.timer.unref()
  })
}

function updateInterest(state: State): void {
  if (state.closed) return
  let interest = 0
  // Reads are watched even while paused: as in the legacy binding, an open
  // socket keeps the process alive until close() or unref().
  if (!state.closedByUser) interest |= POLLIN
  if ((!state.paused || state.closedByUser) && state.queue.peek() !== undefined) interest |= POLLOUT
  state.watch(interest)
}

function flushAll(socket: Socket, state: State): void {
  flushReads(socket, state)
  flushWrites(socket, state)
  updateInterest(state)
}

function canRead(state: State): boolean {
  return !state.closedByUser && !state.paused && state.holds === 0
}

function flushReads(socket: Socket, state: State): void {
  if (!canRead(state) || state.flushingReads || sendOnly.has(state.type)) return
  state.flushingReads = true
  let budget = READ_BUDGET
  try {
    while (canRead(state)) {
      if (!state.hasInbox()) {
        if (budget <= 0 || (state.native.events & POLLIN) === 0) break
        try {
          const read = state.readBatch(READ_BATCH)
          if (read === 0) break
          budget -= read
        } catch (error) {
          socket.emit("error", error)
          break
        }
      }
      const message = state.takeInbox()
      try {
        if (message.length === 1) socket.emit("message", message[0])
        else socket.emit("message", ...message)
      } catch (error) {
        socket.emit("error", error)
      }
    }
  } finally {
    state.flushingReads = false
    // Messages read ahead and not yet emitted (an 'error' listener was
    // missing and the exception escaped): continue on the next turn.
    if (canRead(state) && state.hasInbox()) state.scheduleImmediate()
  }
}

/** Takes a closed batch: sends it now if nothing is ahead of it, else queues it. */
function submit(socket: Socket, state: State, batch: Batch, owned: boolean): void {
  if (state.closedByUser) {
    fail(socket, state, batch, closedError(), false)
    return
  }
  if (state.queue.peek() === undefined && !state.paused) {
    let sent: boolean
    try {
      sent = state.native.send(batch.frames)
      state.refusedByState = false
    } catch (error) {
      if (!isStateRefusal(error)) {
        fail(socket, state, batch, error, false)
        return
      }
      sent = false
      state.refusedByState = true
    }
    if (sent) {
      succeed(socket, batch)
      return
    }
  }
  if (batch.dontwait || state.sendTimeout === 0) {
    fail(socket, state, batch, wouldBlock(), false)
    return
  }
  // It waits: from now on it must not share memory with the caller.
  if (!owned) batch.frames = batch.frames.map(frame => Buffer.from(frame))
  if (state.sendTimeout > 0) {
    batch.timer = setTimeout(() => {
      batch.timer = undefined
      if (batch.settled) return
      fail(socket, state, batch, wouldBlock(), false)
      updateInterest(state)
      notifyDrained(state)
    }, state.sendTimeout)
    if (!state.referenced) batch.timer.unref()
  }
  state.queue.push(batch)
  updateInterest(state)
}

function flushWrites(socket: Socket, state: State): void {
  if (state.flushingWrites || state.closed || (state.paused && !state.closedByUser)) return
  state.flushingWrites = true
  try {
    let batch: Batch | undefined
    while ((batch = state.queue.peek())) {
      let sent: boolean
      try {
        sent = state.native.send(batch.frames)
        state.refusedByState = false
      } catch (error) {
        if (isStateRefusal(error)) {
          state.refusedByState = true
          break
        }
        state.queue.shift()
        fail(socket, state, batch, error, state.closedByUser)
        continue
      }
      if (!sent) break
      state.queue.shift()
      succeed(socket, batch)
    }
  } finally {
    state.flushingWrites = false
    if (state.queue.peek() === undefined) {
      if (state.closedByUser && !state.closed) closeNative(socket, state)
      notifyDrained(state)
    }
    updateInterest(state)
  }
}

function settle(batch: Batch): void {
  batch.settled = true
  if (batch.timer) {
    clearTimeout(batch.timer)
    batch.timer = undefined
  }
}

function succeed(socket: Socket, batch: Batch): void {
  settle(batch)
  for (const callback of batch.callbacks) callback.call(socket)
}

/**
 * Reports a failed batch to its callbacks, or as 'error' when it has none
 * (unless `quiet`: a socket the application closed emits nothing).
 */
function fail(socket: Socket, state: State, batch: Batch, error: unknown, quiet: boolean): void {
  settle(batch)
  if (batch.callbacks.length > 0) {
    for (const callback of batch.callbacks) callback.call(socket, error as Error)
  } else if (!quiet) {
    socket.emit("error", error)
  }
}

function notifyDrained(state: State): void {
  if (state.drainWaiters.length === 0 || state.queue.peek() !== undefined) return
  const waiters = state.drainWaiters
  state.drainWaiters = []
  for (const waiter of waiters) waiter()
}

/** Closes the native socket; whatever still waits in the queue is dropped. */
function closeNative(socket: Socket, state: State): void {
  if (state.closed) return
  if (state.lingerTimer) clearTimeout(state.lingerTimer)
  state.lingerTimer = undefined
  const dropped = state.queue.drain()
  state.close()
  for (const batch of dropped) fail(socket, state, batch, closedError(), true)
  notifyDrained(state)
}

// ---- internal hooks for proxy.ts -------------------------------------------

/** The libzmq type number of a compat socket. */
export function socketType(socket: Socket): number {
  return stateOf(socket).type
}

/** Whether messages wait in the socket's send queue. */
export function isBacklogged(socket: Socket): boolean {
  return stateOf(socket).queue.peek() !== undefined
}

/** Calls `waiter` once the send queue is empty. */
export function whenDrained(socket: Socket, waiter: () => void): void {
  const state = stateOf(socket)
  if (state.queue.peek() === undefined) waiter()
  else state.drainWaiters.push(waiter)
}

/** Holds back (+1) or releases (-1) the socket's 'message' events. */
export function holdReads(socket: Socket, delta: 1 | -1): void {
  const state = stateOf(socket)
  state.holds += delta
  if (state.holds === 0 && !state.closedByUser) flushAll(socket, state)
}

export type {LegacyError}
