/**
 * Observer: the events of one socket (libzmq's socket monitor), as in the
 * `zeromq` v6 API. `socket.events` is the socket's own, created on first use.
 *
 * Two ways to read them, one per observer (as in `zeromq` v6):
 * - `receive()` / `for await (const event of observer)`;
 * - `on(type, listener)` / `off(...)`: the first on() puts the observer in
 *   event emitter mode for good; receive() then throws, and receives still
 *   waiting reject with the same error.
 *
 * Events arrive in batches from the monitor feed (lib/monitor.ts), which is
 * driven by readiness. While a receive() waits, or in event emitter mode, the
 * observer keeps the process alive until its socket closes, as in `zeromq`;
 * an observer nobody waits on does not. The last event is
 * `end`: the socket was closed (after the events its closing caused) or its
 * context was. After `end`, or close(), the observer is closed.
 */
import {EventEmitter} from "node:events"
import {codeError} from "./errors"
import {EVENT_MONITOR_STOPPED, type Event, type EventOfType, type EventType, toEvent} from "./events"
import {type MonitorRecord, report, subscribe, type Subscription} from "./monitor"
import {Socket, usableNativeSocket} from "./socket"

/**
 * Unread events one observer keeps in receive mode. The feed reads libzmq's
 * monitor continuously (it must, see lib/monitor.ts), so an observer that
 * nobody reads would otherwise grow without bound; past this, the oldest
 * unread events are dropped (never `end`, which is always the last).
 */
export const OBSERVER_BACKLOG = 10_000

const EMITTER_MODE_MESSAGE = "Observer is in event emitter mode. " +
  "After a call to events.on() it is not possible to read events with events.receive()."

const DONE: IteratorReturnResult<undefined> = Object.freeze({done: true, value: undefined})

interface Waiter {
  resolve(event: Event): void
  reject(error: unknown): void
}

export class Observer {
  #subscription: Subscription | null = null
  #closed = false
  /** Events not handed out yet, oldest first from #head. */
  #events: Event[] = []
  #head = 0
  /** receive() calls waiting for an event, oldest first (rarely more than one). */
  #waiters: Waiter[] = []
  #emitter: EventEmitter | null = null
  #flushScheduled = false

  /**
   * Observes `socket`. Usually `socket.events` is what you want: the same
   * observer every time. Several observers of one socket each get every
   * event. Throws EBADF if the socket is closed.
   */
  constructor(socket: Socket) {
    if (!(socket instanceof Socket)) throw new TypeError("socket must be a Socket")
    this.#subscription = subscribe(usableNativeSocket(socket), socket.context, {
      deliver: records => this.#deliver(records),
    })
  }

  /** Whether close() was called or `end` has been handed out: no further events come. */
  get closed(): boolean {
    return this.#closed
  }

  /**
   * Stops observing: no further events are received or emitted, and
   * receives still waiting reject with EBADF. Calling it again does nothing.
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#events = []
    this.#head = 0
    this.#subscription?.unsubscribe()
    this.#subscription = null
    for (const waiter of this.#waiters.splice(0)) waiter.reject(closedError())
  }

  /**
   * The next event, waiting for it if need be. Calls may overlap: they are
   * answered in order. Rejects with EBADF once the observer is closed.
   * Throws at once if the observer is in event emitter mode.
   */
  receive(): Promise<Event> {
    if (this.#emitter !== null) throw modeError()
    if (this.#closed) return Promise.reject(closedError())
    if (this.#head < this.#events.length) return Promise.resolve(this.#take())
    const waiting = new Promise<Event>((resolve, reject) => this.#waiters.push({resolve, reject}))
    this.#holdWhileWaiting()
    return waiting
  }

  /**
   * Calls `listener` with every event of type `type`, and puts the observer
   * in event emitter mode (see the class comment). Events that arrived before
   * are emitted on the next tick, so that listeners added together all see them.
   */
  on<E extends EventType>(type: E, listener: (event: EventOfType<E>) => void): this {
    checkListener(type, listener)
    this.#emitterMode().on(type, listener)
    return this
  }

  /** Removes a listener added with on(). */
  off<E extends EventType>(type: E, listener: (event: EventOfType<E>) => void): this {
    checkListener(type, listener)
    this.#emitter?.off(type, listener)
    return this
  }

  /** `for await (const event of observer)`: every event up to and including `end`. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Event> {
    const next = (): Promise<IteratorResult<Event>> => {
      if (this.#closed) return Promise.resolve(DONE)
      try {
        return this.receive().then(value => ({done: false, value}), error => {
          if (this.#closed) return DONE
          throw error
        })
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const iterator: AsyncIterableIterator<Event> = {
      next,
      return: () => Promise.resolve(DONE),
      [Symbol.asyncIterator]: () => iterator,
    }
    return iterator
  }

  /**
   * Keeps the process alive while a receive() waits or the observer is in
   * event emitter mode, until the socket closes, as `zeromq`'s observers do.
   */
  #holdWhileWaiting(): void {
    this.#subscription?.hold(!this.#closed && (this.#emitter !== null || this.#waiters.length > 0))
  }

  #emitterMode(): EventEmitter {
    if (this.#emitter !== null) return this.#emitter
    const emitter = new EventEmitter()
    this.#emitter = emitter
    this.#holdWhileWaiting()
    for (const waiter of this.#waiters.splice(0)) waiter.reject(modeError())
    if (this.#head < this.#events.length) this.#scheduleFlush()
    return emitter
  }

  /** A batch from the feed. */
  #deliver(records: readonly MonitorRecord[]): void {
    if (this.#closed) return
    for (const record of records) {
      if (record.id === EVENT_MONITOR_STOPPED) this.#subscription = null
      this.#events.push(toEvent(record.id, record.value, record.address))
    }
    if (this.#emitter !== null) {
      if (!this.#flushScheduled) this.#flush()
      return
    }
    while (this.#head < this.#events.length) {
      const waiter = this.#waiters.shift()
      if (waiter === undefined) break
      waiter.resolve(this.#take())
    }
    this.#holdWhileWaiting()
    this.#trim()
  }

  /** The oldest unread event; handing out `end` closes the observer. */
  #take(): Event {
    const event = this.#events[this.#head]!
    this.#events[this.#head++] = undefined!
    if (this.#head === this.#events.length) {
      this.#events = []
      this.#head = 0
    }
    if (event.type === "end") this.#ended()
    return event
  }

  #ended(): void {
    this.#closed = true
    this.#events = []
    this.#head = 0
    for (const waiter of this.#waiters.splice(0)) waiter.reject(closedError())
  }

  /**
   * Emits every unread event (emitter mode). Each listener is called on its
   * own (EventEmitter.emit would stop at the first that throws): one that
   * throws costs neither the others nor later events theirs, and its
   * exception is still uncaught.
   */
  #flush(): void {
    const emitter = this.#emitter!
    while (!this.#closed && this.#head < this.#events.length) {
      const event = this.#take()
      for (const listener of emitter.rawListeners(event.type) as ((event: Event) => void)[]) {
        report(() => listener.call(emitter, event))
      }
    }
  }

  #scheduleFlush(): void {
    this.#flushScheduled = true
    process.nextTick(() => {
      this.#flushScheduled = false
      this.#flush()
    })
  }

  /** Bounds the unread events (see OBSERVER_BACKLOG). */
  #trim(): void {
    const excess = this.#events.length - this.#head - OBSERVER_BACKLOG
    if (excess <= 0) return
    this.#events = this.#events.slice(this.#head + excess)
    this.#head = 0
  }
}

const observers = new WeakMap<Socket, Observer>()

/**
 * `socket.events`: the socket's observer, created on first use and the same
 * object from then on, until it is closed (by close() or `end`); while the
 * socket is still open, a closed one is replaced by a fresh observer.
 */
export function eventsOf(socket: Socket): Observer {
  let observer = observers.get(socket)
  if (observer === undefined || (observer.closed && !socket.closed)) {
    observer = new Observer(socket)
    observers.set(socket, observer)
  }
  return observer
}

function checkListener(type: unknown, listener: unknown): void {
  if (typeof type !== "string") throw new TypeError(`type must be an event type string, got ${typeof type}`)
  if (typeof listener !== "function") throw new TypeError(`listener must be a function, got ${typeof listener}`)
}

const closedError = () => codeError("EBADF", "Observer is closed")

function modeError(): Error {
  return codeError("EBUSY", EMITTER_MODE_MESSAGE)
}
