/**
 * Every socket pair a proxy is used with, over tcp and inproc: traffic flows
 * both ways the pair carries, pause() holds it and resume() releases it,
 * statistics() counts exactly what went through, terminate() ends run() and
 * closes the sockets, and the capture socket gets every forwarded message and
 * every command, in order, frame by frame.
 */
import * as net from "node:net"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, type Transport} from "../../helpers"
import {socketScope, texts} from "../patterns/support"
import {type Captured, captureSockets, expectCaptured, statisticsOf, steer, type Traffic} from "./support"

type Use = ReturnType<typeof socketScope>

/** One round: its first message is sent; `finish()` sees it through and returns the traffic that followed. */
interface Round {
  traffic: Traffic
  finish(): Promise<Traffic[]>
}

interface Peers {
  /** Traffic the running proxy forwards before the first round (subscriptions). */
  ready?(): Promise<Traffic[]>
  round(n: number): Promise<Round>
}

interface Scenario {
  name: string
  sockets(): [zmq.Socket, zmq.Socket]
  /** Connects the outside peers to the proxy's front-end and back-end addresses (before run()). */
  peers(use: Use, front: string, back: string): Peers
}

const forward = (...frames: string[]): Traffic => ({direction: "forward", frames})
const backward = (...frames: string[]): Traffic => ({direction: "backward", frames})

const scenarios: Scenario[] = [
  {
    name: "ROUTER/DEALER (request-reply broker)",
    sockets: () => [new zmq.Router(), new zmq.Dealer()],
    peers(use, front, back) {
      const client = use(new zmq.Request({routingId: "client"}))
      const worker = use(new zmq.Reply())
      client.connect(front)
      worker.connect(back)
      return {
        async round(n) {
          await client.send(`ping ${n}`)
          return {
            traffic: forward("client", "", `ping ${n}`),
            async finish() {
              expect(texts(await worker.receive())).toEqual([`ping ${n}`])
              await worker.send(`pong ${n}`)
              expect(texts(await client.receive())).toEqual([`pong ${n}`])
              return [backward("client", "", `pong ${n}`)]
            },
          }
        },
      }
    },
  },
  {
    name: "DEALER/ROUTER (workers behind the back-end call out)",
    sockets: () => [new zmq.Dealer(), new zmq.Router()],
    peers(use, front, back) {
      const outside = use(new zmq.Router())
      const worker = use(new zmq.Dealer({routingId: "worker"}))
      outside.connect(front)
      worker.connect(back)
      return {
        async round(n) {
          await worker.send(`job ${n}`)
          return {
            traffic: backward("worker", `job ${n}`),
            async finish() {
              const [dealer, ...rest] = await outside.receive()
              expect(texts(rest)).toEqual(["worker", `job ${n}`])
              await outside.send([dealer!, "worker", `done ${n}`])
              expect(texts(await worker.receive())).toEqual([`done ${n}`])
              return [forward("worker", `done ${n}`)]
            },
          }
        },
      }
    },
  },
  {
    name: "XSUB/XPUB (publishers at the front-end, subscriptions upstream)",
    sockets: () => [new zmq.XSubscriber(), new zmq.XPublisher()],
    peers(use, front, back) {
      const publisher = use(new zmq.XPublisher())
      const subscriber = use(new zmq.Subscriber())
      publisher.connect(front)
      subscriber.connect(back)
      return {
        async ready() {
          subscriber.subscribe("news")
          expect(texts(await publisher.receive())).toEqual(["\x01news"])
          return [backward("\x01news")]
        },
        async round(n) {
          await publisher.send(["news", `item ${n}`])
          return {
            traffic: forward("news", `item ${n}`),
            async finish() {
              expect(texts(await subscriber.receive())).toEqual(["news", `item ${n}`])
              return []
            },
          }
        },
      }
    },
  },
  {
    name: "XPUB/XSUB (subscribers at the front-end, publishers at the back-end)",
    sockets: () => [new zmq.XPublisher(), new zmq.XSubscriber()],
    peers(use, front, back) {
      const subscriber = use(new zmq.Subscriber())
      const publisher = use(new zmq.XPublisher())
      subscriber.connect(front)
      publisher.connect(back)
      return {
        async ready() {
          subscriber.subscribe("weather")
          expect(texts(await publisher.receive())).toEqual(["\x01weather"])
          return [forward("\x01weather")]
        },
        async round(n) {
          await publisher.send(["weather", `report ${n}`, "more"])
          return {
            traffic: backward("weather", `report ${n}`, "more"),
            async finish() {
              expect(texts(await subscriber.receive())).toEqual(["weather", `report ${n}`, "more"])
              return []
            },
          }
        },
      }
    },
  },
  {
    name: "PULL/PUSH (pipeline streamer)",
    sockets: () => [new zmq.Pull(), new zmq.Push()],
    peers(use, front, back) {
      const producer = use(new zmq.Push())
      const consumer = use(new zmq.Pull())
      producer.connect(front)
      consumer.connect(back)
      return {
        async round(n) {
          await producer.send(["task", `${n}`])
          return {
            traffic: forward("task", `${n}`),
            async finish() {
              expect(texts(await consumer.receive())).toEqual(["task", `${n}`])
              return []
            },
          }
        },
      }
    },
  },
  {
    name: "PUSH/PULL (streamer, back-end to front-end)",
    sockets: () => [new zmq.Push(), new zmq.Pull()],
    peers(use, front, back) {
      const consumer = use(new zmq.Pull())
      const producer = use(new zmq.Push())
      consumer.connect(front)
      producer.connect(back)
      return {
        async round(n) {
          await producer.send(`result ${n}`)
          return {
            traffic: backward(`result ${n}`),
            async finish() {
              expect(texts(await consumer.receive())).toEqual([`result ${n}`])
              return []
            },
          }
        },
      }
    },
  },
  {
    name: "PAIR/PAIR",
    sockets: () => [new zmq.Pair(), new zmq.Pair()],
    peers(use, front, back) {
      const left = use(new zmq.Pair())
      const right = use(new zmq.Pair())
      left.connect(front)
      right.connect(back)
      return {
        async round(n) {
          await left.send(["hi", `${n}`])
          return {
            traffic: forward("hi", `${n}`),
            async finish() {
              expect(texts(await right.receive())).toEqual(["hi", `${n}`])
              await right.send(`hey ${n}`)
              expect(texts(await left.receive())).toEqual([`hey ${n}`])
              return [backward(`hey ${n}`)]
            },
          }
        },
      }
    },
  },
]

const proxyTransports: Transport[] = ["tcp", "inproc"]

describe.each(proxyTransports)("proxies over %s", transport => {
  const use = socketScope()

  describe.each(scenarios)("$name", scenario => {
    it("forwards, pauses, resumes, counts, captures and terminates", async () => {
      const [frontEnd, backEnd] = scenario.sockets().map(use) as [zmq.Socket, zmq.Socket]
      const {capture, reader} = await captureSockets(use)
      const proxy = new zmq.Proxy(frontEnd, backEnd, {capture})
      const peers = scenario.peers(use, await bound(frontEnd, transport), await bound(backEnd, transport))
      const log: Captured[] = []
      const control = steer(proxy, log)

      const running = proxy.run()
      if (peers.ready) log.push(...await peers.ready())
      const first = await peers.round(1)
      log.push(first.traffic, ...await first.finish())
      const before = await control.statistics()
      expect(before).toEqual(statisticsOf(log))

      // Paused, a message that reached the proxy stays where it is. Over
      // inproc the message is in the front-end's queue once send() resolved;
      // an unpaused proxy would forward it right after answering the first
      // STATISTICS, so the second would count it.
      control.pause()
      const held = await peers.round(2)
      expect(await control.statistics()).toEqual(before)
      expect(await control.statistics()).toEqual(before)
      control.resume()
      log.push(held.traffic, ...await held.finish())

      const third = await peers.round(3)
      log.push(third.traffic, ...await third.finish())
      const after = await control.statistics()
      expect(after).toEqual(statisticsOf(log))
      expect(after.frontEnd.messagesIn + after.backEnd.messagesIn).toBe(log.filter(entry => "direction" in entry).length)

      control.terminate()
      await expect(running).resolves.toBeUndefined()
      expect([frontEnd.closed, backEnd.closed, capture.closed]).toEqual([true, true, true])
      await expectCaptured(reader, log)
    })
  })
})

describe("STREAM/DEALER (raw TCP clients to ZeroMQ workers)", () => {
  const use = socketScope()

  it("forwards the connection notice and the bytes both ways, and captures them", async () => {
    const frontEnd = use(new zmq.Stream())
    const backEnd = use(new zmq.Dealer())
    const {capture, reader} = await captureSockets(use)
    const proxy = new zmq.Proxy(frontEnd, backEnd, {capture})
    const front = await bound(frontEnd, "tcp")
    const worker = use(new zmq.Dealer())
    worker.connect(await bound(backEnd, "tcp"))
    const running = proxy.run()

    const port = Number(new URL(front).port)
    const client = net.connect(port, "127.0.0.1")
    const replies: Buffer[] = []
    client.on("data", chunk => replies.push(chunk))
    const closed = new Promise(resolve => client.on("close", resolve))

    // A STREAM socket announces a new connection with an empty frame.
    const [id, notice] = await worker.receive()
    expect(notice!.length).toBe(0)
    client.write("hello")
    let received = ""
    while (received.length < 5) {
      const [from, data] = await worker.receive()
      expect(from).toEqual(id)
      received += data!.toString()
    }
    expect(received).toBe("hello")
    await worker.send([id!, "echo: hello"])
    while (Buffer.concat(replies).toString() !== "echo: hello") await new Promise(resolve => client.once("data", resolve))

    const statistics = await proxy.statistics()
    proxy.terminate()
    await running
    client.destroy()
    await closed

    // Captured: the notice, the bytes (however TCP cut them), the reply, then the commands.
    const captured: string[][] = []
    for (;;) {
      const message = (await reader.receive()).map(frame => frame.toString("latin1"))
      captured.push(message)
      if (message[0] === "TERMINATE") break
    }
    const idText = id!.toString("latin1")
    expect(captured[0]).toEqual([idText, ""])
    expect(captured.at(-3)).toEqual([idText, "echo: hello"])
    expect(captured.slice(-2)).toEqual([["STATISTICS"], ["TERMINATE"]])
    const bytes = captured.slice(1, -3)
    expect(bytes.every(([from]) => from === idText)).toBe(true)
    expect(bytes.map(([, data]) => data).join("")).toBe("hello")
    expect(statistics).toEqual({
      frontEnd: {messagesIn: 1 + bytes.length, bytesIn: (1 + bytes.length) * id!.length + 5, messagesOut: 1, bytesOut: id!.length + 11},
      backEnd: {messagesIn: 1, bytesIn: id!.length + 11, messagesOut: 1 + bytes.length, bytesOut: (1 + bytes.length) * id!.length + 5},
    })
  })
})
