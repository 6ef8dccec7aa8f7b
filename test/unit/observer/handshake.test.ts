/**
 * Handshake events, produced for real: CURVE with a ZAP handler that refuses
 * the client, CURVE with a wrong server key, a hand-made server that answers
 * with a ZMTP ERROR, and raw `net` clients that send what ZMTP does not allow.
 * What libzmq 4.3.4 reports for each is written down here:
 *
 * - A wrong server key is not an authentication failure: the server cannot
 *   open the client's HELLO (ERR_ZMTP_CRYPTOGRAPHIC, a protocol error) and
 *   drops the connection without an ERROR, so the client only sees the
 *   connection end during the handshake (`handshake:error:other`, EPIPE).
 * - `handshake:error:auth` comes from a ZAP status other than 200, on the
 *   server, and from the ERROR command carrying that status, on the client.
 *   Without a ZAP handler a CURVE server accepts any client that knows its
 *   key, but a peer's ERROR "400" alone makes the client report it.
 */
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {socketScope} from "../patterns/support"
import {command, greeting, rawClient, rawServer, until, zapHandler} from "./support"

const use = socketScope()

/** A CURVE client's options: its own fresh key pair, and the server's public key. */
function curveClient(serverKey: string) {
  const {publicKey, secretKey} = zmq.curveKeyPair()
  return {curveServerKey: serverKey, curvePublicKey: publicKey, curveSecretKey: secretKey}
}

let context: zmq.Context | undefined
afterEach(() => {
  context?.close()
  context = undefined
})

describe("handshake events", () => {
  it("capability.curve is on in this build (the CURVE cases below need it)", () => {
    expect(zmq.capability.curve).toBe(true)
  })

  it("handshake on both sides when the CURVE keys match", async () => {
    const server = zmq.curveKeyPair()
    const pull = use(new zmq.Pull({curveServer: true, curveSecretKey: server.secretKey}))
    const serverEvents = pull.events
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    const push = use(new zmq.Push(curveClient(server.publicKey)))
    const clientEvents = push.events
    push.connect(address)
    expect((await until(serverEvents, "handshake")).event).toEqual({type: "handshake", address})
    expect((await until(clientEvents, "handshake")).event).toEqual({type: "handshake", address})
  })

  it("handshake:error:auth with status 400 on both sides when the ZAP handler refuses the CURVE client", async () => {
    context = new zmq.Context()
    await zapHandler(context, "400")
    const server = zmq.curveKeyPair()
    const pull = use(new zmq.Pull({context, curveServer: true, curveSecretKey: server.secretKey}))
    const serverEvents = pull.events
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    const push = use(new zmq.Push({context, ...curveClient(server.publicKey)}))
    const clientEvents = push.events
    push.connect(address)

    for (const events of [serverEvents, clientEvents]) {
      const {event} = await until(events, "handshake:error:auth")
      expect(event).toEqual({type: "handshake:error:auth", address, error: expect.any(Error)})
      // zeromq v6's message and `status`; `code` and `errno` added.
      expect(event.error).toMatchObject({
        message: "Authentication failure", status: 400, code: "ERR_AUTH_FAILURE", errno: 400, address,
      })
    }
  })

  it("a ZAP status 300 is a temporary error, 500 an internal one", async () => {
    for (const [status, code, message] of [[300, "ERR_AUTH_TEMPORARY", "Temporary error"],
      [500, "ERR_AUTH_INTERNAL", "Internal error"]] as const) {
      const ctx = new zmq.Context()
      try {
        await zapHandler(ctx, String(status) as "300" | "500")
        const server = zmq.curveKeyPair()
        const pull = use(new zmq.Pull({context: ctx, curveServer: true, curveSecretKey: server.secretKey}))
        const events = pull.events
        await pull.bind("tcp://127.0.0.1:*")
        use(new zmq.Push({context: ctx, ...curveClient(server.publicKey)}))
          .connect(pull.lastEndpoint!)
        const {event} = await until(events, "handshake:error:auth")
        expect(event.error).toMatchObject({status, code, errno: status, message})
      } finally {
        ctx.close()
      }
    }
  })

  it("a wrong CURVE server key: ERR_ZMTP_CRYPTOGRAPHIC on the server, handshake:error:other on the client", async () => {
    const server = zmq.curveKeyPair()
    const pull = use(new zmq.Pull({curveServer: true, curveSecretKey: server.secretKey}))
    const serverEvents = pull.events
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    const push = use(new zmq.Push(curveClient(zmq.curveKeyPair().publicKey)))
    const clientEvents = push.events
    push.connect(address)

    const {event: protocol} = await until(serverEvents, "handshake:error:protocol")
    expect(protocol).toEqual({type: "handshake:error:protocol", address, error: expect.any(Error)})
    expect(protocol.error).toMatchObject({
      message: "ZMTP protocol error", code: "ERR_ZMTP_CRYPTOGRAPHIC", errno: 0x11000001, address,
    })
    const {event: other, before} = await until(clientEvents, "handshake:error:other")
    expect(other.error).toMatchObject({code: "EPIPE", errno: 32, address})
    expect(before.map(event => event.type)).not.toContain("handshake:error:auth")
    // Then the client tries again.
    expect(await clientEvents.receive()).toEqual({type: "disconnect", address})
    expect((await clientEvents.receive()).type).toBe("connect:retry")
  })

  it("handshake:error:auth without any ZAP handler: a peer's ZMTP ERROR command with reason 400", async () => {
    // A hand-made server: its greeting (NULL mechanism, as server), then ERROR "400".
    const server = await rawServer(socket => {
      socket.write(greeting("NULL", true))
      socket.once("data", () => socket.write(command("ERROR", Buffer.from("\x03400", "latin1"))))
    })
    try {
      const dealer = use(new zmq.Dealer())
      const events = dealer.events
      dealer.connect(server.address)
      const {event, before} = await until(events, "handshake:error:auth")
      expect(before.map(e => e.type)).toEqual(["connect:delay", "connect"])
      expect(event).toEqual({type: "handshake:error:auth", address: server.address, error: expect.any(Error)})
      expect(event.error).toMatchObject({status: 400, code: "ERR_AUTH_FAILURE", message: "Authentication failure"})
    } finally {
      server.close()
    }
  })

  describe("handshake:error:protocol from a raw net client", () => {
    it("ERR_ZMTP_UNEXPECTED_COMMAND: a valid NULL greeting followed by a HELLO command (NULL expects READY)", async () => {
      const pull = use(new zmq.Pull())
      const events = pull.events
      await pull.bind("tcp://127.0.0.1:*")
      const address = pull.lastEndpoint!
      const peer = rawClient(address, Buffer.concat([greeting("NULL"), command("HELLO")]))
      try {
        const {event, before} = await until(events, "handshake:error:protocol")
        expect(before).toEqual([{type: "bind", address}, {type: "accept", address}])
        expect(event).toEqual({type: "handshake:error:protocol", address, error: expect.any(Error)})
        expect(event.error).toMatchObject({
          message: "ZMTP protocol error", code: "ERR_ZMTP_UNEXPECTED_COMMAND", errno: 0x10000001, address,
        })
        expect(await events.receive()).toEqual({type: "disconnect", address})
      } finally {
        peer.destroy()
      }
    })

    it("ERR_ZMTP_MECHANISM_MISMATCH: a greeting with a mechanism the socket does not use", async () => {
      const pull = use(new zmq.Pull())
      const events = pull.events
      await pull.bind("tcp://127.0.0.1:*")
      const address = pull.lastEndpoint!
      const peer = rawClient(address, greeting("GARBAGE"))
      try {
        const {event} = await until(events, "handshake:error:protocol")
        expect(event.error).toMatchObject({
          message: "ZMTP protocol error", code: "ERR_ZMTP_MECHANISM_MISMATCH", errno: 0x11000002, address,
        })
      } finally {
        peer.destroy()
      }
    })

    it("bytes that are not a ZMTP greeting at all: no protocol error; libzmq waits for more until the handshake times out", async () => {
      // libzmq takes a first byte other than 0xFF for an unversioned ZMTP 1.0
      // peer and waits for the rest of its frame: only handshakeInterval ends it.
      const pull = use(new zmq.Pull({handshakeInterval: 100}))
      const events = pull.events
      await pull.bind("tcp://127.0.0.1:*")
      const address = pull.lastEndpoint!
      const peer = rawClient(address, Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
      try {
        const {event, before} = await until(events, "handshake:error:other")
        expect(before).toEqual([{type: "bind", address}, {type: "accept", address}])
        // On a timeout the errno is that of the last read, which found nothing more.
        expect(event.error).toMatchObject({code: "EAGAIN", errno: 11, address})
        expect(await events.receive()).toEqual({type: "disconnect", address})
      } finally {
        peer.destroy()
      }
    })
  })
})
