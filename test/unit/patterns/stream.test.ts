/**
 * Stream sockets speak raw TCP: here the peers are plain `net` sockets.
 * Stream is tcp only.
 */
import * as net from "node:net"
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound} from "../../helpers"
import {socketScope} from "./support"

/** Collects what a net socket receives; `until(n)` waits for n bytes in total. */
function collector(socket: net.Socket) {
  const chunks: Buffer[] = []
  let wanted = Infinity
  let wake: (() => void) | undefined
  socket.on("data", chunk => {
    chunks.push(chunk)
    if (Buffer.concat(chunks).length >= wanted) wake?.()
  })
  return {
    get data() { return Buffer.concat(chunks) },
    until(bytes: number): Promise<Buffer> {
      if (Buffer.concat(chunks).length >= bytes) return Promise.resolve(Buffer.concat(chunks))
      wanted = bytes
      return new Promise<Buffer>((resolve, reject) => {
        wake = () => resolve(Buffer.concat(chunks))
        socket.once("close", () => reject(new Error(`closed after ${Buffer.concat(chunks).length} of ${bytes} bytes`)))
      })
    },
  }
}

/** Receives [id, data] messages from `stream` until `bytes` bytes arrived from `id`. */
async function receiveBytes(stream: zmq.Stream, id: Buffer, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = []
  let length = 0
  while (length < bytes) {
    const message = await stream.receive()
    expect(message).toHaveLength(2)
    expect(message[0]).toEqual(id)
    expect(message[1]!.length).toBeGreaterThan(0)
    parts.push(message[1]!)
    length += message[1]!.length
  }
  return Buffer.concat(parts)
}

describe("stream over tcp", () => {
  const use = socketScope()
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  function netClient(address: string): Promise<net.Socket> {
    const {port} = new URL(address)
    return new Promise((resolve, reject) => {
      const client = net.connect(Number(port), "127.0.0.1", () => resolve(client))
      client.once("error", reject)
      cleanups.push(() => { client.destroy() })
    })
  }

  it("sees a net client connect, receive its bytes, reply, and see it leave", async () => {
    const stream = use(new zmq.Stream())
    const address = await bound(stream, "tcp")
    const client = await netClient(address)
    const fromStream = collector(client)

    const [id, empty] = await stream.receive()
    expect(id!.length).toBeGreaterThan(0)
    expect(empty).toEqual(Buffer.alloc(0))

    const request = Buffer.from([104, 105, 0, 255, 0])
    client.write(request)
    expect(await receiveBytes(stream, id!, request.length)).toEqual(request)

    const reply = Buffer.from("réponse\u0000✓")
    await stream.send([id!, reply])
    expect(await fromStream.until(reply.length)).toEqual(reply)

    client.end()
    expect(await stream.receive()).toEqual([id, Buffer.alloc(0)])
  })

  it("gives each client its own id and routes replies by it", async () => {
    const stream = use(new zmq.Stream())
    const address = await bound(stream, "tcp")

    const clientA = await netClient(address)
    const [idA] = await stream.receive()
    const clientB = await netClient(address)
    const [idB] = await stream.receive()
    expect(idA).not.toEqual(idB)
    const atA = collector(clientA)
    const atB = collector(clientB)

    clientB.write("from B")
    expect((await receiveBytes(stream, idB!, 6)).toString()).toBe("from B")
    clientA.write("from A")
    expect((await receiveBytes(stream, idA!, 6)).toString()).toBe("from A")

    await stream.send([idB!, "to B"])
    await stream.send([idA!, "to A!"])
    expect((await atB.until(4)).toString()).toBe("to B")
    expect((await atA.until(5)).toString()).toBe("to A!")
  })

  it("connects to a net server under the routing id given to connect()", async () => {
    const accepted: net.Socket[] = []
    let onAccept!: () => void
    const firstAccept = new Promise<void>(resolve => { onAccept = resolve })
    const server = net.createServer(socket => {
      accepted.push(socket)
      cleanups.push(() => { socket.destroy() })
      onAccept()
    })
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve))
    cleanups.push(() => new Promise<void>(resolve => server.close(() => resolve())))
    const {port} = server.address() as net.AddressInfo

    const id = Buffer.from([0x73, 0, 0x01])
    const stream = use(new zmq.Stream())
    stream.connect(`tcp://127.0.0.1:${port}`, {routingId: id})
    expect(await stream.receive()).toEqual([id, Buffer.alloc(0)])
    await firstAccept
    const peer = accepted[0]!
    const atServer = collector(peer)

    await stream.send([id, "hello server"])
    expect((await atServer.until(12)).toString()).toBe("hello server")
    peer.write("hello stream")
    expect((await receiveBytes(stream, id, 12)).toString()).toBe("hello stream")
  })
})
