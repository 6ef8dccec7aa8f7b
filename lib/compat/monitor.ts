/**
 * `socket.monitor()`: the legacy view of the monitor feed that also drives
 * the modern Observer (lib/monitor.ts): driven by readiness, no timer, and
 * never keeping the process alive. Each event is emitted on the monitored
 * socket under its legacy name (`zmq.events`) as `(value, endpoint)`, plus an
 * Error for bind_error, accept_error and close_error. Events the legacy API
 * has no name for (the handshake events) are not emitted.
 *
 * After the monitored socket closes, the remaining events (its listeners'
 * 'close', ...) are still emitted, up to libzmq's MONITOR_STOPPED.
 */
import type {EventEmitter} from "node:events"
import {context as defaultContext} from "../context"
import {EVENT_ACCEPT_FAILED, EVENT_BIND_FAILED, EVENT_CLOSE_FAILED, EVENT_MONITOR_STOPPED} from "../events"
import {type MonitorRecord, report, subscribe, type Subscription} from "../monitor"
import type {NativeSocket} from "../native"
import {events as eventNames} from "./constants"
import {zmqError} from "./errors"

const ERROR_EVENTS: ReadonlySet<number> = new Set([EVENT_BIND_FAILED, EVENT_ACCEPT_FAILED, EVENT_CLOSE_FAILED])

export class Monitor {
  private readonly subscription: Subscription
  private stopped = false

  /**
   * Starts monitoring `target`, a compat socket (always of the default
   * context). `interval` and `numOfEvents` of the legacy monitor() have no
   * counterpart: events are emitted as they arrive.
   */
  constructor(private readonly emitter: EventEmitter, target: NativeSocket, private readonly onStopped: () => void) {
    this.subscription = subscribe(target, defaultContext, {
      deliver: records => this.deliver(records),
      failed: error => this.emitter.emit("monitor_error", error),
    })
  }

  /** unmonitor(): stops libzmq's monitor at once; nothing more is emitted. */
  stop(): void {
    if (this.stopped) return
    this.subscription.unsubscribe()
    this.finish()
  }

  private finish(): void {
    if (this.stopped) return
    this.stopped = true
    this.onStopped()
  }

  private deliver(records: readonly MonitorRecord[]): void {
    for (const {id, value, address} of records) {
      if (this.stopped) return
      if (id === EVENT_MONITOR_STOPPED) {
        this.finish()
        return
      }
      const name = eventNames[id]
      if (name === undefined) continue
      // Each listener call on its own: one that throws must not cost the others their events.
      if (ERROR_EVENTS.has(id)) report(() => this.emitter.emit(name, value, address, zmqError(value)))
      else report(() => this.emitter.emit(name, value, address))
    }
  }
}
