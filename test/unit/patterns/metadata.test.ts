/**
 * Received-message metadata (lib/metadata.ts, src-native/metadata.cc): the
 * properties of the connection a message came in on, read only when the
 * socket's `receiveMetadata` option asks for them.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound} from "../../helpers"
import {socketScope} from "./support"

/** The ZAP endpoint libzmq asks (RFC 27), one per context. */
const ZAP_ENDPOINT = "inproc://zeromq.zap.01"

/** ZMTP metadata (RFC 23 / 27): per property a 1-byte name length, the name, a 4-byte big-endian value length, the value. */
function zmtpMetadata(properties: Record<string, string>): Buffer {
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(properties)) {
    const valueLength = Buffer.alloc(4)
    valueLength.writeUInt32BE(Buffer.byteLength(value))
    parts.push(Buffer.from([Buffer.byteLength(name)]), Buffer.from(name), valueLength, Buffer.from(value))
  }
  return Buffer.concat(parts)
}

interface ZapRequest {
  mechanism: string
  credentials: string[]
}

/**
 * A ZAP handler that accepts every PLAIN client as `userId` and returns
 * `properties` as the connection's metadata; resolves each request it saw.
 */
async function zapHandler(context: zmq.Context, userId: string, properties: Record<string, string>,
                          seen: (request: ZapRequest) => void): Promise<zmq.Router> {
  const router = new zmq.Router({context, linger: 0})
  await router.bind(ZAP_ENDPOINT)
  void (async () => {
    // [routing id, delimiter, version, request id, domain, address, identity, mechanism, credentials...]
    for await (const [id, delimiter, version, requestId, , , , mechanism, ...credentials] of router) {
      seen({mechanism: mechanism!.toString(), credentials: credentials.map(frame => frame.toString())})
      await router.send([id!, delimiter!, version!, requestId!, "200", "OK", userId, zmtpMetadata(properties)])
    }
  })().catch(() => { /* closed with its context */ })
  return router
}

describe("received-message metadata", () => {
  const use = socketScope()

  it("is not read unless asked for", async () => {
    const pull = use(new zmq.Pull())
    const push = use(new zmq.Push())
    push.connect(await bound(pull, "tcp"))
    expect(pull.receiveMetadata).toBe(false)

    await push.send("plain")
    const message = await pull.receive()
    expect(message).toEqual([Buffer.from("plain")])
    expect(zmq.metadataOf(message)).toBeUndefined()
  })

  it("gives the peer's Socket-Type and Peer-Address over tcp", async () => {
    const pull = use(new zmq.Pull({receiveMetadata: true}))
    const push = use(new zmq.Push())
    push.connect(await bound(pull, "tcp"))
    expect(pull.receiveMetadata).toBe(true)

    await push.send("hello")
    const message = await pull.receive()
    expect(message).toEqual([Buffer.from("hello")])
    expect(zmq.metadataOf(message)).toEqual({"Socket-Type": "PUSH", "Peer-Address": "127.0.0.1"})
    expect(Object.isFrozen(zmq.metadataOf(message))).toBe(true)
  })

  // The routing id frame a ROUTER puts first is its own, without metadata: the
  // metadata comes from the frames that came over the connection.
  it("gives a Router's messages their metadata, and the frames are unchanged", async () => {
    const router = use(new zmq.Router({receiveMetadata: true}))
    const dealer = use(new zmq.Dealer({routingId: "dealer-1"}))
    dealer.connect(await bound(router, "tcp"))

    await dealer.send(["a", "b"])
    const message = await router.receive()
    expect(message).toEqual([Buffer.from("dealer-1"), Buffer.from("a"), Buffer.from("b")])
    expect(zmq.metadataOf(message)).toEqual({"Socket-Type": "DEALER", "Peer-Address": "127.0.0.1"})
  })

  it("gives a peer's own properties (ZMQ_METADATA) when they are named", async () => {
    const pull = use(new zmq.Pull({receiveMetadata: ["X-Region"]}))
    const push = use(new zmq.Push({metadata: "X-Region:eu-west"}))
    push.connect(await bound(pull, "tcp"))
    expect(pull.receiveMetadata).toEqual(["Socket-Type", "Peer-Address", "User-Id", "X-Region"])

    await push.send("hello")
    expect(zmq.metadataOf(await pull.receive())).toEqual({
      "Socket-Type": "PUSH", "Peer-Address": "127.0.0.1", "X-Region": "eu-west",
    })
  })

  it("gives the User-Id and the properties a ZAP handler returned for a PLAIN client", async () => {
    const context = new zmq.Context()
    const requests: ZapRequest[] = []
    const handler = await zapHandler(context, "alice", {"X-Role": "admin", "X-Tenant": "blue"},
                                     request => requests.push(request))
    try {
      const server = use(new zmq.Pull({context, plainServer: true, receiveMetadata: ["X-Role", "X-Tenant"]}))
      const client = use(new zmq.Push({context, plainUsername: "alice", plainPassword: "secret"}))
      client.connect(await bound(server, "tcp"))

      await client.send("authenticated")
      const message = await server.receive()
      expect(message).toEqual([Buffer.from("authenticated")])
      expect(requests).toEqual([{mechanism: "PLAIN", credentials: ["alice", "secret"]}])
      expect(zmq.metadataOf(message)).toEqual({
        "Socket-Type": "PUSH", "Peer-Address": "127.0.0.1", "User-Id": "alice", "X-Role": "admin", "X-Tenant": "blue",
      })
    } finally {
      handler.close()
      context.close()
    }
  })

  it("shares one object between messages of one connection in a batch, and tells connections apart", async () => {
    const pull = use(new zmq.Pull({receiveMetadata: ["X-Name"]}))
    const address = await bound(pull, "tcp")
    const first = use(new zmq.Push({metadata: "X-Name:first"}))
    const second = use(new zmq.Push({metadata: "X-Name:second"}))
    first.connect(address)
    second.connect(address)

    // How many of the three arrive in one batch is libzmq's timing, not ours:
    // the contract is one object per connection within each batch.
    await first.sendBatch(["1a", "1b", "1c"])
    const names: string[] = []
    while (names.length < 3) {
      const batch = await pull.receiveBatch()
      names.push(...batch.map(message => message[0]!.toString()))
      const shared = new Set(batch.map(message => zmq.metadataOf(message)))
      expect(shared.size).toBe(1)
      expect(Object.isFrozen([...shared][0])).toBe(true)
      expect([...shared][0]!["X-Name"]).toBe("first")
    }
    expect(names).toEqual(["1a", "1b", "1c"])

    await second.send("2a")
    const fromSecond = await pull.receive()
    expect(zmq.metadataOf(fromSecond)!["X-Name"]).toBe("second")
  })

  it("has none for inproc messages, which carry no connection metadata", async () => {
    const pull = use(new zmq.Pull({receiveMetadata: true}))
    const push = use(new zmq.Push())
    push.connect(await bound(pull, "inproc"))

    await push.send("local")
    const message = await pull.receive()
    expect(message).toEqual([Buffer.from("local")])
    expect(zmq.metadataOf(message)).toBeUndefined()
  })

  it("stops when turned off", async () => {
    const pull = use(new zmq.Pull({receiveMetadata: true}))
    const push = use(new zmq.Push())
    push.connect(await bound(pull, "tcp"))

    await push.send("with")
    expect(zmq.metadataOf(await pull.receive())).toBeDefined()
    pull.receiveMetadata = false
    expect(pull.receiveMetadata).toBe(false)
    await push.send("without")
    expect(zmq.metadataOf(await pull.receive())).toBeUndefined()
  })

  it("refuses values that are not a boolean or a list of names, and sockets that do not receive", () => {
    const pull = use(new zmq.Pull())
    for (const value of ["yes", 1, null, [1], [""], {}]) {
      expect(() => { pull.receiveMetadata = value as unknown as boolean }).toThrow(
        new TypeError("receiveMetadata must be a boolean or an array of property names"))
    }
    expect(() => new zmq.Push({receiveMetadata: true})).toThrow(TypeError)
    expect(() => new zmq.Push({receiveMetadata: true})).toThrow(/Unknown option "receiveMetadata"/)
  })
})
