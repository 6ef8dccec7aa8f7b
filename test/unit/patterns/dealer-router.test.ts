import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {socketScope, texts} from "./support"

// Binary routing ids with NUL bytes, including a leading one.
const idA = Buffer.from([0, 1, 0, 2])
const idB = Buffer.from([0, 1, 0, 3])

describe.each(transports)("dealer/router over %s", transport => {
  const use = socketScope()

  it("sees each dealer's binary routing id and replies to the right one", async () => {
    const router = use(new zmq.Router({mandatory: true}))
    const address = await bound(router, transport)
    const dealerA = use(new zmq.Dealer({routingId: idA}))
    const dealerB = use(new zmq.Dealer({routingId: idB}))
    // Read back as text (as zeromq reads it), with every byte.
    expect(Buffer.from(dealerA.routingId!)).toEqual(idA)
    dealerA.connect(address)
    dealerB.connect(address)

    await dealerA.send(["hello", "from A"])
    const fromA = await router.receive()
    expect(fromA[0]).toEqual(idA)
    expect(texts(fromA.slice(1))).toEqual(["hello", "from A"])

    await dealerB.send(["hello", "from B"])
    const fromB = await router.receive()
    expect(fromB[0]).toEqual(idB)
    expect(texts(fromB.slice(1))).toEqual(["hello", "from B"])

    await router.send([idB, "for B", Buffer.from([0])])
    await router.send([idA, "for A"])
    const toA = await dealerA.receive()
    const toB = await dealerB.receive()
    expect(texts(toA)).toEqual(["for A"])
    expect(toB).toEqual([Buffer.from("for B"), Buffer.from([0])])
  })

  it("refuses an unknown routing id when mandatory", async () => {
    const router = use(new zmq.Router({mandatory: true}))
    await bound(router, transport)
    await expect(router.send([Buffer.from([0, 9]), "nobody"])).rejects.toMatchObject({code: "EHOSTUNREACH"})
  })

  it("names the peers it connects to with connect(address, {routingId})", async () => {
    const dealerA = use(new zmq.Dealer())
    const dealerB = use(new zmq.Dealer())
    const addressA = await bound(dealerA, transport)
    const addressB = await bound(dealerB, transport)
    // mandatory: a send to a name that is not registered would fail with EHOSTUNREACH.
    const router = use(new zmq.Router({mandatory: true}))
    router.connect(addressA, {routingId: idA})
    router.connect(addressB, {routingId: idB})

    // The names are usable at once, before the peers ever spoke.
    await router.send([idB, "ping B"])
    await router.send([idA, "ping A"])
    expect(texts(await dealerA.receive())).toEqual(["ping A"])
    expect(texts(await dealerB.receive())).toEqual(["ping B"])

    await dealerB.send("pong B")
    const fromB = await router.receive()
    expect(fromB[0]).toEqual(idB)
    expect(texts(fromB.slice(1))).toEqual(["pong B"])
    await dealerA.send("pong A")
    const fromA = await router.receive()
    expect(fromA[0]).toEqual(idA)
    expect(texts(fromA.slice(1))).toEqual(["pong A"])
  })
})
