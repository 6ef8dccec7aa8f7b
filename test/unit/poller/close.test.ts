/**
 * A socket closed while a poller waits on it, or whose context is closed:
 * the wait rejects with the socket's error (EBADF, or ETERM), naming the
 * socket as `error.socket`; it never hangs. The closed socket stays an item
 * (later waits reject the same way) until it is removed.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress, failure, transports} from "../../helpers"
import {pushPull, socketScope, texts} from "../patterns/support"

type SocketError = zmq.ZmqError & {socket?: zmq.Socket}

describe.each(transports)("Poller: a socket closed while waited on, over %s", transport => {
  const use = socketScope()

  it("rejects the wait with EBADF naming the socket; after remove() the others work", async () => {
    const a = await pushPull(use, transport)
    const b = await pushPull(use, transport)
    const poller = new zmq.Poller().add(a.pull).add(b.pull)
    const waiting = poller.wait()
    a.pull.close()
    const error = await failure(() => waiting) as SocketError
    expect(error).toMatchObject({code: "EBADF", message: "Socket is closed"})
    expect(error.socket).toBe(a.pull)

    // Still an item: the next wait rejects at once, the same way.
    const again = await failure(() => poller.wait({timeout: 0})) as SocketError
    expect(again).toMatchObject({code: "EBADF"})
    expect(again.socket).toBe(a.pull)

    expect(poller.remove(a.pull)).toBe(true)
    const next = poller.wait()
    await b.push.send("still here")
    expect((await next).map(item => item.socket)).toEqual([b.pull])
    expect(texts(await b.pull.receive())).toEqual(["still here"])
  })
})

describe("Poller: closing", () => {
  const use = socketScope()

  it("a socket closed before the wait makes it reject at once with EBADF", async () => {
    const {pull} = await pushPull(use, "inproc")
    const poller = new zmq.Poller().add(pull)
    pull.close()
    const error = await failure(() => poller.wait()) as SocketError
    expect(error.code).toBe("EBADF")
    expect(error.socket).toBe(pull)
  })

  it("a socket closed while its wait is still deferred (sync budget spent) rejects it too", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    await push.send("stays")
    const poller = new zmq.Poller().add(pull)
    // Spend the synchronous budget: the next wait starts from a macrotask.
    for (let i = 0; i < 512; i++) await poller.wait()
    const deferred = poller.wait()
    pull.close()
    expect(await failure(() => deferred)).toMatchObject({code: "EBADF"})
  })

  it("every pending wait on the socket, across pollers, rejects", async () => {
    const {pull} = await pushPull(use, "tcp")
    const waits = [new zmq.Poller().add(pull).wait(), new zmq.Poller().add(pull).wait({timeout: 60_000})]
    pull.close()
    for (const wait of waits) expect(await failure(() => wait)).toMatchObject({code: "EBADF"})
  })
})

describe("Poller: Context.close() while waiting", () => {
  it("rejects the wait with ETERM naming the socket, and closes the socket", async () => {
    const context = new zmq.Context()
    const pull = new zmq.Pull({context})
    const other = new zmq.Pull()
    try {
      await pull.bind(bindAddress("inproc"))
      await other.bind(bindAddress("inproc"))
      const poller = new zmq.Poller().add(other).add(pull)
      const waiting = poller.wait()
      context.close()
      const error = await failure(() => waiting) as SocketError
      expect(error.code).toBe("ETERM")
      expect(error.socket).toBe(pull)
      expect(pull.closed).toBe(true)
      expect(context.closed).toBe(true)
    } finally {
      pull.close()
      other.close()
      context.close()
    }
  })
})
