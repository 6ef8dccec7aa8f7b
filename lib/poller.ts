/**
 * Poller: waits until any of several sockets, and plain file descriptors, is
 * readable or writable, as zmq_poll does, without blocking the JS thread.
 *
 *     const poller = new Poller<Pull | Subscriber>()
 *     poller.add(receiver, "readable").add(subscriber, "readable")
 *     for (const {socket} of await poller.wait({timeout: 1000})) console.log(await socket.receive())
 *
 * How a wait works:
 * - First a non-blocking check: one zmq_poll with a zero timeout over every
 *   item (src-native/poller.cc). A socket with messages already read ahead
 *   into its inbox is readable whatever libzmq says: they left libzmq before.
 * - If nothing is ready, the wait joins each socket's own readiness (the
 *   uv_poll on its ZMQ_FD that its sends and receives use; see
 *   ReadinessWatcher in lib/socket.ts) and watches each descriptor with a
 *   DescriptorWatch (src-native/descriptor.h). ZMQ_FD is edge-triggered and
 *   only says that something changed, so every notification runs the whole
 *   check again, and the wait resolves with what that finds.
 * - A poller reports; it never takes a message. A socket's own pending
 *   receive() is served first, and the socket is reported readable only if
 *   something is left for the caller.
 *
 * Membership may change at any time; a change applies to waits already
 * pending. Several waits may be pending at once; each sees every item.
 */
import * as fs from "node:fs"
import {codeError} from "./errors"
import {binding, type NativeDescriptorWatch, type NativeSocket} from "./native"
import {checkOptions} from "./options"
import {
  addWatcher, hasReadAhead, type ReadinessWatcher, removeWatcher, type Socket, socketState, type SocketState,
  unusableError,
} from "./socket"
// SYNC_BUDGET here bounds the waits in a row that resolve without a trip through the event loop.
import {POLLERR, POLLIN, POLLOUT, SYNC_BUDGET} from "./constants"

/** The longest timeout setTimeout() honours (about 24.8 days); also the largest descriptor. */
const INT32_MAX = 2 ** 31 - 1

/** What to wait for: `"both"` is readable or writable, whichever comes first. */
export type PollerEvents = "readable" | "writable" | "both"

/** An item of a Poller: a socket, or a plain file descriptor (a number). */
export type PollerItem = Socket | number

export interface PollerWaitOptions {
  /**
   * Milliseconds to wait: 0 only checks, -1 (the default) waits until an
   * item is ready. When the time is up the wait resolves with an empty array
   * (as zmq_poll returns 0): running out of time is not an error here.
   */
  timeout?: number
  /** Abandons the wait: the promise rejects with `signal.reason`. */
  signal?: AbortSignal
}

/** A socket found ready. Only the events asked for are reported. */
export interface PollerReadySocket<S extends Socket = Socket> {
  readonly socket: S
  readonly fd?: undefined
  readonly readable: boolean
  readonly writable: boolean
}

/**
 * A file descriptor found ready. Only the events asked for are reported; an
 * error condition (a pipe's other end gone, a closed descriptor) counts as
 * ready, so the caller's own read or write meets the error, as with poll().
 */
export interface PollerReadyDescriptor {
  readonly socket?: undefined
  readonly fd: number
  readonly readable: boolean
  readonly writable: boolean
}

/** What wait() reports for an item of type `T`. */
export type PollerReady<T extends PollerItem = Socket> =
  T extends number ? PollerReadyDescriptor : T extends Socket ? PollerReadySocket<T> : never

interface Entry {
  readonly item: PollerItem
  /** Its socket's state; undefined for a descriptor. */
  readonly state: SocketState | undefined
  interest: number
}

/** The arguments of pollNow(), kept until the items change. */
interface PollList {
  readonly entries: Entry[]
  readonly items: (NativeSocket | number)[]
  readonly events: Int32Array
  readonly revents: Int32Array
}

/** A Poller's state, kept off the public object. */
class PollerState {
  readonly entries = new Map<PollerItem, Entry>()
  readonly waits = new Set<Wait>()
  budget = SYNC_BUDGET
  private list: PollList | undefined

  /** The items changed. */
  changed(): void {
    this.list = undefined
  }

  /** The items ready now, in the order they were added; throws a closed socket's error. */
  scan(): (PollerReadySocket | PollerReadyDescriptor)[] {
    if (this.entries.size === 0) return []
    const list = this.list ??= pollList(this.entries)
    for (const entry of list.entries) {
      if (entry.state !== undefined) checkUsable(entry)
    }
    binding.pollNow(list.items, list.events, list.revents)
    const ready: (PollerReadySocket | PollerReadyDescriptor)[] = []
    for (let index = 0; index < list.entries.length; index++) {
      const entry = list.entries[index]!
      let found = list.revents[index]!
      if (entry.state === undefined) {
        if (found & POLLERR) found |= entry.interest
      } else if (hasReadAhead(entry.state)) {
        found |= POLLIN
      }
      found &= entry.interest
      if (found === 0) continue
      const readable = (found & POLLIN) !== 0
      const writable = (found & POLLOUT) !== 0
      ready.push(entry.state === undefined
        ? {fd: entry.item as number, readable, writable}
        : {socket: entry.item as Socket, readable, writable})
    }
    return ready
  }

  /**
   * Whether a wait should keep the process alive on its own (its timer):
   * unless every item is a socket that was unref()'d, as a pending receive's
   * timer follows its socket.
   */
  keepsAlive(): boolean {
    if (this.entries.size === 0) return true
    for (const entry of this.entries.values()) {
      if (entry.state === undefined || entry.state.referenced) return true
    }
    return false
  }
}

function pollList(entries: Map<PollerItem, Entry>): PollList {
  const list = [...entries.values()]
  return {
    entries: list,
    items: list.map(entry => entry.state?.native ?? entry.item as number),
    events: Int32Array.from(list, entry => entry.interest),
    revents: new Int32Array(list.length),
  }
}

/**
 * Throws, naming the socket, if it is closed, or in a running Proxy's hands
 * (EBUSY: its thread alone may touch it, so not even zmq_poll may).
 */
function checkUsable(entry: Entry): void {
  const error = unusableError(entry.state!)
  if (error) throw withSocket(error, entry.item as Socket)
}

/** The error of a socket that closed, naming the socket as `error.socket`. */
function withSocket(error: Error, socket: Socket): Error {
  (error as Error & {socket: Socket}).socket = socket
  return error
}

/** One pending wait(): what it watches, and how it ends. */
class Wait {
  private settled = false
  /** Whether its items are being watched (not yet, while a deferred first check is due). */
  private watching = false
  private readonly watches = new Map<Entry, ReadinessWatcher | NativeDescriptorWatch>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private immediate: ReturnType<typeof setImmediate> | undefined
  private signal: AbortSignal | undefined
  private onAbort: (() => void) | undefined

  constructor(private readonly poller: PollerState,
              private readonly resolve: (ready: (PollerReadySocket | PollerReadyDescriptor)[]) => void,
              private readonly reject: (error: unknown) => void) {}

  /**
   * Starts waiting. `checked`: the non-blocking check just found nothing;
   * otherwise (the synchronous budget ran out) it runs from a fresh
   * macrotask, so that a loop over an always-ready poller lets timers and
   * I/O run.
   */
  start(timeout: number, signal: AbortSignal | undefined, checked: boolean): void {
    const poller = this.poller
    poller.waits.add(this)
    if (signal) {
      this.signal = signal
      this.onAbort = () => this.fail(signal.reason)
      signal.addEventListener("abort", this.onAbort, {once: true})
    }
    if (timeout > 0) {
      this.timer = setTimeout(() => this.succeed([]), timeout)
      if (!poller.keepsAlive()) this.timer.unref()
    }
    if (checked) {
      this.watchAll()
      return
    }
    this.immediate = setImmediate(() => {
      this.immediate = undefined
      poller.budget = SYNC_BUDGET
      this.check()
      if (timeout === 0) this.succeed([])
      else this.watchAll()
    })
  }

  private watchAll(): void {
    this.watching = true
    for (const entry of this.poller.entries.values()) {
      this.watch(entry)
      if (this.settled) return
    }
  }

  /**
   * Starts watching an item (at the start, or added meanwhile). Callers check
   * first: an item that is ready now (a regular file always is, and epoll
   * refuses to watch one) never needs watching.
   */
  watch(entry: Entry): void {
    if (this.settled || !this.watching) return
    try {
      let watch: ReadinessWatcher | NativeDescriptorWatch
      if (entry.state === undefined) {
        watch = new binding.DescriptorWatch(entry.item as number, entry.interest, () => this.notified())
      } else {
        checkUsable(entry)
        watch = {
          interest: entry.interest,
          ready: () => this.notified(),
          closed: error => this.fail(withSocket(error, entry.item as Socket)),
        }
        addWatcher(entry.state, watch)
      }
      this.watches.set(entry, watch)
    } catch (error) {
      this.fail(error)
    }
  }

  /** Stops watching an item (at the end, or removed or modified meanwhile). */
  unwatch(entry: Entry): void {
    const watch = this.watches.get(entry)
    if (watch === undefined) return
    this.watches.delete(entry)
    if (entry.state === undefined) (watch as NativeDescriptorWatch).close()
    else removeWatcher(entry.state, watch as ReadinessWatcher)
  }

  /** An item may have become ready: a readiness event, so a fresh trip through the loop. */
  private notified(): void {
    this.poller.budget = SYNC_BUDGET
    this.check()
  }

  /** Resolves if anything is ready now. */
  check(): void {
    if (this.settled) return
    let ready: (PollerReadySocket | PollerReadyDescriptor)[]
    try {
      ready = this.poller.scan()
    } catch (error) {
      this.fail(error)
      return
    }
    if (ready.length > 0) this.succeed(ready)
  }

  private succeed(ready: (PollerReadySocket | PollerReadyDescriptor)[]): void {
    if (this.finish()) this.resolve(ready)
  }

  private fail(error: unknown): void {
    if (this.finish()) this.reject(error)
  }

  /** Releases everything the wait holds; false if it had ended already. */
  private finish(): boolean {
    if (this.settled) return false
    this.settled = true
    this.poller.waits.delete(this)
    for (const entry of [...this.watches.keys()]) this.unwatch(entry)
    if (this.timer !== undefined) clearTimeout(this.timer)
    if (this.immediate !== undefined) clearImmediate(this.immediate)
    if (this.onAbort !== undefined) this.signal!.removeEventListener("abort", this.onAbort)
    return true
  }
}

const states = new WeakMap<Poller<PollerItem>, PollerState>()

/**
 * Waits on several sockets and file descriptors at once; see the module
 * comment. `T` is the type of the items, so that what wait() reports is
 * typed: `new Poller<Pull | Subscriber>()` reports sockets that have
 * `receive()`; `new Poller<Socket | number>()` also takes descriptors.
 */
export class Poller<T extends PollerItem = Socket> {
  constructor() {
    states.set(this, new PollerState())
  }

  /** How many items the poller has. */
  get size(): number {
    return stateOf(this).entries.size
  }

  /** The items, in the order they were added (which is also the order wait() reports them in). */
  get items(): T[] {
    return [...stateOf(this).entries.keys()] as T[]
  }

  has(item: T): boolean {
    return stateOf(this).entries.has(item)
  }

  /** The events the poller waits for on `item`, or undefined if it is not an item. */
  eventsOf(item: T): PollerEvents | undefined {
    const entry = stateOf(this).entries.get(item)
    return entry === undefined ? undefined : eventNames[entry.interest]
  }

  /**
   * Adds a socket, or a file descriptor (a non-negative integer, open), to
   * wait on for `events` ("readable" unless given). Throws a TypeError for
   * anything else or for events the socket type never has (a Pull is never
   * writable), EBADF for a closed socket or descriptor, and EINVAL if the
   * item is already there (use modify()). Pending waits watch it at once.
   */
  add(item: T, events: PollerEvents = "readable"): this {
    const poller = stateOf(this)
    const interest = checkEvents(events)
    const state = checkItem(item, interest)
    if (poller.entries.has(item)) {
      throw codeError("EINVAL", `${describeItem(item)} is already in this poller; modify() changes its events`)
    }
    const entry: Entry = {item, state, interest}
    poller.entries.set(item, entry)
    poller.changed()
    for (const wait of [...poller.waits]) {
      wait.check()
      wait.watch(entry)
    }
    return this
  }

  /** Changes what to wait for on an item; EINVAL if it is not one. Applies to pending waits. */
  modify(item: T, events: PollerEvents): this {
    const poller = stateOf(this)
    const interest = checkEvents(events)
    const entry = poller.entries.get(item)
    if (entry === undefined) throw codeError("EINVAL", `${describeItem(item)} is not in this poller; add() it first`)
    checkItem(item, interest)
    if (entry.interest === interest) return this
    entry.interest = interest
    poller.changed()
    for (const wait of [...poller.waits]) {
      wait.unwatch(entry)
      wait.check()
      wait.watch(entry)
    }
    return this
  }

  /**
   * Removes an item; false if it was not one. Pending waits stop watching it
   * (a closed socket has to be removed like any other).
   */
  remove(item: T): boolean {
    const poller = stateOf(this)
    const entry = poller.entries.get(item)
    if (entry === undefined) return false
    poller.entries.delete(item)
    poller.changed()
    for (const wait of poller.waits) wait.unwatch(entry)
    return true
  }

  /**
   * Waits until at least one item is ready, and resolves with every item
   * that is ready then (in the order they were added), each with the events
   * asked for that it has. Resolves with an empty array when `timeout` runs
   * out. Rejects with `signal.reason` on abort; with EBADF ("Socket is
   * closed") if a socket among the items is closed, before or during the
   * wait, or ETERM if its context was closed (the error's `socket` names it;
   * remove it to wait on the others); with a TypeError/RangeError for bad
   * options. A pending wait keeps the process alive as a pending receive
   * does: through its sockets (unless they were unref()'d), its descriptors
   * and its timer.
   */
  wait(options?: PollerWaitOptions): Promise<PollerReady<T>[]> {
    const poller = stateOf(this)
    let timeout: number
    let signal: AbortSignal | undefined
    try {
      ({timeout, signal} = checkWaitOptions(options))
    } catch (error) {
      return Promise.reject(error)
    }
    if (signal?.aborted) return Promise.reject(signal.reason)

    const checked = poller.budget > 0
    if (checked) {
      poller.budget--
      try {
        const ready = poller.scan()
        if (ready.length > 0 || timeout === 0) return Promise.resolve(ready as PollerReady<T>[])
      } catch (error) {
        return Promise.reject(error)
      }
    }
    return new Promise((resolve, reject) => {
      new Wait(poller, resolve as (ready: unknown[]) => void, reject).start(timeout, signal, checked)
    })
  }
}

function stateOf(poller: Poller<PollerItem>): PollerState {
  const state = states.get(poller)
  if (state === undefined) throw new TypeError("not a Poller")
  return state
}

const eventNames: Record<number, PollerEvents> = {[POLLIN]: "readable", [POLLOUT]: "writable", [POLLIN | POLLOUT]: "both"}
const eventBits: Record<string, number> = {readable: POLLIN, writable: POLLOUT, both: POLLIN | POLLOUT}

function checkEvents(events: unknown): number {
  const bits = typeof events === "string" && Object.hasOwn(eventBits, events) ? eventBits[events] : undefined
  if (bits === undefined) {
    throw new TypeError(`events must be "readable", "writable" or "both", got ${describe(events)}`)
  }
  return bits
}

/** Validates an item; its socket state, or undefined for a descriptor. */
function checkItem(item: unknown, interest: number): SocketState | undefined {
  if (typeof item === "number") {
    if (!Number.isInteger(item) || item < 0 || item > INT32_MAX) {
      throw new TypeError(`item must be a Socket or a file descriptor (a non-negative integer), got ${describe(item)}`)
    }
    try {
      fs.fstatSync(item)
    } catch {
      throw codeError("EBADF", `File descriptor ${item} is not open`)
    }
    return undefined
  }
  const state = socketState(item)
  if (state === undefined) {
    throw new TypeError(`item must be a Socket or a file descriptor, got ${describe(item)}`)
  }
  const unusable = unusableError(state)
  if (unusable) throw withSocket(unusable, item as Socket)
  // A socket class has send() if its type sends and receive() if it receives
  // (lib/socket-types.ts): a Pull waited on for "writable" would wait forever.
  const socket = item as {send?: unknown; receive?: unknown; constructor: {name: string}}
  const sends = typeof socket.send === "function"
  const receives = typeof socket.receive === "function"
  if ((interest & POLLOUT) && receives && !sends) {
    throw new TypeError(`A ${socket.constructor.name} socket never becomes writable`)
  }
  if ((interest & POLLIN) && sends && !receives) {
    throw new TypeError(`A ${socket.constructor.name} socket never becomes readable`)
  }
  return state
}

function checkWaitOptions(options: PollerWaitOptions | undefined): {timeout: number; signal: AbortSignal | undefined} {
  if (options === undefined) return {timeout: -1, signal: undefined}
  checkOptions(options)
  for (const key of Object.keys(options)) {
    if (key !== "timeout" && key !== "signal") throw new TypeError(`Unknown wait() option "${key}": expected timeout or signal`)
  }
  const {timeout = -1, signal} = options
  if (typeof timeout !== "number") throw new TypeError(`options.timeout must be a number, got ${describe(timeout)}`)
  if (!Number.isInteger(timeout) || timeout < -1 || timeout > INT32_MAX) {
    throw new RangeError(`options.timeout must be -1 (no limit) or an integer from 0 to ${INT32_MAX}, got ${timeout}`)
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(`options.signal must be an AbortSignal, got ${describe(signal)}`)
  }
  return {timeout, signal}
}

function describeItem(item: unknown): string {
  return typeof item === "number" ? `File descriptor ${item}` : `This ${(item as object).constructor.name} socket`
}

function describe(value: unknown): string {
  if (value === null) return "null"
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`
  if (typeof value === "object") return (value as object).constructor?.name ?? "object"
  return `${typeof value} ${String(value)}`
}
