/**
 * zmq-napi's Authenticator guarding a zmq-napi Reply server against foreign
 * clients: by PLAIN user and password, by CURVE client key, and by address.
 * In each test a refused client (DEALER) comes first: the server reports
 * handshake:error:auth with status 400 and the client's receive times out (it
 * sees nothing); then an allowed client (REQ) gets its request answered.
 * The refused client sends nothing: once its handshake has failed it has no
 * connection to queue a message on, and the peers' sends block then.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../lib/index"
import {until} from "../unit/observer/support"
import {ANY_PORT, digest, limitation, type Peer, PeerProcess, peerKeyPair, peers, QUIET_MS, startPeer} from "./support"

const message = [Buffer.from("let me in"), Buffer.from([0, 1, 2, 255])]
/** Peers over libzmq, whose connect takes a source address ("tcp://127.0.0.2:0;127.0.0.1:port"). */
const libzmqPeers = new Set(["c", "pyzmq", "pebbe"])

/** A Reply server with `options`, its observer, and cleanup of everything the test starts. */
async function guarded(options: ConstructorParameters<typeof zmq.Reply>[0], configure: (auth: zmq.Authenticator) => void) {
  const auth = new zmq.Authenticator()
  configure(auth)
  auth.start()
  const reply = new zmq.Reply({linger: 0, ...options})
  const events = reply.events
  await reply.bind(ANY_PORT)
  const processes: PeerProcess[] = []
  return {
    reply, events, address: reply.lastEndpoint!, processes,
    async close() {
      await Promise.all(processes.map(p => p.kill()))
      reply.close()
      auth.stop()
    },
  }
}

type Guarded = Awaited<ReturnType<typeof guarded>>

const peerArgs = (options: Record<string, string>) => Object.entries(options).map(([name, value]) => `${name}=${value}`)

/** A foreign client is refused: 400 on our side, nothing for it. */
async function expectRefused(server: Guarded, peer: Peer, endpoint: string, options: Record<string, string>) {
  const dealer = new PeerProcess(peer, ["dealer", "connect", endpoint, ...peerArgs(options), `rcvtimeo=${QUIET_MS}`])
  server.processes.push(dealer)
  const denial = until(server.events, "handshake:error:auth")
  // libzmq-based peers and JeroMQ connect in the background; go-zeromq
  // handshakes inside Dial and reports the refusal there.
  const started = await dealer.next()
  expect((await denial).event.error.status).toBe(400)
  if (started.startsWith("READY ")) expect(await dealer.receive()).toBeNull()
  else expect(started).toMatch(/^ERR connect/)
  await dealer.kill()
}

/** A foreign REQ client gets through: the first request the server receives is its own. */
async function expectAccepted(server: Guarded, peer: Peer, options: Record<string, string>) {
  const {process: req} = await startPeer(peer, "req", "connect", server.address, options)
  server.processes.push(req)
  await req.send(message)
  expect(digest(await server.reply.receive())).toEqual(digest(message))
  await server.reply.send(message)
  expect(digest(await req.receive())).toEqual(digest(message))
}

describe("Authenticator against foreign clients", () => {
  for (const peer of peers) {
    describe(peer.id, () => {
      it("PLAIN: a wrong password is refused, the right one accepted", async () => {
        const server = await guarded({plainServer: true}, auth => auth.configurePlain("*", {admin: "secret"}))
        try {
          await expectRefused(server, peer, server.address, {plain_user: "admin", plain_pass: "wrong"})
          await expectAccepted(server, peer, {plain_user: "admin", plain_pass: "secret"})
        } finally {
          await server.close()
        }
      }, 30_000)

      if (!limitation(peer.id, "curve", "zmq-napi binds", "unsupported")) {
        it("CURVE: an unknown client key is refused, a listed one (made by the peer's library) accepted", async () => {
          const serverKeys = zmq.curveKeyPair()
          const known = await peerKeyPair(peer)
          const stranger = await peerKeyPair(peer)
          const server = await guarded({curveServer: true, curveSecretKey: serverKeys.secretKey},
            auth => auth.configureCurve("*", [known.publicKey]))
          const as = (keys: {publicKey: string; secretKey: string}) =>
            ({curve_serverkey: serverKeys.publicKey, curve_public: keys.publicKey, curve_secret: keys.secretKey})
          try {
            await expectRefused(server, peer, server.address, as(stranger))
            await expectAccepted(server, peer, as(known))
          } finally {
            await server.close()
          }
        }, 30_000)
      }

      if (libzmqPeers.has(peer.id)) {
        it("NULL: a denied address is refused, another accepted", async () => {
          const server = await guarded({zapDomain: "global"}, auth => auth.deny("127.0.0.2"))
          try {
            await expectRefused(server, peer, server.address.replace("tcp://", "tcp://127.0.0.2:0;"), {})
            await expectAccepted(server, peer, {})
          } finally {
            await server.close()
          }
        }, 30_000)
      }
    })
  }
})
