/** Helpers for the legacy-API tests: endpoints, event promises, cleanup. */
import {once} from "node:events"
import * as path from "node:path"
import * as zmq from "../../lib/compat/index"
import {bindAddress, type ChildResult, packageRoot, runChild, type Transport} from "../helpers"

export {transports, type Transport} from "../helpers"

/** The compiled legacy API, for child processes (built by `npm run build:ts`). */
export const compatModule = path.join(packageRoot, "dist/cjs/compat/index.js")

/** Sockets created through `track()`, closed after each test. */
const open = new Set<zmq.Socket>()

export function track<T extends zmq.Socket>(sock: T): T {
  open.add(sock)
  return sock
}

export function socket(type: string, options?: Record<string, unknown>): zmq.Socket {
  return track(zmq.socket(type, options))
}

export function closeAll(): void {
  for (const sock of open) {
    sock.unmonitor()
    if (!sock.closed) {
      sock.linger = 0
      sock.close()
    }
  }
  open.clear()
}

/** Binds synchronously and returns the address to connect to. */
export function bindTo(sock: zmq.Socket, transport: Transport = "tcp"): string {
  sock.bindSync(bindAddress(transport))
  return sock.last_endpoint
}

/** The arguments of the next `event` on `emitter`. */
export function next(emitter: NodeJS.EventEmitter, event: string): Promise<unknown[]> {
  return once(emitter, event)
}

/** The frames (as strings) of the next 'message'. */
export async function nextMessage(sock: zmq.Socket): Promise<string[]> {
  const frames = (await once(sock, "message")) as Buffer[]
  return frames.map(frame => frame.toString())
}

/** Collects `count` messages (frames as strings). */
export function messages(sock: zmq.Socket, count: number): Promise<string[][]> {
  return new Promise(resolve => {
    const received: string[][] = []
    const listener = (...frames: Buffer[]) => {
      received.push(frames.map(frame => frame.toString()))
      if (received.length === count) {
        sock.removeListener("message", listener)
        resolve(received)
      }
    }
    sock.on("message", listener)
  })
}

/** A send callback as a promise. */
export function sent(sock: zmq.Socket, message: unknown, flags = 0): Promise<Error | undefined> {
  return new Promise(resolve => sock.send(message, flags, (error?: Error) => resolve(error)))
}

/** Runs CommonJS `source` in a child node where `zmq` is the compiled legacy API. */
export function runCompatChild(source: string, timeoutMs = 10_000): Promise<ChildResult> {
  return runChild(source, {timeoutMs, entry: "dist/cjs/compat/index.js"})
}
