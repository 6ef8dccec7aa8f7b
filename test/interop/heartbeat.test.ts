/**
 * ZMTP heartbeats against each foreign peer. zmq-napi's Router sends PINGs
 * (heartbeatInterval) and drops a connection that stays silent for
 * heartbeatTimeout; its draft routerNotify delivers [id, ""] when a peer
 * connects and when it goes, which is how the test observes both events.
 *
 * 1. While both sides run, the connection survives several timeouts: the
 *    peer answers our PINGs, and (for peers that send PINGs of their own,
 *    with the same settings) we answer theirs.
 * 2. Frozen with SIGSTOP, the peer answers nothing; the connection must be
 *    dropped within interval + timeout (plus scheduling slack).
 */
import {expect} from "vitest"
import * as zmq from "../../lib/index"
import {ANY_PORT, hex, interop, type PeerProcess, startPeer} from "./support"

const INTERVAL = 100
const TIMEOUT = 400
const ALIVE_MS = 3 * TIMEOUT
const SLACK = 1500 // a loaded 2-core CI machine; the bound is still far below any TCP timeout
const NOTIFY_CONNECT = 1
const NOTIFY_DISCONNECT = 2

const id = Buffer.from([0x00, 0x68, 0x62, 0x00])

interop("heartbeat", async ({peer, role, use}) => {
  const router = use(new zmq.Router({
    routerNotify: NOTIFY_CONNECT | NOTIFY_DISCONNECT, heartbeatInterval: INTERVAL, heartbeatTimeout: TIMEOUT,
  }))
  const peerOptions = {id: hex(id), ...(peer.heartbeatOptions ? {hb_ivl: INTERVAL, hb_timeout: TIMEOUT} : {})}
  let dealer: PeerProcess
  if (role === "zmq-napi binds") {
    await router.bind(ANY_PORT)
    dealer = (await startPeer(peer, "dealer", "connect", router.lastEndpoint!, peerOptions)).process
  } else {
    const started = await startPeer(peer, "dealer", "bind", ANY_PORT, peerOptions)
    dealer = started.process
    router.connect(started.endpoint)
  }
  expect(await router.receive(), "connect notification").toEqual([id, Buffer.alloc(0)])

  // Traffic both ways first.
  await dealer.send([Buffer.from("ping")])
  expect(await router.receive()).toEqual([id, Buffer.from("ping")])
  await router.send([id, Buffer.from("pong")])
  expect(await dealer.receive()).toEqual([Buffer.from("pong")])

  // 1. Alive: no disconnect notification for several heartbeat timeouts.
  router.receiveTimeout = ALIVE_MS
  const alive = await router.receive().then(m => `received ${m.map(f => f.toString("hex"))}`, e => e.code)
  expect(alive, "the connection must survive while the peer runs").toBe("EAGAIN")

  // 2. Frozen: dropped within interval + timeout.
  dealer.freeze()
  const frozenAt = Date.now()
  router.receiveTimeout = INTERVAL + TIMEOUT + SLACK
  expect(await router.receive(), "disconnect notification").toEqual([id, Buffer.alloc(0)])
  const elapsed = Date.now() - frozenAt
  expect(elapsed).toBeLessThanOrEqual(INTERVAL + TIMEOUT + SLACK)
  dealer.thaw()
}, 30_000)
