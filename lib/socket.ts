/**
 * Socket: the base of every socket class. It owns the native socket and turns
 * its non-blocking primitives into promises:
 *
 * - `send()` calls may overlap. They queue in call order; each resolves when
 *   libzmq has taken its message (which honours the high-water mark), and
 *   rejects with EAGAIN after `sendTimeout` ms, or with the signal's reason
 *   when its AbortSignal fires.
 * - `receive()` calls queue the same way. Whenever the socket is readable the
 *   native layer hands over a bounded batch of whole messages in one call.
 * - A send or receive that the socket's state refuses (EFSM: a Request
 *   awaiting its reply, a Reply without a request) waits, as in `zeromq` v6,
 *   until the state allows it; if the socket closes first it rejects with
 *   that EFSM error, which says what went wrong better than EBADF.
 * - At most `SYNC_BUDGET` operations complete synchronously in a row; then the
 *   socket goes through the event loop once, so a busy socket cannot starve
 *   timers and I/O.
 *
 * Subclasses choose which of the protected operations they expose.
 */
import {Context, context as defaultContext, nativeContext} from "./context"
import {
  closedError, codeError, isClosingError, isStateRefusal, proxiedError, terminatedError, timeoutError, withZeromqText,
} from "./errors"
import type {PackedMessages} from "./incoming"
import {type Message, type MessageLike, singleFrame, snapshot, toBatch, toFrames} from "./message"
import type {ReceiveMetadata} from "./metadata"
import {sendPacked} from "./outgoing"
import {type NativeFrame, type NativeSocket} from "./native"
import {eventsOf, type Observer} from "./observer"
import {
  type CommonSocketOptionProperties, type SocketOptionInput, socketOptions, type SocketTypeName, type WritableSocketOptionName,
} from "./option-table"
import {warnIfDeferred} from "./deferred-options"
import {appliesTo, assignOptions, checkOptions, defineOptions, type NativeKind} from "./options"
import {Queue} from "./queue"
import {draftSocketTypes, POLLIN, POLLOUT, socketTypes, threadSafeSocketTypes} from "./constants"
import {Engine} from "./engine"

/** Messages read from libzmq per native call (also the read-ahead bound). */
const RECEIVE_BATCH = 1024
const RESOLVED: Promise<void> = Promise.resolve()

const SEND_TIMEOUT = socketOptions.sendTimeout.id
const RECEIVE_TIMEOUT = socketOptions.receiveTimeout.id

/** Per-call options of `send()` and `receive()`. */
export interface OperationOptions {
  /** Abandons the wait; the promise rejects with `signal.reason`. */
  signal?: AbortSignal
}

/** Per-call options of `send()` and `sendBatch()`. */
export interface SendOptions extends OperationOptions {
  /**
   * false: lend the message's large frames (8 KiB and more, typed arrays and
   * DataViews) to libzmq instead of copying them. The caller promises not to
   * change, transfer or detach those buffers until the peer has them; they
   * are kept alive until libzmq lets go of them. Default: true (copy).
   */
  copy?: boolean
}

interface Pending<T> {
  settled: boolean
  resolve(value: T): void
  reject(error: unknown): void
  timer?: ReturnType<typeof setTimeout>
  signal?: AbortSignal
  onAbort?: () => void
  /** The EFSM error of the last attempt, while the socket's state refuses the operation. */
  refusal?: unknown
}

/**
 * @internal The message properties of a draft socket's send (lib/draft.ts):
 * the peer to send to (Server, Peer) or the group (Radio).
 */
export interface MessageProperties {
  routingId?: number
  group?: string | Uint8Array
}

interface PendingSend extends Pending<void> {
  /** The messages to go (one for send(), several for sendBatch()), from `next` on. */
  messages: (NativeFrame | NativeFrame[])[]
  next: number
  /** The properties of a send() that has them: its one message goes without packing. */
  properties?: MessageProperties
  /** sendTimeout was 0: fail rather than wait. */
  immediate: boolean
  /** `copy: false`: the frames are the caller's own, lent to libzmq. */
  lend: boolean
}

/** What a receive resolves to: one message, every message at hand (receiveBatch), or them packed (receivePacked). */
type Take = "one" | "all" | "packed"

type Received = Message[] | Message[][] | PackedMessages

interface PendingReceive extends Pending<Received> {
  take: Take
}

/** The libzmq socket type numbers, under `zeromq` v6's names. */
export const SocketType = {
  Pair: socketTypes.pair, Publisher: socketTypes.pub, Subscriber: socketTypes.sub,
  Request: socketTypes.req, Reply: socketTypes.rep, Dealer: socketTypes.dealer,
  Router: socketTypes.router, Pull: socketTypes.pull, Push: socketTypes.push,
  XPublisher: socketTypes.xpub, XSubscriber: socketTypes.xsub, Stream: socketTypes.stream,
  // zmq-napi/draft
  Server: draftSocketTypes.server, Client: draftSocketTypes.client, Radio: draftSocketTypes.radio,
  Dish: draftSocketTypes.dish, Gather: draftSocketTypes.gather, Scatter: draftSocketTypes.scatter,
  Datagram: draftSocketTypes.dgram, Peer: draftSocketTypes.peer, Channel: draftSocketTypes.channel,
} as const

/**
 * What the constructor of socket class S takes, as `zeromq` v6's
 * `SocketOptions<S>`: the context to create it in (the default context
 * otherwise), and any of its writable options.
 */
export type SocketOptions<S extends Socket = Socket> = {
  context?: Context
  /** Sockets that receive: see `Readable.receiveMetadata` (lib/socket-types.ts). */
  receiveMetadata?: ReceiveMetadata
} & {
  [K in WritableSocketOptionName & keyof S]?: SocketOptionInput<K>
}

/**
 * @internal A party other than the socket's own operations that waits for it
 * to become ready: a Poller's wait (lib/poller.ts). Its interest joins the
 * socket's own, and it hears of readiness only after the socket has served
 * its own sends and receives, so it never takes a message from them.
 */
export interface ReadinessWatcher {
  /** POLLIN/POLLOUT bits. */
  readonly interest: number
  /** The socket may be ready now: its inbox, or ZMQ_EVENTS read afresh, says. */
  ready(): void
  /** The socket was closed: EBADF, or ETERM when its context was. */
  closed(error: Error): void
}

/**
 * @internal A socket's internal state, kept off the (sealed) public object:
 * its queues of waiting sends and receives over the engine (lib/engine.ts).
 */
export class SocketState extends Engine {
  readonly sends = new Queue<PendingSend>()
  readonly receives = new Queue<PendingReceive>()
  sendTimeout = -1
  receiveTimeout = -1
  /** A running Proxy owns the socket (lib/proxy.ts): every use fails with EBUSY. */
  proxied = false
  /** Why the socket closed: EBADF (closed) or ETERM (context closed). */
  closeError: () => Error = closedError
  readonly writeOnlyValues = new Map<string, unknown>()
  /** Endpoints bound or connected and not since unbound or disconnected. */
  endpoints = 0
  /** Pollers waiting on this socket; undefined (the usual case) when none. */
  watchers: Set<ReadinessWatcher> | undefined = undefined
  /** A thread-safe (draft) socket: no multipart messages. */
  readonly singlePart: boolean

  /**
   * The public socket, held from here so that, as the native layer holds
   * `onReady` strongly while an operation waits, a socket with waiting work
   * stays reachable whole.
   */
  constructor(readonly socket: Socket, type: number, readonly context: Context) {
    super(type, nativeContext(context))
    this.singlePart = threadSafeSocketTypes.has(type)
  }

  protected ready(events: number): void {
    if (events & POLLOUT) flushSends(this)
    if (events & POLLIN) fillReceives(this)
    updateInterest(this)
    if (this.watchers !== undefined) notifyWatchers(this)
  }

  protected terminated(): void {
    shutdown(this, terminatedError)
  }
}

const states = new WeakMap<Socket, SocketState>()

function stateOf(socket: Socket): SocketState {
  return states.get(socket)!
}

export interface Socket extends CommonSocketOptionProperties {}

export class Socket {
  constructor(type: number, options: SocketOptions & object = {}) {
    if (typeof type !== "number") throw new TypeError("Socket type must be a number")
    checkOptions(options)
    const context = (options as SocketOptions).context ?? defaultContext
    if (!(context instanceof Context)) throw new TypeError("options.context must be a Context")
    let state: SocketState
    try {
      state = new SocketState(this, type, context)
    } catch (error) {
      throw withZeromqText(error)
    }
    states.set(this, state)
    Object.seal(this)
    try {
      assignOptions(this, options as Record<string, unknown>, this.constructor.name, ["context"])
    } catch (error) {
      this.close()
      throw error
    }
  }

  /** @internal */
  get writeOnlyValues(): Map<string, unknown> {
    return stateOf(this).writeOnlyValues
  }

  /** @internal */
  getOption(id: number, kind: NativeKind): unknown {
    return open(this).native.getOption(id, kind)
  }

  /** @internal */
  setOption(id: number, kind: NativeKind, value: unknown): void {
    const state = open(this)
    state.native.setOption(id, kind, value)
    if (state.endpoints > 0) warnIfDeferred(id)
    if (id === SEND_TIMEOUT) state.sendTimeout = value as number
    else if (id === RECEIVE_TIMEOUT) state.receiveTimeout = value as number
  }

  /**
   * The socket's event Observer (lib/observer.ts): created on first use, then
   * the same object while it is open.
   */
  get events(): Observer {
    return eventsOf(this)
  }

  /** The context this socket was created in. */
  get context(): Context {
    return stateOf(this).context
  }

  get closed(): boolean {
    return stateOf(this).closed
  }

  /** Whether a message can be received right now without waiting. */
  get readable(): boolean {
    const state = stateOf(this)
    return !state.closed && !state.proxied && (state.hasInbox() || (state.native.events & POLLIN) !== 0)
  }

  /** Whether a message can be sent right now without waiting. */
  get writable(): boolean {
    const state = stateOf(this)
    return !state.closed && !state.proxied && (state.native.events & POLLOUT) !== 0
  }

  /**
   * Binds to an endpoint. libzmq binds without blocking (a host name in a
   * tcp:// address is resolved synchronously); the promise exists for
   * compatibility and rejects with the libzmq error (EADDRINUSE, EINVAL, ...).
   */
  bind(address: string): Promise<void> {
    try {
      this.bindSync(address)
      return RESOLVED
    } catch (error) {
      return Promise.reject(error)
    }
  }

  unbind(address: string): Promise<void> {
    try {
      this.unbindSync(address)
      return RESOLVED
    } catch (error) {
      return Promise.reject(error)
    }
  }

  bindSync(address: string): void {
    endpointCall(this, "bind", address)
  }

  unbindSync(address: string): void {
    endpointCall(this, "unbind", address)
  }

  connect(address: string): void {
    endpointCall(this, "connect", address)
  }

  disconnect(address: string): void {
    endpointCall(this, "disconnect", address)
  }

  /**
   * Closes the socket. Pending sends and receives reject with EBADF ("Socket
   * is closed"); messages libzmq already took are delivered per `linger`.
   */
  close(): void {
    const state = stateOf(this)
    if (state.closed) return
    shutdown(state, closedError)
    state.native.close()
  }

  /** Pending operations keep the process alive (the default). */
  ref(): this {
    open(this).setReferenced(true)
    return this
  }

  /** Pending operations no longer keep the process alive. */
  unref(): this {
    open(this).setReferenced(false)
    return this
  }

  /**
   * @internal Sends one message; see the class comment. A draft socket's
   * send may carry message properties (checked by lib/draft.ts).
   */
  protected sendMessage(message: MessageLike | MessageLike[], options?: SendOptions,
                        properties?: MessageProperties): Promise<void> {
    const state = stateOf(this)
    const unusable = unusableError(state)
    if (unusable) return Promise.reject(unusable)
    let frames: NativeFrame | NativeFrame[]
    let signal: AbortSignal | undefined
    let lend: boolean
    try {
      frames = toFrames(message)
      if (state.singlePart) frames = singleFrame(frames, this.constructor.name)
      signal = checkSignal(options)
      lend = checkLend(options)
    } catch (error) {
      return Promise.reject(error)
    }
    if (signal?.aborted) return Promise.reject(signal.reason)

    let refusal: unknown
    if (state.budget > 0 && state.sends.peek() === undefined) {
      state.budget--
      try {
        if (sendNow(state.native, frames, properties, lend)) return RESOLVED
      } catch (error) {
        if (!isStateRefusal(error) || state.sendTimeout === 0) return Promise.reject(error)
        refusal = error
      }
      if (state.sendTimeout === 0) return Promise.reject(timeoutError())
    } else if (state.sendTimeout === 0 && state.sends.peek() !== undefined) {
      return Promise.reject(timeoutError())
    }
    return queueSend(state, [lend ? frames : snapshot(frames)], signal, lend, 0, refusal, properties)
  }

  /**
   * @internal Sends several messages in order, packed (lib/outgoing.ts) so
   * that one native call takes many; resolves when libzmq has taken all of
   * them. If it rejects (timeout, abort, close), the error's `sent` says how
   * many of the messages, from the first, were taken.
   */
  protected sendMessages(messages: readonly (MessageLike | MessageLike[])[], options?: SendOptions): Promise<void> {
    const state = stateOf(this)
    const unusable = unusableError(state)
    if (unusable) return Promise.reject(unusable)
    let batch: (NativeFrame | NativeFrame[])[]
    let signal: AbortSignal | undefined
    let lend: boolean
    try {
      batch = toBatch(messages)
      if (state.singlePart) batch = batch.map((frames, index) => singleFrame(frames, this.constructor.name, index))
      signal = checkSignal(options)
      lend = checkLend(options)
    } catch (error) {
      return Promise.reject(error)
    }
    if (signal?.aborted) return Promise.reject(signal.reason)
    if (batch.length === 0) return RESOLVED

    let sent = 0
    let refusal: unknown
    if (state.budget > 0 && state.sends.peek() === undefined) {
      state.budget--
      try {
        sent = sendPacked(state.native, batch, 0, lend)
      } catch (error) {
        if (!isStateRefusal(error) || state.sendTimeout === 0) return Promise.reject(error)
        refusal = error
      }
      if (sent === batch.length) return RESOLVED
      if (state.sendTimeout === 0) return Promise.reject(withSent(timeoutError(), sent))
    } else if (state.sendTimeout === 0 && state.sends.peek() !== undefined) {
      return Promise.reject(withSent(timeoutError(), 0))
    }
    const rest = lend ? batch.slice(sent) : batch.slice(sent).map(snapshot)
    return queueSend(state, rest, signal, lend, sent, refusal)
  }

  /** @internal Receives one message; see the class comment. */
  protected receiveMessage(options?: OperationOptions): Promise<Message[]> {
    return receive(stateOf(this), options, "one") as Promise<Message[]>
  }

  /**
   * @internal Receives every message that is at hand (at least one, waiting
   * for it if need be): the fastest way to drain a busy socket.
   */
  protected receiveMessages(options?: OperationOptions): Promise<Message[][]> {
    return receive(stateOf(this), options, "all") as Promise<Message[][]>
  }

  /** @internal Every message at hand, packed (lib/incoming.ts `PackedMessages`). */
  protected receivePackedMessages(options?: OperationOptions): Promise<PackedMessages> {
    return receive(stateOf(this), options, "packed") as Promise<PackedMessages>
  }

  /** @internal Async iteration over received messages; ends when the socket closes. */
  protected iterateMessages(): AsyncIterableIterator<Message[]> {
    return new MessageIterator(this, stateOf(this))
  }
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({done: true, value: undefined})

/**
 * `for await (const message of socket)`. Written out rather than as an async
 * generator: a generator costs two extra promise hops per message, which is
 * most of the per-message budget. Iteration ends when the socket is closed
 * (or its context); other errors (a receive timeout, say) are thrown.
 */
class MessageIterator implements AsyncIterableIterator<Message[]> {
  constructor(private readonly socket: Socket, private readonly state: SocketState) {}

  next(): Promise<IteratorResult<Message[]>> {
    const state = this.state
    if (state.closed) return Promise.resolve(DONE)
    // The common case while messages stream in: one read-ahead message, no promise chain.
    if (state.budget > 0 && state.hasInbox() && state.receives.peek() === undefined) {
      state.budget--
      return Promise.resolve({done: false, value: state.takeInbox()})
    }
    return (this.socket as unknown as {receiveMessage(): Promise<Message[]>}).receiveMessage().then(
      value => ({done: false, value}),
      error => {
        // Only the close itself ends the iteration quietly; an error it did
        // not cause (EFSM, a timeout) is the caller's to see.
        if (state.closed && isClosingError(error)) return DONE
        throw error
      },
    )
  }

  return(): Promise<IteratorResult<Message[]>> {
    return Promise.resolve(DONE)
  }

  [Symbol.asyncIterator](): this {
    return this
  }
}

defineOptions(Socket.prototype, socketOptions, spec => spec.on === "all")

/** One message now, with its properties if it has any; false if libzmq would block. */
function sendNow(native: NativeSocket, frames: NativeFrame | NativeFrame[], properties: MessageProperties | undefined,
                 lend: boolean): boolean {
  if (lend) return native.send(frames, properties?.routingId, properties?.group, true)
  return properties === undefined ? native.send(frames) : native.send(frames, properties.routingId, properties.group)
}

/** Queues a send that has to wait; `already` messages of its batch went out before. */
function queueSend(state: SocketState, messages: (NativeFrame | NativeFrame[])[],
                   signal: AbortSignal | undefined, lend: boolean, already = 0, refusal?: unknown,
                   properties?: MessageProperties): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const pending: PendingSend = {
      settled: false, resolve, messages, next: 0, immediate: state.sendTimeout === 0, refusal, properties, lend,
      // A batch's rejection tells how many of its messages libzmq took.
      reject: already > 0 || messages.length > 1
        ? error => reject(withSent(error, already + pending.next))
        : reject,
    }
    track(state, pending, state.sendTimeout, signal)
    state.sends.push(pending)
    if (state.budget <= 0) state.scheduleImmediate()
    updateInterest(state)
  })
}

function withSent(error: unknown, sent: number): unknown {
  if (error instanceof Error) (error as Error & {sent: number}).sent = sent
  return error
}

/** receive() (one message), receiveBatch() and receivePacked() (all at hand). */
function receive(state: SocketState, options: OperationOptions | undefined, take: Take): Promise<Received> {
  const unusable = unusableError(state)
  if (unusable) return Promise.reject(unusable)
  let signal: AbortSignal | undefined
  try {
    signal = checkSignal(options)
  } catch (error) {
    return Promise.reject(error)
  }
  if (signal?.aborted) return Promise.reject(signal.reason)

  let refusal: unknown
  if (state.budget > 0 && state.receives.peek() === undefined) {
    state.budget--
    try {
      if (state.hasInbox() || state.readBatch(RECEIVE_BATCH)) {
        const result = taken(state, take)
        // Messages read ahead just now make the socket readable without any
        // readiness event to say so.
        if (state.watchers !== undefined && state.hasInbox()) notifyWatchers(state)
        return Promise.resolve(result)
      }
    } catch (error) {
      if (!isStateRefusal(error) || state.receiveTimeout === 0) return Promise.reject(error)
      refusal = error
    }
    if (refusal === undefined && state.receiveTimeout === 0) return Promise.reject(timeoutError())
  }

  return new Promise<Received>((resolve, reject) => {
    const pending: PendingReceive = {settled: false, resolve, reject, take, refusal}
    track(state, pending, state.receiveTimeout, signal)
    state.receives.push(pending)
    if (state.budget <= 0 || state.hasInbox()) state.scheduleImmediate()
    updateInterest(state)
  })
}

/**
 * @internal The native socket of a socket that can be used now (lib/observer.ts);
 * throws EBADF when it is closed, EBUSY while a proxy owns it.
 */
export function usableNativeSocket(socket: Socket): NativeSocket {
  return open(socket).native
}

function open(socket: Socket): SocketState {
  const state = stateOf(socket)
  const unusable = unusableError(state)
  if (unusable) throw unusable
  return state
}

/**
 * @internal Why the socket cannot be used now (closed, or in a running
 * proxy's hands), if it cannot; lib/poller.ts asks too.
 */
export function unusableError(state: SocketState): Error | undefined {
  if (state.closed) return state.closeError()
  if (state.proxied) return proxiedError()
  return undefined
}

function endpointCall(socket: Socket, operation: "bind" | "unbind" | "connect" | "disconnect", address: string): void {
  const state = open(socket)
  const checked = checkAddress(address)
  try {
    state.native[operation](checked)
  } catch (error) {
    throw withZeromqText(error)
  }
  state.endpoints += operation === "bind" || operation === "connect" ? 1 : -1
}

/** @internal Peer.connectPeer() (lib/draft.ts): a connect that returns the peer's routing id. */
export function connectPeer(socket: Socket, address: string): number {
  const state = open(socket)
  const checked = checkAddress(address)
  let routingId: number
  try {
    routingId = state.native.connectPeer(checked)
  } catch (error) {
    throw withZeromqText(error)
  }
  state.endpoints++
  return routingId
}

function checkAddress(address: unknown): string {
  if (typeof address !== "string") throw new TypeError(`address must be a string, got ${address === null ? "null" : typeof address}`)
  // libzmq keeps only the low 16 bits of a port: tcp://host:99999 would
  // silently bind port 34463.
  const port = /^(?:tcp|udp|ws|wss):\/\/.*:(\d+)$/.exec(address)?.[1]
  if (port !== undefined && Number(port) > 65535) {
    const error = codeError("EINVAL", `Invalid argument: port ${port} is out of range`)
    error.address = address
    throw error
  }
  return address
}

function checkSignal(options: OperationOptions | undefined): AbortSignal | undefined {
  if (options === undefined) return undefined
  const {signal} = checkOptions(options) as OperationOptions
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError("options.signal must be an AbortSignal")
  return signal
}

/** Whether a send lends its buffers: `copy: false` (options already checked by checkSignal). */
function checkLend(options: SendOptions | undefined): boolean {
  const copy = options?.copy
  if (copy !== undefined && typeof copy !== "boolean") throw new TypeError("options.copy must be a boolean")
  return copy === false
}

/** Arms the timeout and abort signal of a waiting operation. */
function track<T>(state: SocketState, pending: Pending<T>, timeout: number, signal: AbortSignal | undefined): void {
  if (timeout > 0) {
    pending.timer = setTimeout(() => settle(state, pending, timeoutError()), timeout)
    if (!state.referenced) pending.timer.unref()
  }
  if (signal) {
    pending.signal = signal
    pending.onAbort = () => settle(state, pending, signal.reason)
    signal.addEventListener("abort", pending.onAbort, {once: true})
  }
}

/** Rejects a waiting operation (timeout, abort, close). */
function settle<T>(state: SocketState, pending: Pending<T>, error: unknown): void {
  if (pending.settled) return
  release(pending)
  pending.reject(error)
  updateInterest(state)
}

function release<T>(pending: Pending<T>): void {
  pending.settled = true
  if (pending.timer) clearTimeout(pending.timer)
  if (pending.onAbort) pending.signal!.removeEventListener("abort", pending.onAbort)
}

function updateInterest(state: SocketState): void {
  if (state.closed) return
  let interest = (state.sends.peek() ? POLLOUT : 0) | (state.receives.peek() ? POLLIN : 0)
  if (state.watchers !== undefined) for (const watcher of state.watchers) interest |= watcher.interest
  state.watch(interest)
}

function flushSends(state: SocketState): void {
  let pending: PendingSend | undefined
  while ((pending = state.sends.peek())) {
    try {
      // Packs carry no message properties: a send with them goes on its own.
      if (pending.properties === undefined) pending.next += sendPacked(state.native, pending.messages, pending.next, pending.lend)
      else if (sendNow(state.native, pending.messages[0]!, pending.properties, pending.lend)) pending.next = 1
      pending.refusal = undefined
    } catch (error) {
      if (isStateRefusal(error) && !pending.immediate) {
        pending.refusal = error
        break
      }
      state.sends.shift()
      release(pending)
      pending.reject(error)
      continue
    }
    if (pending.next < pending.messages.length) break
    state.sends.shift()
    release(pending)
    pending.resolve()
  }
  // Whatever could not go out now and must not wait fails fast.
  if (pending) {
    for (const waiting of state.sends.drain()) {
      if (waiting.settled) continue
      if (waiting.immediate) {
        release(waiting)
        waiting.reject(timeoutError())
      } else {
        state.sends.push(waiting)
      }
    }
  }
}

function fillReceives(state: SocketState): void {
  if (state.receives.peek() === undefined) return
  if (!state.hasInbox()) {
    try {
      state.readBatch(RECEIVE_BATCH)
    } catch (error) {
      if (isStateRefusal(error)) {
        state.receives.peek()!.refusal = error
        return
      }
      const pending = state.receives.shift()!
      release(pending)
      pending.reject(error)
      return
    }
  }
  let pending: PendingReceive | undefined
  while (state.hasInbox() && (pending = state.receives.peek())) {
    state.receives.shift()
    release(pending)
    pending.resolve(taken(state, pending.take))
  }
}

/** What a receive takes from the inbox (which has a message). */
function taken(state: SocketState, take: Take): Received {
  return take === "one" ? state.takeInbox() : take === "all" ? state.takeAll() : state.takePacked()
}

/** Rejects everything pending and marks the socket closed. */
function shutdown(state: SocketState, reason: () => Error): void {
  state.stop()
  state.closeError = reason
  state.clearInbox()
  const pendings: Pending<never>[] = [...state.sends.drain(), ...state.receives.drain()]
  for (const pending of pendings) {
    if (pending.settled) continue
    release(pending)
    pending.reject(pending.refusal ?? reason())
  }
  const watchers = state.watchers
  state.watchers = undefined
  if (watchers !== undefined) for (const watcher of watchers) watcher.closed(reason())
}

/** @internal The state of a socket (lib/poller.ts); undefined for anything else. */
export function socketState(socket: unknown): SocketState | undefined {
  return states.get(socket as Socket)
}

/** @internal Whether messages read ahead wait in the socket's inbox. */
export function hasReadAhead(state: SocketState): boolean {
  return state.hasInbox()
}

/** @internal Starts telling `watcher` of the socket's readiness (see ReadinessWatcher). */
export function addWatcher(state: SocketState, watcher: ReadinessWatcher): void {
  if (state.closed) return
  ;(state.watchers ??= new Set()).add(watcher)
  updateInterest(state)
}

/** @internal Stops telling `watcher`; its interest leaves the socket's. */
export function removeWatcher(state: SocketState, watcher: ReadinessWatcher): void {
  if (state.watchers === undefined || !state.watchers.delete(watcher)) return
  if (state.watchers.size === 0) state.watchers = undefined
  updateInterest(state)
}

/** Tells the watchers that the socket may be ready; each may stop watching meanwhile. */
function notifyWatchers(state: SocketState): void {
  for (const watcher of [...state.watchers!]) {
    if (state.watchers?.has(watcher)) watcher.ready()
  }
}

/** @internal For lib/proxy.ts: the native socket behind `socket`, whatever its state (the native layer reports a closed one). */
export function nativeSocket(socket: Socket): NativeSocket {
  return stateOf(socket).native
}

/**
 * @internal For lib/proxy.ts: why a proxy cannot take the socket over, if it
 * cannot: another proxy has it, or operations pending in JS (sends, receives,
 * a Poller's wait, or messages read ahead from libzmq) would be stranded once
 * the proxy's thread owns it. A closed socket is left to the native layer,
 * which reports it.
 */
export function proxyObstacle(socket: Socket, name: string): Error | undefined {
  const state = stateOf(socket)
  if (state.proxied) return codeError("EBUSY", `${name} socket is in use by another proxy`)
  if (!state.closed && (state.sends.peek() || state.receives.peek() || state.watchers !== undefined || state.hasInbox())) {
    return codeError("EBUSY", `${name} socket has pending sends, receives, poller waits or unread messages`)
  }
  return undefined
}

/**
 * @internal For lib/proxy.ts: the socket is in a running proxy's hands
 * (`true`), or the proxy has ended (`false`): its thread closed the socket.
 */
export function setProxied(socket: Socket, proxied: boolean): void {
  const state = stateOf(socket)
  state.proxied = proxied
  if (!proxied && !state.closed) shutdown(state, closedError)
}

/** Defines the type-specific options of a socket class. */
export function defineSocketOptions(prototype: object, type: SocketTypeName, sends: boolean, receives: boolean): void {
  defineOptions(prototype, socketOptions, spec => spec.on !== "all" && appliesTo(spec, type, sends, receives))
}

