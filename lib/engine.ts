/**
 * The scheduling engine under both socket APIs: a native socket, the
 * readiness interest asked of it, how readiness is dispatched, and when the
 * socket goes through the event loop instead of continuing synchronously.
 *
 * lib/socket.ts (promises, queued receives) and lib/compat/socket.ts
 * (EventEmitter 'message' events, send callbacks) keep their own queues and
 * decide what to do when the socket is ready; this is what they share:
 *
 * - `watch(interest)` tells the native layer only when the interest changes
 *   (each change starts or stops a `uv_poll`).
 * - Readiness arrives as ZMQ_EVENTS bits, or -ETERM when the context was
 *   closed under the socket; both end in `ready()` or `terminated()`, never
 *   after `stop()`.
 * - `budget` counts the operations a socket may still complete synchronously
 *   before `scheduleImmediate()` sends it through the event loop once; every
 *   dispatch from a fresh event-loop turn refills it.
 * - `referenced` says whether waiting work keeps the process alive.
 * - The inbox holds whole messages read from libzmq in one batch and not yet
 *   handed out (a receive, a 'message' event), still packed as the native
 *   layer returned them: each is cut out when it is taken.
 */
import {POLLIN, POLLOUT, SYNC_BUDGET} from "./constants"
import {type PackedMessages, readPacked} from "./incoming"
import {binding, type NativeContext, type NativeSocket} from "./native"

export abstract class Engine {
  readonly native: NativeSocket
  /** The native socket takes no more calls: closed, or its context terminated. */
  closed = false
  /** The POLLIN/POLLOUT bits the native layer watches for. */
  interest = 0
  /** Operations that may still complete synchronously before a trip through the event loop. */
  budget = SYNC_BUDGET
  immediateScheduled = false
  /** Waiting work keeps the process alive (`ref()`, the default) or not (`unref()`). */
  referenced = true
  /** Messages read ahead from libzmq, oldest first from `inboxNext`. */
  inbox: PackedMessages | undefined = undefined
  inboxNext = 0
  /** The metadata properties read with each message (lib/metadata.ts); undefined: none, the default. */
  metadataNames: readonly string[] | undefined = undefined
  /**
   * Called by the native layer with ZMQ_EVENTS bits (or -ETERM). Kept here:
   * the native side holds it weakly while the socket is idle and strongly
   * while it waits, so a waiting socket is never garbage collected.
   */
  readonly onReady: (events: number) => void
  /** Made once, not per scheduling: a busy socket schedules an immediate every SYNC_BUDGET operations. */
  private readonly onImmediate: () => void

  constructor(type: number, context: NativeContext) {
    this.onReady = events => {
      if (this.closed) return
      if (events < 0) this.terminated()
      else this.dispatch(events)
    }
    this.onImmediate = () => {
      this.immediateScheduled = false
      if (!this.closed) this.dispatch(POLLIN | POLLOUT)
    }
    this.native = new binding.Socket(type, context, this.onReady)
  }

  /** The socket may be readable (POLLIN) and/or writable (POLLOUT): serve what waits. */
  protected abstract ready(events: number): void

  /** The context was closed under the socket, which libzmq has closed. */
  protected abstract terminated(): void

  private dispatch(events: number): void {
    // A fresh budget once per trip through the event loop: if the budget ran
    // out, the immediate scheduled for that refills it, not this wake-up.
    if (!this.immediateScheduled) this.budget = SYNC_BUDGET
    this.ready(events)
  }

  /** Asks the native layer to watch for `interest` (POLLIN/POLLOUT bits). */
  watch(interest: number): void {
    if (this.closed || interest === this.interest) return
    this.interest = interest
    this.native.watch(interest)
  }

  /** Serves the socket again from a fresh macrotask (the budget ran out, or work was left over). */
  scheduleImmediate(): void {
    if (this.immediateScheduled) return
    this.immediateScheduled = true
    const immediate = setImmediate(this.onImmediate)
    if (!this.referenced) immediate.unref()
  }

  setReferenced(referenced: boolean): void {
    this.referenced = referenced
    if (this.closed) return
    if (referenced) this.native.ref()
    else this.native.unref()
  }

  hasInbox(): boolean {
    return this.inbox !== undefined
  }

  /** The oldest read-ahead message (there must be one). */
  takeInbox(): Buffer[] {
    const inbox = this.inbox!
    const message = inbox.cut(this.inboxNext++)
    if (this.inboxNext === inbox.length) this.clearInbox()
    return message
  }

  /** Every read-ahead message, oldest first (there must be one). */
  takeAll(): Buffer[][] {
    return this.takePacked().toArray()
  }

  /** Every read-ahead message as one packed batch (there must be one). */
  takePacked(): PackedMessages {
    const rest = this.inbox!.from(this.inboxNext)
    this.clearInbox()
    return rest
  }

  clearInbox(): void {
    this.inbox = undefined
    this.inboxNext = 0
  }

  /** Reads up to `max` messages from libzmq into the (empty) inbox; returns how many (0: none was available). */
  readBatch(max: number): number {
    const messages = readPacked(this.native, max, this.metadataNames)
    if (messages === null) return 0
    this.inbox = messages
    this.inboxNext = 0
    return messages.length
  }

  /** No more native calls: the socket is closed (or about to be), or its context terminated. */
  stop(): void {
    this.closed = true
    this.interest = 0
  }

  /** Closes the native socket; libzmq delivers what it took as `linger` says. */
  close(): void {
    if (this.closed) return
    this.stop()
    this.native.close()
  }
}
