/**
 * Helpers for the Observer tests: waiting for events (in either mode), raw
 * ZMTP bytes for peers written with `net`, and a ZAP handler in a context.
 */
import * as net from "node:net"
import * as zmq from "../../../lib/index"

/**
 * Reads `observer` (receive mode) until an event of `type`; resolves with it
 * and every event read before it. Rejects if `end` comes first.
 */
export async function until<E extends zmq.EventType>(observer: zmq.Observer, type: E):
    Promise<{event: zmq.EventOfType<E>; before: zmq.Event[]}> {
  const before: zmq.Event[] = []
  for (;;) {
    const event = await observer.receive()
    if (event.type === type) return {event: event as zmq.EventOfType<E>, before}
    if (event.type === "end") throw new Error(`observer ended before "${type}"; saw ${JSON.stringify(before)}`)
    before.push(event)
  }
}

/** The first event of `type` (event emitter mode: adds a listener, removes it after). */
export function once<E extends zmq.EventType>(observer: zmq.Observer, type: E): Promise<zmq.EventOfType<E>> {
  return new Promise(resolve => {
    const listener = (event: zmq.EventOfType<E>) => {
      observer.off(type, listener)
      resolve(event)
    }
    observer.on(type, listener)
  })
}

/** The tcp port of a `tcp://host:port` endpoint. */
export function portOf(address: string): number {
  return Number(/:(\d+)$/.exec(address)![1])
}

/**
 * A ZMTP 3.1 greeting (RFC 23/37): signature, version, mechanism name
 * (zero-padded to 20 octets), as-server flag, filler; 64 octets.
 */
export function greeting(mechanism: string, asServer = false): Buffer {
  const bytes = Buffer.alloc(64)
  bytes[0] = 0xff
  bytes[9] = 0x7f
  bytes[10] = 3
  bytes[11] = 1
  bytes.write(mechanism, 12, "latin1")
  bytes[32] = asServer ? 1 : 0
  return bytes
}

/** A short ZMTP command frame: flags 0x04 (COMMAND), size, name length, name, data. */
export function command(name: string, data: Buffer = Buffer.alloc(0)): Buffer {
  const body = Buffer.concat([Buffer.from([name.length]), Buffer.from(name, "latin1"), data])
  return Buffer.concat([Buffer.from([0x04, body.length]), body])
}

/** Connects a raw tcp client to `address` and writes `bytes`; errors (resets) are ignored. */
export function rawClient(address: string, bytes: Buffer): net.Socket {
  const socket = net.connect(portOf(address), "127.0.0.1", () => socket.write(bytes))
  socket.on("error", () => { /* the peer may reset the connection */ })
  socket.on("data", () => { /* its greeting: read and dropped */ })
  return socket
}

/** A raw tcp server that answers each connection with `respond(socket)`; resolves with its address. */
export async function rawServer(respond: (socket: net.Socket) => void): Promise<{address: string; close(): void}> {
  const connections = new Set<net.Socket>()
  const server = net.createServer(socket => {
    connections.add(socket)
    socket.on("error", () => { /* resets after the test */ })
    socket.on("close", () => connections.delete(socket))
    respond(socket)
  })
  await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve))
  const {port} = server.address() as net.AddressInfo
  return {
    address: `tcp://127.0.0.1:${port}`,
    close() {
      for (const socket of connections) socket.destroy()
      server.close()
    },
  }
}

/**
 * A ZAP handler (RFC 27) for `context`: a Router at inproc://zeromq.zap.01
 * answering every request with `status`. libzmq allows one per context, so
 * each test uses a context of its own.
 */
export async function zapHandler(context: zmq.Context, status: "200" | "300" | "400" | "500"): Promise<zmq.Router> {
  const router = new zmq.Router({context, linger: 0})
  await router.bind("inproc://zeromq.zap.01")
  void (async () => {
    for await (const [id, delimiter, version, requestId] of router) {
      await router.send([id!, delimiter!, version!, requestId!, status, status === "200" ? "OK" : "Denied", "", ""])
    }
  })().catch(() => { /* closed with its context */ })
  return router
}
