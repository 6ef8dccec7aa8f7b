/**
 * How an Observer ends and what it never does: `end` after the monitored
 * socket closes (with the events its closing caused first), `end` when the
 * context is closed, sockets of a custom Context (whose inproc endpoints the
 * default context cannot reach), a garbage-collected socket, and process exit
 * with live observers (children asserting exit code and signal).
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {runChild} from "../../helpers"
import {socketScope} from "../patterns/support"
import {once, until} from "./support"

const use = socketScope()

describe("the end of an observer", () => {
  it("closing the socket delivers the events its closing caused, then end", async () => {
    const pull = new zmq.Pull({linger: 0})
    const events = pull.events
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    expect(await events.receive()).toEqual({type: "bind", address})
    pull.close()
    // libzmq closes the listener while it destroys the socket, then stops the monitor.
    expect(await events.receive()).toEqual({type: "close", address})
    expect(await events.receive()).toEqual({type: "end"})
    expect(events.closed).toBe(true)
  })

  it("closing a socket whose inproc peer stays open and idle still ends its observer", async () => {
    // libzmq finishes closing the socket only once the peer has acknowledged
    // the end of their pipe, which the peer does while nobody uses it.
    const pull = new zmq.Pull()
    const push = use(new zmq.Push())
    await pull.bind("inproc://observer-idle-peer")
    push.connect("inproc://observer-idle-peer")
    await push.send("one")
    await pull.receive()
    const events = pull.events
    pull.close()
    expect(await events.receive()).toEqual({type: "end"})
  })

  it("Context.close() ends the observers of its sockets with end, after close() has returned", async () => {
    const context = new zmq.Context()
    const pull = new zmq.Pull({context})
    const push = new zmq.Push({context})
    // Two observers of the pull: one is read now, the other only after the close.
    const pullEvents = pull.events
    const unread = new zmq.Observer(pull)
    const pushEvents = push.events
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    push.connect(address)
    await until(pushEvents, "handshake")
    await until(pullEvents, "handshake")
    let emitted = false
    const ended = once(pushEvents, "end").then(event => { emitted = true; return event })

    context.close()
    expect(emitted).toBe(false)
    expect(await ended).toEqual({type: "end"})
    expect(pushEvents.closed).toBe(true)
    expect(await pullEvents.receive()).toEqual({type: "end"})
    // What libzmq had handed over before the close is still there, then end.
    // (Events it had not handed over yet are lost with the context, like messages.)
    const seen: zmq.Event[] = []
    for await (const event of unread) seen.push(event)
    expect(seen).toEqual([{type: "bind", address}, {type: "accept", address}, {type: "handshake", address}, {type: "end"}])
  })
})

describe("sockets of a custom Context", () => {
  it("are observed through that context (tcp and inproc)", async () => {
    const context = new zmq.Context()
    try {
      const reply = new zmq.Reply({context, linger: 0})
      const request = new zmq.Request({context, linger: 0})
      const serverEvents = reply.events
      const clientEvents = request.events
      await reply.bind("tcp://127.0.0.1:*")
      const address = reply.lastEndpoint!
      request.connect(address)
      expect(await serverEvents.receive()).toEqual({type: "bind", address})
      expect(await serverEvents.receive()).toEqual({type: "accept", address})
      expect(await serverEvents.receive()).toEqual({type: "handshake", address})
      expect((await until(clientEvents, "handshake")).event).toEqual({type: "handshake", address})

      // inproc inside the custom context: the closing socket's observer still ends.
      const pair = new zmq.Pair({context, linger: 0})
      const pairEvents = pair.events
      await pair.bind("inproc://custom-context-observed")
      pair.close()
      expect(await pairEvents.receive()).toEqual({type: "end"})
      reply.close()
      request.close()
    } finally {
      context.close()
    }
  })
})

describe("garbage collection", () => {
  it("a socket dropped without close() is collected even while observed, and its observer ends", async () => {
    const result = await runChild(`
      const keepAlive = setInterval(() => {}, 1000)
      let socket = new zmq.Dealer()
      const events = socket.events
      socket.bindSync("tcp://127.0.0.1:*")
      const ref = new WeakRef(socket)
      socket = null
      ;(async () => {
        const seen = []
        const reading = (async () => { for await (const event of events) seen.push(event.type) })()
        // Collect once the current job is over (WeakRef targets are kept until then).
        setImmediate(() => global.gc())
        await reading
        console.log(JSON.stringify({seen, collected: ref.deref() === undefined, closed: events.closed}))
        clearInterval(keepAlive)
      })()
    `, {args: ["--expose-gc"]})
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(JSON.parse(result.stdout)).toEqual({seen: ["bind", "close", "end"], collected: true, closed: true})
  })
})

describe("process lifetime (as zeromq: a waiting observer keeps the process alive until its socket closes)", () => {
  /** Child source: sockets (default and custom context) with observers in every mode, all left open. */
  const liveObservers = `
    const context = new zmq.Context()
    const server = new zmq.Router()
    server.bindSync("tcp://127.0.0.1:*")
    const client = new zmq.Dealer({context})
    // Emitter mode, a for-await loop and a waiting receive(), none of which ever ends by itself.
    client.events.on("connect", () => console.log("connected"))
    ;(async () => { for await (const event of server.events) {} })()
    new zmq.Observer(client).receive().then(event => {})
    client.connect(server.lastEndpoint)
  `
  // An unref'd timer fires only if something else keeps the event loop alive.
  const probe = (then: string) => `setTimeout(() => { console.log("alive"); ${then} }, 50).unref()`

  it("observers that wait keep the process alive; closing their sockets lets it exit, code 0", async () => {
    const result = await runChild(`${liveObservers}\n${probe("client.close(); server.close()")}`)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toMatch(/alive\n/)
  })

  it("each mode holds on its own: emitter mode, a waiting receive(), a for-await loop", async () => {
    const modes = {
      emitter: `socket.events.on("accept", () => {})`,
      receive: `socket.events.receive().then(() => {}, () => {})`,
      iterate: `;(async () => { for await (const event of socket.events) {} })()`,
    }
    for (const [mode, source] of Object.entries(modes)) {
      const result = await runChild(`
        const socket = new zmq.Pull()
        socket.bindSync("tcp://127.0.0.1:*")
        ${source}
        ${probe("socket.close()")}
      `)
      expect(result, mode).toMatchObject({code: 0, signal: null, timedOut: false, stderr: "", stdout: "alive\n"})
    }
  })

  it("an observer nobody waits on, or one closed, does not keep the process alive", async () => {
    const result = await runChild(`
      const socket = new zmq.Pull()
      socket.bindSync("tcp://127.0.0.1:*")
      const unread = socket.events
      const closed = new zmq.Observer(socket)
      closed.on("accept", () => {})
      closed.close()
      ${probe("socket.close()")}
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: "", stdout: ""})
  })

  it("with a connection up and events flowing, closing the sockets at the first handshake exits promptly", async () => {
    const result = await runChild(`
      ${liveObservers}
      client.events.on("handshake", () => {
        console.log("handshake")
        client.close()
        server.close()
      })
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("connected\nhandshake\n")
  })

  it("process.exit() with live observers exits with its code and no signal", async () => {
    const result = await runChild(`
      ${liveObservers}
      // Keeps the child alive until the handshake; process.exit() ends it.
      setInterval(() => {}, 1000)
      client.events.on("handshake", () => process.exit(3))
    `)
    expect(result).toMatchObject({code: 3, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("connected\n")
  })
})
