/**
 * The two ways to read an Observer, as in `zeromq` v6: receive() / for await,
 * or on()/off() listeners (event emitter mode, after which receive() throws);
 * close() and `closed`; `socket.events` as the socket's one observer; several
 * observers of one socket; and the typed event map, checked by tsc.
 */
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {failure, runChild, typeCheck} from "../../helpers"
import {socketScope} from "../patterns/support"
import {once, until} from "./support"

const use = socketScope()

const EMITTER_MODE = "Observer is in event emitter mode. " +
  "After a call to events.on() it is not possible to read events with events.receive()."

/** A Dealer bound on tcp (`server`, at `address`) and one to connect to it (`client`). */
async function connectedPair() {
  const server = use(new zmq.Dealer())
  const client = use(new zmq.Dealer())
  await server.bind("tcp://127.0.0.1:*")
  return {server, client, address: server.lastEndpoint!}
}

describe("receive mode", () => {
  it("receive() hands out events in order; overlapping calls are answered in order", async () => {
    const {server, client, address} = await connectedPair()
    const events = client.events
    // Three receives waiting at once, before anything happened.
    const first = events.receive()
    const second = events.receive()
    const third = events.receive()
    client.connect(address)
    expect(await first).toEqual({type: "connect:delay", address})
    expect(await second).toEqual({type: "connect", address})
    expect(await third).toEqual({type: "handshake", address})
    server.close()
  })

  it("for await yields every event up to and including end, then stops", async () => {
    const {server, client, address} = await connectedPair()
    const events = client.events
    client.connect(address)
    const seen: string[] = []
    for await (const event of events) {
      seen.push(event.type)
      if (event.type === "handshake") client.close()
    }
    expect(seen).toEqual(["connect:delay", "connect", "handshake", "end"])
    expect(events.closed).toBe(true)
    server.close()
  })

  it("after end, receive() rejects with EBADF and the observer is closed", async () => {
    const dealer = new zmq.Dealer()
    const events = dealer.events
    dealer.close()
    expect(await events.receive()).toEqual({type: "end"})
    expect(events.closed).toBe(true)
    expect(await failure(() => events.receive())).toMatchObject({code: "EBADF", message: "Observer is closed"})
  })

  it("close() rejects waiting receives with EBADF, ends iteration, and stops the events", async () => {
    const {client, address} = await connectedPair()
    const events = client.events
    const waiting = events.receive()
    const iterating = (async () => {
      const seen: zmq.Event[] = []
      for await (const event of new zmq.Observer(client)) {
        seen.push(event)
        // Closed once the connection is complete, so what it reports is certain.
        if (event.type === "handshake") client.close()
      }
      return seen
    })()
    events.close()
    expect(events.closed).toBe(true)
    expect(await failure(() => waiting)).toMatchObject({code: "EBADF"})
    events.close() // again: nothing happens

    // The other observer still works; this one hears nothing more.
    client.connect(address)
    const types = (await iterating).map(event => event.type)
    // A tcp connect to localhost may complete at once, without connect:delay.
    expect(types.filter(type => type !== "connect:delay")).toEqual(["connect", "handshake", "end"])
  })
})

describe("event emitter mode", () => {
  it("on() delivers each type to its listeners, with zeromq v6's shapes", async () => {
    const {server, client, address} = await connectedPair()
    const events = server.events
    const seen: zmq.Event[] = []
    events.on("accept", event => seen.push(event))
    const handshake = once(events, "handshake")
    client.connect(address)
    expect(await handshake).toEqual({type: "handshake", address})
    expect(seen).toEqual([{type: "accept", address}])
  })

  it("events that arrived before the first on() are emitted to the listeners added in the same tick", async () => {
    const pull = use(new zmq.Pull())
    const events = pull.events
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    const push = use(new zmq.Push())
    const pushEvents = push.events
    push.connect(address)
    // By now the server's bind, accept and handshake events are queued in the observer.
    await until(pushEvents, "handshake")
    const seen: string[] = []
    const done = new Promise<void>(resolve => {
      events.on("bind", event => { seen.push(event.type) })
      events.on("accept", event => { seen.push(event.type) })
      events.on("handshake", event => {
        seen.push(event.type)
        resolve()
      })
    })
    await done
    expect(seen).toEqual(["bind", "accept", "handshake"])
  })

  it("after on(), receive() throws zeromq's error at once, and receives already waiting reject with it", async () => {
    const dealer = use(new zmq.Dealer())
    const events = dealer.events
    const waiting = events.receive()
    const iterator = events[Symbol.asyncIterator]()
    events.on("end", () => {})
    let thrown: unknown
    try {
      void events.receive()
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({code: "EBUSY", message: EMITTER_MODE})
    expect(await failure(() => waiting)).toMatchObject({code: "EBUSY", message: EMITTER_MODE})
    // Iteration turns it into a rejected next(), not a throw.
    expect(await failure(() => iterator.next())).toMatchObject({code: "EBUSY"})
  })

  it("off() removes a listener; on() and off() return the observer", async () => {
    const {server, client, address} = await connectedPair()
    const events = server.events
    const removed: zmq.Event[] = []
    const listener = (event: zmq.EventOfType<"accept">) => { removed.push(event) }
    expect(events.on("accept", listener)).toBe(events)
    expect(events.off("accept", listener)).toBe(events)
    const handshake = once(events, "handshake")
    client.connect(address)
    await handshake
    expect(removed).toEqual([])
  })

  it("the end event closes the observer", async () => {
    const dealer = new zmq.Dealer()
    const events = dealer.events
    const ended = once(events, "end")
    dealer.close()
    expect(await ended).toEqual({type: "end"})
    expect(events.closed).toBe(true)
  })

  it("a listener that throws costs neither the other listeners nor later events theirs; its error is uncaught", async () => {
    // In a child process: the exception must reach process 'uncaughtException'.
    const result = await runChild(`
      // The emitter-mode observer keeps the process alive until the sockets close; the interval
      // is there so the test does not depend on that.
      const keepAlive = setInterval(() => {}, 1000)
      const seen = []
      const uncaught = []
      process.on("uncaughtException", error => uncaught.push(error.message))
      const server = new zmq.Dealer({linger: 0})
      const client = new zmq.Dealer({linger: 0})
      server.bindSync("tcp://127.0.0.1:*")
      const events = server.events
      events.on("accept", () => { throw new Error("listener failure") })
      events.on("accept", event => seen.push(event.type))
      events.on("handshake", event => {
        seen.push(event.type)
        setImmediate(() => {
          console.log(JSON.stringify({seen, uncaught}))
          clearInterval(keepAlive)
          client.close()
          server.close()
        })
      })
      client.connect(server.lastEndpoint)
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(JSON.parse(result.stdout)).toEqual({seen: ["accept", "handshake"], uncaught: ["listener failure"]})
  })

  it("on() and off() name a bad argument", () => {
    const dealer = use(new zmq.Dealer())
    const events = dealer.events
    expect(() => events.on(42 as unknown as "end", () => {})).toThrow(new TypeError("type must be an event type string, got number"))
    expect(() => events.on("end", "x" as unknown as () => void)).toThrow(new TypeError("listener must be a function, got string"))
    expect(() => events.off("end", undefined as unknown as () => void)).toThrow(TypeError)
  })
})

describe("socket.events and several observers", () => {
  it("socket.events is the same Observer every time, and an Observer instance", () => {
    const dealer = use(new zmq.Dealer())
    expect(dealer.events).toBe(dealer.events)
    expect(dealer.events).toBeInstanceOf(zmq.Observer)
  })

  it("after close(), socket.events of an open socket is a fresh observer", async () => {
    const {client, address} = await connectedPair()
    const first = client.events
    first.close()
    const second = client.events
    expect(second).not.toBe(first)
    expect(second.closed).toBe(false)
    client.connect(address)
    expect(await second.receive()).toEqual({type: "connect:delay", address})
  })

  it("two observers of one socket each get every event (libzmq has one monitor per socket; they share it)", async () => {
    const {server, client, address} = await connectedPair()
    const a = new zmq.Observer(client)
    const b = client.events
    const c = new zmq.Observer(client)
    client.connect(address)
    const expected = [{type: "connect:delay", address}, {type: "connect", address}, {type: "handshake", address}]
    for (const observer of [a, b, c]) {
      expect([await observer.receive(), await observer.receive(), await observer.receive()]).toEqual(expected)
    }
    // One leaving does not stop the others.
    a.close()
    server.close()
    expect(await b.receive()).toEqual({type: "disconnect", address})
    expect(await c.receive()).toEqual({type: "disconnect", address})
  })

  it("new Observer() refuses what is not a socket, and a closed socket with EBADF", async () => {
    expect(() => new zmq.Observer({} as zmq.Socket)).toThrow(new TypeError("socket must be a Socket"))
    const dealer = new zmq.Dealer()
    dealer.close()
    expect(() => new zmq.Observer(dealer)).toThrow(expect.objectContaining({code: "EBADF"}))
    expect(() => dealer.events).toThrow(expect.objectContaining({code: "EBADF"}))
  })
})

describe("types", () => {
  it("tsc --strict checks listeners against the event map", async () => {
    const result = await typeCheck(path.join(__dirname, "fixtures", "typed-events.ts"), false)
    expect(result).toEqual({code: 0, output: ""})
  }, 60_000)
})
