import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress, bound, type Transport, transports} from "../../helpers"
import {freeTcpPort, socketScope, texts} from "./support"

/** An address nothing is bound to yet. */
async function unboundAddress(transport: Transport): Promise<string> {
  return transport === "tcp" ? `tcp://127.0.0.1:${await freeTcpPort()}` : bindAddress(transport)
}

describe.each(transports)("endpoints over %s", transport => {
  const use = socketScope()

  it("a Pull connected before the Push binds receives once it binds", async () => {
    const address = await unboundAddress(transport)
    const pull = use(new zmq.Pull())
    pull.connect(address)
    const push = use(new zmq.Push())
    await push.bind(address)
    await push.send("after bind")
    expect(texts(await pull.receive())).toEqual(["after bind"])
  })

  it("a message sent before the peer binds is delivered once it does", async () => {
    const address = await unboundAddress(transport)
    const push = use(new zmq.Push())
    push.connect(address)
    // A connecting socket queues for its peer-to-be.
    await push.send(["queued", "early"])
    const pull = use(new zmq.Pull())
    await pull.bind(address)
    expect(texts(await pull.receive())).toEqual(["queued", "early"])
  })

  it("one socket bound to two endpoints receives through both", async () => {
    const pull = use(new zmq.Pull())
    const first = await bound(pull, transport)
    const second = await bound(pull, transport)
    expect(second).not.toBe(first)
    expect(pull.lastEndpoint).toBe(second)

    const viaFirst = use(new zmq.Push())
    const viaSecond = use(new zmq.Push())
    viaFirst.connect(first)
    viaSecond.connect(second)
    await viaFirst.send("via first")
    await viaSecond.send("via second")
    const received = [texts(await pull.receive())[0], texts(await pull.receive())[0]]
    expect(received.sort()).toEqual(["via first", "via second"])
  })
})

describe("endpoints over several transports", () => {
  const use = socketScope()

  it("one socket bound over tcp, ipc and inproc at once receives through each", async () => {
    const pull = use(new zmq.Pull())
    const addresses: string[] = []
    for (const transport of transports) addresses.push(await bound(pull, transport))
    expect(addresses.map(address => address.split(":")[0])).toEqual(["tcp", "ipc", "inproc"])

    for (const [index, address] of addresses.entries()) {
      const push = use(new zmq.Push())
      push.connect(address)
      await push.send(`via ${address}`)
      expect(texts(await pull.receive())).toEqual([`via ${addresses[index]}`])
    }
  })

  it("after unbind, an inproc name is free to bind again", async () => {
    // inproc unbinds synchronously; tcp/ipc listeners close in the background.
    const first = use(new zmq.Pull())
    const address = await bound(first, "inproc")
    await first.unbind(address)
    const second = use(new zmq.Pull())
    await second.bind(address)
    const push = use(new zmq.Push())
    push.connect(address)
    await push.send("to the second")
    expect(texts(await second.receive())).toEqual(["to the second"])
  })
})
