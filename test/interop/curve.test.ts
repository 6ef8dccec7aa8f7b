/**
 * CURVE against each foreign peer, with keys made on the other side:
 * - zmq-napi binds: the server key pair comes from the peer's library and
 *   zmq-napi uses it as 32-byte Buffers; the client key pair comes from
 *   zmq-napi and the peer gets it as 32 raw bytes (server key as Z85).
 * - peer binds: the server key pair comes from zmq-napi and the peer gets the
 *   secret key as 32 raw bytes (public key as Z85); the client key pair comes
 *   from the peer's library and zmq-napi uses it as Z85 strings.
 * A client holding the wrong server key gets nothing through either way.
 */
import {expect} from "vitest"
import * as zmq from "../../lib/index"
import {ANY_PORT, digest, expectNothing, hex, interop, peerKeyPair, QUIET_MS, startPeer} from "./support"

const message = [Buffer.from("encrypted"), Buffer.alloc(0), Buffer.from(Array.from({length: 256}, (_, i) => i))]
const raw = (z85: string) => hex(zmq.z85Decode(z85)) // 64 hex digits: the peer sets 32 bytes
/**
 * A key as 32 bytes for a zmq-napi option. libzmq and zmq-napi accept that at
 * run time; the option types (like zeromq v6's) only declare the Z85 string.
 */
const bytes = (z85: string) => zmq.z85Decode(z85) as unknown as string

interop("curve", async ({peer, role, use}) => {
  if (role === "zmq-napi binds") {
    const server = await peerKeyPair(peer)
    const client = zmq.curveKeyPair()
    const reply = use(new zmq.Reply({
      curveServer: true, curvePublicKey: bytes(server.publicKey), curveSecretKey: bytes(server.secretKey),
    }))
    await reply.bind(ANY_PORT)
    const {process: req} = await startPeer(peer, "req", "connect", reply.lastEndpoint!, {
      curve_serverkey: server.publicKey, curve_public: raw(client.publicKey), curve_secret: raw(client.secretKey),
    })
    await req.send(message)
    expect(digest(await reply.receive())).toEqual(digest(message))
    expect(reply.securityMechanism).toBe("curve")
    await reply.send(message)
    expect(digest(await req.receive())).toEqual(digest(message))
  } else {
    const server = zmq.curveKeyPair()
    const client = await peerKeyPair(peer)
    const {process: rep, endpoint} = await startPeer(peer, "rep", "bind", ANY_PORT, {
      curve_server: 1, curve_public: server.publicKey, curve_secret: raw(server.secretKey),
    })
    rep.command("ECHO 1")
    const request = use(new zmq.Request({
      curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey,
    }))
    request.connect(endpoint)
    await request.send(message)
    expect(digest(await request.receive())).toEqual(digest(message))
    await rep.expect("ECHOED")
  }
})

interop("curve-wrong-key", async ({peer, role, use}) => {
  const wrong = zmq.curveKeyPair().publicKey
  if (role === "zmq-napi binds") {
    const server = zmq.curveKeyPair()
    const client = await peerKeyPair(peer)
    const reply = use(new zmq.Reply({curveServer: true, curvePublicKey: server.publicKey, curveSecretKey: server.secretKey}))
    await reply.bind(ANY_PORT)
    const {process: req} = await startPeer(peer, "req", "connect", reply.lastEndpoint!, {
      curve_serverkey: wrong, curve_public: client.publicKey, curve_secret: client.secretKey, rcvtimeo: QUIET_MS,
    })
    await req.send(message) // queued before the handshake fails
    const [nothingHere, nothingThere] = await Promise.all([expectNothing(reply), req.receive()])
    expect(nothingHere).toBeUndefined()
    expect(nothingThere).toBeNull()
  } else {
    const server = await peerKeyPair(peer)
    const client = zmq.curveKeyPair()
    const {process: rep, endpoint} = await startPeer(peer, "rep", "bind", ANY_PORT, {
      curve_server: 1, curve_public: server.publicKey, curve_secret: server.secretKey, rcvtimeo: QUIET_MS,
    })
    const request = use(new zmq.Request({
      curveServerKey: wrong, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey,
    }))
    request.connect(endpoint)
    await request.send(message) // queued before the handshake fails
    const [nothingHere, nothingThere] = await Promise.all([expectNothing(request), rep.receive()])
    expect(nothingHere).toBeUndefined()
    expect(nothingThere).toBeNull()
  }
})
