/**
 * DEALER/ROUTER against each foreign peer: two dealers with explicit binary
 * routing ids (NUL bytes included, one starting with NUL) talk to one router;
 * the router sees the ids exactly and its replies reach the right dealer.
 * zmq-napi sets the ids when its dealers face the peer's router, the peer
 * sets them when its dealers face zmq-napi's router.
 */
import {expect} from "vitest"
import * as zmq from "../../lib/index"
import {ANY_PORT, hex, interop, type PeerProcess, startPeer} from "./support"

const ids = {one: Buffer.from([0x00, 0x01, 0x00]), two: Buffer.from([0x41, 0x00, 0xff, 0x00, 0x42])}
const names = ["one", "two"] as const

interop("dealer-router", async ({peer, role, use}) => {
  if (role === "zmq-napi binds") {
    const router = use(new zmq.Router({mandatory: true, routingId: Buffer.from([0x00, 0x52])}))
    await router.bind(ANY_PORT)
    const dealers: Record<string, PeerProcess> = {}
    for (const name of names) {
      dealers[name] = (await startPeer(peer, "dealer", "connect", router.lastEndpoint!, {id: hex(ids[name])})).process
    }
    for (const name of names) await dealers[name]!.send([Buffer.from(`hello from ${name}`)])
    const seen: Record<string, string> = {}
    for (const _ of names) {
      const [id, payload, ...rest] = await router.receive()
      expect(rest).toEqual([])
      seen[payload!.toString()] = hex(id!)
    }
    expect(seen).toEqual({"hello from one": hex(ids.one), "hello from two": hex(ids.two)})
    // Reply in the other order, so that arrival order cannot explain the routing.
    await router.send([ids.two, Buffer.from("for two"), Buffer.alloc(0)])
    await router.send([ids.one, Buffer.from("for one"), Buffer.from([0])])
    expect(await dealers.one!.receive()).toEqual([Buffer.from("for one"), Buffer.from([0])])
    expect(await dealers.two!.receive()).toEqual([Buffer.from("for two"), Buffer.alloc(0)])
  } else {
    const {process: router, endpoint} = await startPeer(peer, "router", "bind", ANY_PORT, {id: "00ff52"})
    const dealers = Object.fromEntries(names.map(name => [name, use(new zmq.Dealer({routingId: ids[name]}))]))
    for (const name of names) {
      dealers[name]!.connect(endpoint)
      await dealers[name]!.send(Buffer.from(`hello from ${name}`))
    }
    const seen: Record<string, string> = {}
    for (const _ of names) {
      const message = await router.receive()
      expect(message, "the peer router's receive timed out").not.toBeNull()
      const [id, payload, ...rest] = message!
      expect(rest).toEqual([])
      seen[payload!.toString()] = hex(id!)
    }
    expect(seen).toEqual({"hello from one": hex(ids.one), "hello from two": hex(ids.two)})
    await router.send([ids.two, Buffer.from("for two"), Buffer.alloc(0)])
    await router.send([ids.one, Buffer.from("for one"), Buffer.from([0])])
    expect(await dealers.one!.receive()).toEqual([Buffer.from("for one"), Buffer.from([0])])
    expect(await dealers.two!.receive()).toEqual([Buffer.from("for two"), Buffer.alloc(0)])
  }
})
