/**
 * `socket.monitor()`: libzmq's socket monitor (zmq_socket_monitor) feeding a
 * PAIR socket of our own, read whenever that PAIR socket is readable — no
 * timer. Each event is emitted on the monitored socket under its legacy name
 * (`zmq.events`) as `(value, endpoint)`, plus an Error for bind_error,
 * accept_error and close_error.
 *
 * After the monitored socket closes, the remaining events (its listeners'
 * 'close', ...) are still emitted, up to libzmq's MONITOR_STOPPED; the PAIR
 * socket never keeps the process alive.
 */
import {randomUUID} from "node:crypto"
import type {EventEmitter} from "node:events"
import {endianness} from "node:os"
import {threadId} from "node:worker_threads"
import {context as defaultContext, nativeContext} from "../context"
import {binding, type NativeSocket} from "../native"
import {EVENT_MONITOR_STOPPED, events as eventNames, LEGACY_EVENTS, POLLIN} from "./constants"
import {zmqError} from "./errors"
import {receiveMessages} from "./frames"

type SocketMonitor = (socket: NativeSocket, endpoint: string | null, events: number) => void

/** src-native/monitor.cc; absent from an addon built without it. */
const socketMonitor = (binding as unknown as {socketMonitor?: SocketMonitor}).socketMonitor

const ERROR_EVENTS = new Set([16, 64, 256])
const PAIR = 0
/** Events read per native call when `numOfEvents` is 0 (all available). */
const ALL_BATCH = 256
const littleEndian = endianness() === "LE"

const prefix = `inproc://zmq-napi.compat.monitor.${process.pid}.${threadId}.${randomUUID()}`
let counter = 0

export class Monitor {
  private readonly pair: NativeSocket
  private readonly batch: number
  private stopped = false
  private targetOpen = true

  constructor(private readonly emitter: EventEmitter, private readonly target: NativeSocket,
              numOfEvents: number, private readonly onStopped: () => void) {
    if (!socketMonitor) {
      throw new Error("zmq-napi: this build of the addon lacks socketMonitor (src-native/monitor.cc)")
    }
    this.batch = numOfEvents > 0 ? Math.floor(numOfEvents) : 0
    const endpoint = `${prefix}.${++counter}`
    socketMonitor(target, endpoint, LEGACY_EVENTS | EVENT_MONITOR_STOPPED)
    try {
      this.pair = new binding.Socket(PAIR, nativeContext(defaultContext), events => this.onReady(events))
      this.pair.connect(endpoint)
    } catch (error) {
      socketMonitor(target, null, 0)
      throw error
    }
    this.pair.unref()
    this.pair.watch(POLLIN)
  }

  /** unmonitor(): stops libzmq's monitor and closes the PAIR socket at once. */
  stop(): void {
    if (this.stopped) return
    if (this.targetOpen && !this.target.closed) socketMonitor!(this.target, null, 0)
    this.finish()
  }

  /** The monitored socket closed: drain the events up to MONITOR_STOPPED. */
  socketClosed(): void {
    this.targetOpen = false
  }

  private finish(): void {
    if (this.stopped) return
    this.stopped = true
    if (!this.pair.closed) this.pair.close()
    this.onStopped()
  }

  private onReady(events: number): void {
    if (this.stopped) return
    if (events < 0) {
      this.finish()
      return
    }
    let messages: Buffer[][]
    try {
      messages = this.read()
    } catch (error) {
      this.emitter.emit("monitor_error", error)
      this.stop()
      return
    }
    for (const [head, address] of messages) {
      if (this.stopped) return
      if (!head || head.length < 6) continue
      const event = littleEndian ? head.readUInt16LE(0) : head.readUInt16BE(0)
      const value = littleEndian ? head.readUInt32LE(2) : head.readUInt32BE(2)
      if (event === EVENT_MONITOR_STOPPED) {
        this.finish()
        return
      }
      const name = eventNames[event]
      if (name === undefined) continue
      const endpoint = address ? address.toString("utf8") : ""
      if (ERROR_EVENTS.has(event)) this.emitter.emit(name, value, endpoint, zmqError(value))
      else this.emitter.emit(name, value, endpoint)
    }
  }

  /** Up to `numOfEvents` events (all available when 0). */
  private read(): Buffer[][] {
    if (this.batch > 0) return receiveMessages(this.pair, this.batch)
    const all: Buffer[][] = []
    for (;;) {
      const some = receiveMessages(this.pair, ALL_BATCH)
      all.push(...some)
      if (some.length < ALL_BATCH) return all
    }
  }
}
