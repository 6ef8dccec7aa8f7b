/**
 * libzmq's socket monitor as a feed of event batches, shared by everyone who
 * watches one socket: the modern Observer (lib/observer.ts) and the legacy
 * `socket.monitor()` (lib/compat/monitor.ts) are both views of it.
 *
 * - One feed per monitored socket. libzmq allows one monitor per socket (a
 *   second zmq_socket_monitor() ends the first), so a second Observer of the
 *   same socket joins the feed instead of silently ending the first one.
 * - The feed's PAIR socket lives in the monitored socket's context: inproc
 *   endpoints exist per context, so a socket of a custom Context can only be
 *   monitored from that context.
 * - It is read whenever the PAIR socket is readable (no timer), a bounded
 *   batch per wake-up, and always, whether or not anyone asks for events yet
 *   (each Observer keeps its unread events; see OBSERVER_BACKLOG).
 * - libzmq sends monitor events with a blocking zmq_msg_send, from whichever
 *   thread the event happens on (an I/O thread, or the JS thread itself for a
 *   failed bind). So the PAIR socket takes events without a high-water mark
 *   (RCVHWM 0 before it connects makes the inproc pipe unbounded): a monitor
 *   must never stall libzmq, nor deadlock the JS thread that both reports
 *   events (binding in a loop) and is the only one to read them.
 * - The PAIR socket keeps the process alive only while a subscriber holds the
 *   feed (an Observer with a receive() waiting, or in event emitter mode), as
 *   `zeromq`'s observers do: a program that does nothing but watch a socket's
 *   events runs until that socket closes. Otherwise it is unref'd.
 * - The format is libzmq's v1 monitor (zmq_socket_monitor, stable API): its
 *   one endpoint per event is exactly the `address` of `zeromq` v6 events.
 *   The v2 format (zmq_socket_monitor_versioned, draft) sends the local and
 *   remote endpoints without saying which side the socket is on, so that
 *   address could not be rebuilt; it would also fail on a system libzmq
 *   built without draft APIs. Every 4.3.x event value fits v1's 32 bits.
 * - The feed ends with a MONITOR_STOPPED record: libzmq's own, sent once the
 *   monitored socket is gone (after the events that its closing caused), or
 *   one made up here when the context is closed under the PAIR socket, or
 *   when reading fails.
 */
import {randomUUID} from "node:crypto"
import {endianness} from "node:os"
import {threadId} from "node:worker_threads"
import {type Context, nativeContext} from "./context"
import {POLLIN, socketTypes} from "./constants"
import {Engine} from "./engine"
import {EVENT_ALL, EVENT_MONITOR_STOPPED} from "./events"
import {receiveBatch} from "./incoming"
import {binding, type NativeSocket} from "./native"
import {socketOptions} from "./option-table"
import {nativeKind} from "./options"

/** One monitor event: libzmq's event number, its 32-bit value and its endpoint ("" if none). */
export interface MonitorRecord {
  readonly id: number
  readonly value: number
  readonly address: string
}

export interface MonitorSubscriber {
  /**
   * A batch of records, oldest first. A batch that ends with MONITOR_STOPPED
   * is the last one; the subscriber is unsubscribed by then.
   */
  deliver(records: readonly MonitorRecord[]): void
  /** Reading the monitor failed (before the final MONITOR_STOPPED record). */
  failed?(error: unknown): void
}

export interface Subscription {
  /** Leaves the feed; the last one to leave stops libzmq's monitor. Idempotent. */
  unsubscribe(): void
  /** Whether this subscriber keeps the process alive while the feed runs (false at first). */
  hold(holding: boolean): void
}

type SocketMonitor = (socket: NativeSocket, endpoint: string | null, events: number) => void
/** src-native/monitor.cc. */
const socketMonitor = (binding as unknown as {socketMonitor: SocketMonitor}).socketMonitor

const RCVHWM = socketOptions.receiveHighWaterMark
/** Monitor messages read per wake-up: bounds the time one feed holds the event loop. */
const READ_BATCH = 256
const littleEndian = endianness() === "LE"
const STOPPED: MonitorRecord = Object.freeze({id: EVENT_MONITOR_STOPPED, value: 0, address: ""})

// The default context is shared by worker threads, so the endpoints must be
// unique across threads (and across copies of this module) too.
const prefix = `inproc://zmq-napi.monitor.${process.pid}.${threadId}.${randomUUID()}`
let counter = 0

const feeds = new WeakMap<NativeSocket, Feed>()

/**
 * Joins the feed of `target` (a socket of `context`), starting libzmq's
 * monitor if nobody watches it yet. Throws EBADF if `target` is closed.
 */
export function subscribe(target: NativeSocket, context: Context, subscriber: MonitorSubscriber): Subscription {
  let feed = feeds.get(target)
  if (feed === undefined) {
    feed = new Feed(target, context)
    feeds.set(target, feed)
  }
  feed.subscribers.add(subscriber)
  const joined = feed
  return {unsubscribe: () => joined.leave(subscriber), hold: holding => joined.hold(subscriber, holding)}
}

/** The feed's PAIR socket on the engine (lib/engine.ts): readiness reads the feed. */
class FeedSocket extends Engine {
  constructor(private readonly feed: Feed, context: Context) {
    super(socketTypes.pair, nativeContext(context))
  }

  protected ready(): void {
    this.feed.read()
  }

  protected terminated(): void {
    this.feed.terminated()
  }
}

class Feed {
  readonly subscribers = new Set<MonitorSubscriber>()
  /** Subscribers that keep the process alive while the feed runs. */
  private readonly holders = new Set<MonitorSubscriber>()
  private readonly pair: FeedSocket
  // Weak: watching a socket must not keep it from being garbage collected
  // (its finalizer closes it, and libzmq then ends the feed).
  private readonly target: WeakRef<NativeSocket>

  constructor(target: NativeSocket, context: Context) {
    this.target = new WeakRef(target)
    const endpoint = `${prefix}.${++counter}`
    socketMonitor(target, endpoint, EVENT_ALL)
    try {
      this.pair = new FeedSocket(this, context)
      this.pair.native.setOption(RCVHWM.id, nativeKind(RCVHWM.type), 0)
      this.pair.native.connect(endpoint)
    } catch (error) {
      socketMonitor(target, null, 0)
      throw error
    }
    this.pair.setReferenced(false)
    this.pair.watch(POLLIN)
  }

  hold(subscriber: MonitorSubscriber, holding: boolean): void {
    if (holding && this.subscribers.has(subscriber)) this.holders.add(subscriber)
    else this.holders.delete(subscriber)
    if (!this.pair.closed) this.pair.setReferenced(this.holders.size > 0)
  }

  leave(subscriber: MonitorSubscriber): void {
    this.hold(subscriber, false)
    if (!this.subscribers.delete(subscriber) || this.subscribers.size > 0 || this.pair.closed) return
    const target = this.target.deref()
    try {
      if (target !== undefined && !target.closed) socketMonitor(target, null, 0)
    } catch {
      // ETERM: its context is being closed, which stops the monitor anyway.
    }
    this.finish(target)
  }

  private finish(target = this.target.deref(), closePair = true): void {
    if (closePair && !this.pair.native.closed) this.pair.close()
    else this.pair.stop()
    if (target !== undefined && feeds.get(target) === this) feeds.delete(target)
  }

  /**
   * The PAIR socket's context was closed. Called from inside Context.close(),
   * which closes the PAIR socket itself right after: the feed ends without
   * touching it, and the subscribers hear of it once close() has returned,
   * not in its midst.
   */
  terminated(): void {
    const subscribers = [...this.subscribers]
    this.subscribers.clear()
    this.finish(undefined, false)
    process.nextTick(() => {
      for (const subscriber of subscribers) report(() => subscriber.deliver([STOPPED]))
    })
  }

  /** The PAIR socket may be readable: deliver a batch of events. */
  read(): void {
    let messages: Buffer[][] | null
    try {
      messages = receiveBatch(this.pair.native, READ_BATCH)
    } catch (error) {
      for (const subscriber of [...this.subscribers]) report(() => subscriber.failed?.(error))
      this.end([STOPPED])
      return
    }
    if (messages === null) return
    const records: MonitorRecord[] = []
    for (const [head, address] of messages) {
      // Anything else than libzmq's [6-byte event, endpoint] would be a bug there.
      if (head === undefined || head.length !== 6) continue
      const id = littleEndian ? head.readUInt16LE(0) : head.readUInt16BE(0)
      const value = littleEndian ? head.readUInt32LE(2) : head.readUInt32BE(2)
      records.push({id, value, address: address === undefined ? "" : address.toString("utf8")})
      // libzmq closes its end after this one; nothing follows.
      if (id === EVENT_MONITOR_STOPPED) {
        this.end(records)
        return
      }
    }
    if (records.length > 0) this.send(records)
  }

  /** Delivers the final batch and closes the feed. */
  private end(records: MonitorRecord[]): void {
    const subscribers = [...this.subscribers]
    this.subscribers.clear()
    this.finish()
    for (const subscriber of subscribers) report(() => subscriber.deliver(records))
  }

  private send(records: MonitorRecord[]): void {
    for (const subscriber of [...this.subscribers]) {
      // One that left during this batch (an Observer closed by a listener) gets no more.
      if (this.subscribers.has(subscriber)) report(() => subscriber.deliver(records))
    }
  }
}

/**
 * Runs a callback that may run user code (event listeners); an exception is
 * thrown again on its own tick, as an uncaught exception, so that it neither
 * stops the delivery to others nor unwinds into the native callback.
 */
export function report(call: () => void): void {
  try {
    call()
  } catch (error) {
    process.nextTick(() => { throw error })
  }
}
