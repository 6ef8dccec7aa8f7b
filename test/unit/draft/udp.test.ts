/**
 * The draft sockets that speak udp://: Radio/Dish and Datagram.
 *
 * UDP has no handshake, so nothing tells the sender that the receiver's port
 * is open; a datagram sent earlier would be lost. These tests rely on how
 * libzmq sets UDP up instead: bind and connect each queue a command for the
 * context's I/O thread (one, by default), which opens the UDP socket when it
 * processes it, in order. The receiving socket binds first, so its port is
 * open before the sender's UDP socket exists, and the sender's messages wait
 * in its pipe until then. Over loopback nothing is dropped.
 */
import {describe, expect, it} from "vitest"
import {Datagram, Dish, Radio} from "../../../lib/draft"
import {socketScope} from "../patterns/support"
import {freeUdpPort} from "./support"

describe("udp://", () => {
  const use = socketScope()

  it("Radio/Dish: the dish keeps the groups it joined, in order, with their group", async () => {
    const port = await freeUdpPort()
    const dish = use(new Dish())
    dish.bind(`udp://127.0.0.1:${port}`)
    dish.join("weather", "news")
    const radio = use(new Radio())
    radio.connect(`udp://127.0.0.1:${port}`)

    const sent = [["sports", "goal"], ["weather", "rain"], ["news", "vote"], ["sports", "save"], ["weather", "sun"]]
    for (const [group, text] of sent) await radio.send(text!, {group: group!})
    const received: string[] = []
    for (let n = 0; n < 3; n++) {
      const [frame, {group}] = await dish.receive()
      received.push(`${group}:${frame}`)
    }
    expect(received).toEqual(["weather:rain", "news:vote", "weather:sun"])
  })

  it("Datagram: [address, data] both ways, the address naming the other side", async () => {
    // libzmq (4.3.4, as 4.3.5 under `zeromq` v6) ends a received address with
    // its C string's NUL; sent back as it is, it addresses the sender.
    const [portA, portB] = [await freeUdpPort(), await freeUdpPort()]
    const a = use(new Datagram())
    a.bind(`udp://127.0.0.1:${portA}`)
    const b = use(new Datagram())
    b.bind(`udp://127.0.0.1:${portB}`)

    await b.send([`127.0.0.1:${portA}`, "ping"])
    const [from, data] = await a.receive()
    expect([from.toString(), data.toString()]).toEqual([`127.0.0.1:${portB}\0`, "ping"])
    await a.send([from, "pong"])
    const [replyFrom, reply] = await b.receive()
    expect([replyFrom.toString(), reply.toString()]).toEqual([`127.0.0.1:${portA}\0`, "pong"])
  })

  it("Datagram: a message that is not [address, data] is refused by libzmq", async () => {
    const port = await freeUdpPort()
    const socket = use(new Datagram())
    socket.bind(`udp://127.0.0.1:${port}`)
    await expect(socket.send("no address")).rejects.toMatchObject({code: "EINVAL"})
  })
})
