/**
 * Readiness of the thread-safe draft sockets, which have no ZMQ_FD: libzmq's
 * poller gives a descriptor instead (src-native/thread_safe_signal.h). The
 * same guarantees as the classic sockets: no missed wake-up, batching, a
 * blocked send resumes, no busy loop, close and context termination reject
 * pending work, and an idle socket does not keep the process alive.
 */
import {describe, expect, it} from "vitest"
import {Client, Gather, Scatter, Server} from "../../../lib/draft"
import {Context, Poller} from "../../../lib/index"
import {bound, measureIdleSource, runChild} from "../../helpers"
import {socketScope} from "../patterns/support"

const draftEntry = "dist/cjs/draft.js"

describe("thread-safe socket readiness", () => {
  const use = socketScope()

  it("never misses a wake-up: 20,000 round trips, each send completing while a receive waits", async () => {
    const server = use(new Server())
    const client = use(new Client())
    client.connect(await bound(server, "inproc"))
    const rounds = 20_000
    const serving = (async () => {
      for (let n = 0; n < rounds; n++) {
        const [request, {routingId}] = await server.receive()
        await server.send(request, {routingId})
      }
    })()
    for (let n = 0; n < rounds; n++) {
      const reply = client.receive()
      await client.send(String(n))
      expect((await reply)[0].toString()).toBe(String(n))
    }
    await serving
  })

  it("a burst that arrived while nobody received is read in batches, without new traffic", async () => {
    const gather = use(new Gather())
    const scatter = use(new Scatter())
    scatter.connect(await bound(gather, "tcp"))
    const total = 5000
    await scatter.sendBatch(Array.from({length: total}, (_, i) => String(i)))
    const received: string[] = []
    let batches = 0
    while (received.length < total) {
      const batch = await gather.receiveBatch()
      batches++
      for (const [frame] of batch) received.push(frame.toString())
    }
    expect(received).toEqual(Array.from({length: total}, (_, i) => String(i)))
    expect(batches).toBeLessThan(total)
  })

  it("a send blocked at the high-water mark resumes when the peer reads", async () => {
    const gather = use(new Gather({receiveHighWaterMark: 5}))
    const scatter = use(new Scatter({sendHighWaterMark: 5}))
    scatter.connect(await bound(gather, "inproc"))
    // inproc holds sendHighWaterMark + receiveHighWaterMark messages.
    const sends = Array.from({length: 30}, (_, i) => scatter.send(String(i)))
    scatter.sendTimeout = 0
    await expect(scatter.send("refused")).rejects.toMatchObject({code: "EAGAIN"})
    const received: string[] = []
    while (received.length < 30) received.push((await gather.receive())[0].toString())
    await Promise.all(sends)
    expect(received).toEqual(Array.from({length: 30}, (_, i) => String(i)))
  })

  it("a Server's send to a client at its high-water mark waits, and resumes when the client reads", async () => {
    // A Server always reports itself writable (it cannot know the peer
    // before the send), so a full peer shows only as EAGAIN from the send.
    const server = use(new Server({sendHighWaterMark: 5}))
    const client = use(new Client({receiveHighWaterMark: 5}))
    client.connect(await bound(server, "inproc"))
    await client.send("hello")
    const [, {routingId}] = await server.receive()
    const sends = Array.from({length: 30}, (_, i) => server.send(String(i), {routingId}))
    const received: string[] = []
    while (received.length < 30) received.push((await client.receive())[0].toString())
    await Promise.all(sends)
    expect(received).toEqual(Array.from({length: 30}, (_, i) => String(i)))
  })

  it("close() rejects a pending receive with EBADF, Context.close() with ETERM", async () => {
    const client = use(new Client())
    const pending = client.receive()
    client.close()
    await expect(pending).rejects.toMatchObject({code: "EBADF"})

    const context = new Context()
    const server = new Server({context, linger: 0})
    server.bindSync("inproc://terminated")
    const waiting = server.receive()
    context.close()
    await expect(waiting).rejects.toMatchObject({code: "ETERM"})
    expect(server.closed).toBe(true)
  })

  it("a Poller reports a thread-safe socket readable without taking its message", async () => {
    const server = use(new Server())
    const client = use(new Client())
    client.connect(await bound(server, "tcp"))
    const poller = new Poller<Server>().add(server, "readable")
    const ready = poller.wait()
    await client.send("polled")
    expect((await ready).map(({socket, readable}) => [socket, readable])).toEqual([[server, true]])
    expect((await server.receive())[0].toString()).toBe("polled")
  })
})

describe("thread-safe sockets and the event loop (child processes)", () => {
  it("no busy loop while messages wait unread: the poller's signal is drained", async () => {
    // Each message sets the signal again; unless it is taken, the
    // level-triggered uv_poll would wake the loop on every iteration.
    const result = await runChild(`
      ${measureIdleSource}
      const server = new zmq.Server({linger: 0})
      server.bindSync("tcp://127.0.0.1:*")
      const client = new zmq.Client({linger: 0})
      client.connect(server.lastEndpoint)
      client.send("first").then(() => server.receive()).then(async ([, {routingId}]) => {
        for (let i = 0; i < 20; i++) await server.send("unread " + i, {routingId})
        measureIdle(() => { client.close(); server.close() })
      })
    `, {entry: draftEntry})
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(JSON.parse(result.stdout).utilization).toBeLessThan(0.5)
  })

  it("no busy loop while a Server's send waits for a client at its high-water mark", async () => {
    // The Server stays writable by ZMQ_EVENTS throughout: only the send's
    // EAGAIN says otherwise, and that must keep it waiting for the signal.
    const result = await runChild(`
      ${measureIdleSource}
      const server = new zmq.Server({linger: 0, sendHighWaterMark: 1})
      server.bindSync("inproc://blocked-server")
      const client = new zmq.Client({linger: 0, receiveHighWaterMark: 1})
      client.connect("inproc://blocked-server")
      client.send("hello").then(() => server.receive()).then(([, {routingId}]) => {
        const sends = Array.from({length: 10}, (_, n) => server.send(String(n), {routingId}))
        measureIdle(async () => {
          for (let n = 0; n < 10; n++) await client.receive()
          await Promise.all(sends)
          console.log("all sent")
          client.close()
          server.close()
        })
      })
    `, {entry: draftEntry})
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    const [utilization, done] = result.stdout.trim().split("\n")
    expect(JSON.parse(utilization!).utilization).toBeLessThan(0.5)
    expect(done).toBe("all sent")
  })

  it("no busy loop while a receive waits on an idle socket", async () => {
    const result = await runChild(`
      ${measureIdleSource}
      const dish = new zmq.Dish({linger: 0})
      dish.bindSync("inproc://idle-dish")
      dish.join("nothing")
      const pending = dish.receive().catch(error => console.log(error.code))
      measureIdle(() => dish.close())
    `, {entry: draftEntry})
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    const [utilization, code] = result.stdout.trim().split("\n")
    expect(JSON.parse(utilization!).utilization).toBeLessThan(0.5)
    expect(code).toBe("EBADF")
  })

  it("idle sockets do not keep the process alive", async () => {
    const result = await runChild(`
      const server = new zmq.Server()
      server.bindSync("tcp://127.0.0.1:*")
      const client = new zmq.Client()
      client.connect(server.lastEndpoint)
      const peer = new zmq.Peer()
      peer.connectPeer(server.lastEndpoint.replace(/:\\d+$/, ":1"))
      console.log("ready")
    `, {entry: draftEntry})
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: "", stdout: "ready\n"})
  })

  it("a pending receive keeps the process alive; after unref() it does not", async () => {
    const source = (unref: boolean) => `
      const client = new zmq.Client()
      client.connect("tcp://127.0.0.1:1")
      ${unref ? "client.unref()" : ""}
      client.receive()
      console.log("waiting")
    `
    const held = await runChild(source(false), {entry: draftEntry, timeoutMs: 1000})
    expect(held).toMatchObject({timedOut: true, stdout: "waiting\n"})
    const released = await runChild(source(true), {entry: draftEntry})
    expect(released).toMatchObject({code: 0, signal: null, timedOut: false, stderr: "", stdout: "waiting\n"})
  })
})
