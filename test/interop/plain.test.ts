/**
 * PLAIN against each foreign peer. The server side runs a ZAP handler that
 * accepts only admin/secret: zmq-napi's handler (a Router at
 * inproc://zeromq.zap.01) when zmq-napi is the server, the peer's own when
 * the peer is. Right credentials carry messages both ways; wrong ones are
 * denied by the handler and nothing gets through, in either direction.
 */
import {expect} from "vitest"
import * as zmq from "../../lib/index"
import {ANY_PORT, digest, expectNothing, interop, PeerProcess, QUIET_MS, startPeer, zapHandler} from "./support"

const message = [Buffer.from("credentials ok"), Buffer.from([0, 1, 2, 255])]
const serverOptions = (zap: boolean) => ({plain_server: 1, ...(zap ? {zap: "admin:secret"} : {})})

interop("plain", async ({peer, role, use}) => {
  if (role === "zmq-napi binds") {
    const zap = await zapHandler(use, "admin", "secret")
    const reply = use(new zmq.Reply({plainServer: true}))
    await reply.bind(ANY_PORT)
    const {process: req} = await startPeer(peer, "req", "connect", reply.lastEndpoint!,
      {plain_user: "admin", plain_pass: "secret"})
    await req.send(message)
    expect(digest(await reply.receive())).toEqual(digest(message))
    await reply.send(message)
    expect(digest(await req.receive())).toEqual(digest(message))
    expect(await zap.next()).toBe("PLAIN admin 200")
  } else {
    const {process: rep, endpoint} = await startPeer(peer, "rep", "bind", ANY_PORT, serverOptions(peer.zapHandler))
    rep.command("ECHO 1")
    const request = use(new zmq.Request({plainUsername: "admin", plainPassword: "secret"}))
    request.connect(endpoint)
    await request.send(message)
    expect(digest(await request.receive())).toEqual(digest(message))
    await rep.expect("ECHOED")
    if (peer.zapHandler) expect(await rep.nextZap()).toBe("PLAIN admin 200")
  }
})

interop("plain-denied", async ({peer, role, use}) => {
  if (role === "zmq-napi binds") {
    const zap = await zapHandler(use, "admin", "secret")
    const reply = use(new zmq.Reply({plainServer: true}))
    await reply.bind(ANY_PORT)
    const req = new PeerProcess(peer, ["req", "connect", reply.lastEndpoint!,
      "plain_user=admin", "plain_pass=wrong", `rcvtimeo=${QUIET_MS}`])
    // libzmq-based peers and JeroMQ connect in the background; go-zeromq
    // handshakes inside Dial and reports the failure at once.
    const started = await req.next()
    if (started.startsWith("READY ")) {
      // Queued before the handshake ends (libzmq drops the pipe once it is denied).
      await req.send(message)
      expect(await zap.next()).toBe("PLAIN admin 400")
      const [nothingHere, nothingThere] = await Promise.all([expectNothing(reply), req.receive()])
      expect(nothingHere).toBeUndefined()
      expect(nothingThere).toBeNull()
    } else {
      expect(started).toMatch(/^ERR connect/)
      expect(await zap.next()).toBe("PLAIN admin 400")
      await expectNothing(reply)
    }
  } else {
    const {process: rep, endpoint} = await startPeer(peer, "rep", "bind", ANY_PORT,
      {...serverOptions(true), rcvtimeo: QUIET_MS})
    const request = use(new zmq.Request({plainUsername: "admin", plainPassword: "wrong"}))
    request.connect(endpoint)
    // Queued before the handshake ends (libzmq drops the pipe once it is denied).
    await request.send(message)
    expect(await rep.nextZap()).toBe("PLAIN admin 400")
    const [nothingHere, nothingThere] = await Promise.all([expectNothing(request), rep.receive()])
    expect(nothingHere).toBeUndefined()
    expect(nothingThere).toBeNull()
  }
})
