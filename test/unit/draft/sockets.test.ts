/**
 * The draft socket types over tcp, ipc and inproc: each pattern for real, with
 * its message properties (routing ids, groups) and the single-frame rule of
 * the thread-safe sockets.
 */
import {describe, expect, it} from "vitest"
import {Channel, Client, Dish, Gather, Peer, Radio, Scatter, Server} from "../../../lib/draft"
import {bound, transports} from "../../helpers"
import {socketScope} from "../patterns/support"
import {syncGroup} from "./support"

describe.each(transports)("draft sockets over %s", transport => {
  const use = socketScope()

  it("Server/Client: each client's requests carry its routing id, and replies reach that client only", async () => {
    const server = use(new Server())
    const address = await bound(server, transport)
    const clients = [0, 1, 2].map(() => use(new Client()))
    for (const client of clients) client.connect(address)

    const rounds = 20
    const serving = (async () => {
      for (let n = 0; n < clients.length * rounds; n++) {
        const [request, {routingId}] = await server.receive()
        await server.send(`re:${request}`, {routingId})
      }
    })()
    await Promise.all(clients.map(async (client, index) => {
      for (let round = 0; round < rounds; round++) {
        await client.send(`c${index}-${round}`)
        const reply = await client.receive()
        expect(reply).toHaveLength(1)
        expect(reply[0].toString()).toBe(`re:c${index}-${round}`)
      }
    }))
    await serving
  })

  it("Server: the routing id of a received message is a number naming the peer; an unknown one is EHOSTUNREACH", async () => {
    const server = use(new Server())
    const client = use(new Client())
    client.connect(await bound(server, transport))
    await client.send("hello")
    const message = await server.receive()
    expect(message).toHaveLength(2)
    const [frame, properties] = message
    expect(frame.toString()).toBe("hello")
    expect(Object.keys(properties)).toEqual(["routingId"])
    expect(Number.isInteger(properties.routingId) && properties.routingId > 0).toBe(true)
    const unknown = properties.routingId === 0xffffffff ? 1 : properties.routingId + 1
    await expect(server.send("lost", {routingId: unknown})).rejects.toMatchObject({code: "EHOSTUNREACH"})
  })

  it("Radio/Dish: a dish receives exactly the groups it joined, with the group of each message", async () => {
    const dish = use(new Dish())
    const radio = use(new Radio())
    radio.connect(await bound(dish, transport))
    dish.join("weather", "sync")
    const next = await syncGroup(radio, dish, "sync", "marker")

    await radio.send("rain", {group: "weather"})
    await radio.send("goal", {group: "sports"})
    await radio.send(Buffer.from("sun"), {group: Buffer.from("weather")})
    const first = await next()
    expect([first[0].toString(), first[1].group]).toEqual(["rain", Buffer.from("weather")])
    const second = await next()
    expect([second[0].toString(), second[1].group.toString()]).toEqual(["sun", "weather"])

    dish.leave("weather")
    dish.join("sports")
    // The leave and join travel in order with the markers: once a marker sent
    // after them arrives, the radio has applied them.
    const after = await syncGroup(radio, dish, "sync", "marker2")
    await radio.send("hail", {group: "weather"})
    await radio.send("save", {group: "sports"})
    const third = await after()
    expect([third[0].toString(), third[1].group.toString()]).toEqual(["save", "sports"])
  })

  it("Scatter/Gather: round-robin out to every gatherer, fair-queued in", async () => {
    const gathers = [0, 1].map(() => use(new Gather()))
    const scatter = use(new Scatter())
    for (const gather of gathers) scatter.connect(await bound(gather, transport))
    for (let i = 0; i < 10; i++) await scatter.send(`m${i}`)
    const shares = await Promise.all(gathers.map(async gather => {
      const share: string[] = []
      for (let i = 0; i < 5; i++) share.push((await gather.receive())[0].toString())
      return share
    }))
    expect(shares.flat().sort()).toEqual(Array.from({length: 10}, (_, i) => `m${i}`).sort())
    for (const share of shares) expect(share).toHaveLength(5)
  })

  it("Channel: an exclusive pair, both directions, batches included", async () => {
    const left = use(new Channel())
    const right = use(new Channel())
    right.connect(await bound(left, transport))
    await right.sendBatch(["a", "b", ["c"]])
    const received: string[] = []
    while (received.length < 3) for (const [frame] of await left.receiveBatch()) received.push(frame.toString())
    expect(received).toEqual(["a", "b", "c"])
    await left.send("back")
    expect((await right.receive())[0].toString()).toBe("back")
  })

  it("Peer: connectPeer() returns the routing id to send with; the other side answers by the id it received", async () => {
    const listener = use(new Peer())
    const address = await bound(listener, transport)
    const peers = [0, 1].map(() => use(new Peer()))
    const ids = peers.map(peer => peer.connectPeer(address))
    for (const id of ids) expect(Number.isInteger(id) && id > 0).toBe(true)

    for (const [index, peer] of peers.entries()) {
      await peer.send(`from ${index}`, {routingId: ids[index]!})
      const [frame, {routingId}] = await listener.receive()
      expect(frame.toString()).toBe(`from ${index}`)
      await listener.send(`to ${index}`, {routingId})
      const [reply, {routingId: sender}] = await peer.receive()
      expect(reply.toString()).toBe(`to ${index}`)
      expect(sender).toBe(ids[index])
    }
  })
})

describe("thread-safe draft sockets take one frame per message", () => {
  const use = socketScope()

  it("a multipart send is a TypeError that says why; an array of one frame is one frame", async () => {
    const server = use(new Server())
    const client = use(new Client())
    client.connect(await bound(server, "inproc"))
    await expect(client.send(["a", "b"])).rejects.toThrow(
      new TypeError("message must be a single frame: Client sockets do not support multipart messages, got 2 frames"))
    await expect(client.sendBatch(["ok", ["x", "y", "z"]])).rejects.toThrow(
      "messages[1] must be a single frame: Client sockets do not support multipart messages, got 3 frames")
    await expect(server.send(["a", "b"], {routingId: 1})).rejects.toThrow(TypeError)
    await client.send(["one"])
    const [frame] = await server.receive()
    expect(frame.toString()).toBe("one")
  })

  it("send options are checked: routingId an integer in 1..2^32-1, group a string or Buffer of at most 255 bytes without NUL", async () => {
    const server = use(new Server())
    const radio = use(new Radio())
    const dish = use(new Dish())
    // @ts-expect-error the routing id is required
    await expect(server.send("x")).rejects.toThrow(TypeError)
    await expect(server.send("x", {routingId: 1.5})).rejects.toThrow("options.routingId must be an integer, got number")
    await expect(server.send("x", {routingId: 0})).rejects.toThrow(RangeError)
    await expect(server.send("x", {routingId: 2 ** 32})).rejects.toThrow(RangeError)
    // @ts-expect-error the group is required
    await expect(radio.send("x", {})).rejects.toThrow("options.group must be a string or a Buffer, got undefined")
    await expect(radio.send("x", {group: "g".repeat(256)})).rejects.toThrow(
      new RangeError("options.group must be at most 255 bytes, got 256"))
    await expect(radio.send("x", {group: "a\0b"})).rejects.toThrow("options.group must not contain NUL bytes")
    await radio.send("x", {group: "g".repeat(255)})
    expect(() => dish.join("g".repeat(256))).toThrow(RangeError)
    dish.join("twice")
    expect(() => dish.join("twice")).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => dish.leave("never")).toThrow(expect.objectContaining({code: "EINVAL"}))
  })

  it("each class has only the methods of its type", () => {
    const methods = (Class: new () => object) => {
      const socket = new Class() as Record<string, unknown> & {close(): void}
      try {
        return ["send", "sendBatch", "receive", "receiveBatch", "join", "leave", "connectPeer"]
          .filter(name => typeof socket[name] === "function")
      } finally {
        socket.close()
      }
    }
    expect(methods(Server)).toEqual(["send", "receive", "receiveBatch"])
    expect(methods(Client)).toEqual(["send", "sendBatch", "receive", "receiveBatch"])
    expect(methods(Radio)).toEqual(["send"])
    expect(methods(Dish)).toEqual(["receive", "receiveBatch", "join", "leave"])
    expect(methods(Gather)).toEqual(["receive", "receiveBatch"])
    expect(methods(Scatter)).toEqual(["send", "sendBatch"])
    expect(methods(Peer)).toEqual(["send", "receive", "receiveBatch", "connectPeer"])
    expect(methods(Channel)).toEqual(["send", "sendBatch", "receive", "receiveBatch"])
  })

  it("socket events work on thread-safe sockets", async () => {
    const server = use(new Server())
    const handshake = new Promise(resolve => server.events.on("handshake", resolve))
    const client = use(new Client())
    client.connect(await bound(server, "tcp"))
    expect(await handshake).toMatchObject({type: "handshake"})
  })

  it("the options of each type: threadSafe reads true, send/receive options only where they apply", () => {
    const server = use(new Server({receiveHighWaterMark: 10, sendHighWaterMark: 10}))
    expect(server.threadSafe).toBe(true)
    expect(server.type).toBe(12)
    expect(server.receiveHighWaterMark).toBe(10)
    const radio = use(new Radio())
    expect(radio.type).toBe(14)
    expect("receiveHighWaterMark" in radio).toBe(false)
    const dish = use(new Dish())
    expect("sendHighWaterMark" in dish).toBe(false)
    const gather = use(new Gather({conflate: true}))
    expect(gather.conflate).toBe(true)
  })
})

describe("Dish groups", () => {
  it("a group that is not a string or Buffer is a TypeError naming its place in groups", () => {
    const dish = new Dish({linger: 0})
    try {
      expect(() => dish.join("a", 1 as unknown as string)).toThrow(new TypeError("groups[1] must be a string or a Buffer, got number"))
      expect(() => dish.leave(null as unknown as string)).toThrow(new TypeError("groups[0] must be a string or a Buffer, got null"))
    } finally {
      dish.close()
    }
  })
})
