import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../lib/compat/index"
import {detachedBuffer} from "../helpers"
import {bindTo, closeAll, socket} from "./support"

afterEach(closeAll)

describe("compat setsockopt/getsockopt", () => {
  it("accept option numbers and aliases, and chain", () => {
    const sock = socket("dealer")
    expect(sock.setsockopt(zmq.ZMQ_LINGER, 25)).toBe(sock)
    expect(sock.getsockopt("linger")).toBe(25)
    sock.setsockopt("backlog", 7)
    expect(sock.getsockopt(zmq.ZMQ_BACKLOG)).toBe(7)
    sock.setsockopt(zmq.ZMQ_SNDHWM, 11)
    sock.setsockopt(zmq.ZMQ_RCVHWM, 12)
    expect([sock.getsockopt(zmq.ZMQ_SNDHWM), sock.getsockopt(zmq.ZMQ_RCVHWM)]).toEqual([11, 12])
    sock.setsockopt(zmq.ZMQ_MAXMSGSIZE, 2 ** 40)
    expect(sock.getsockopt(zmq.ZMQ_MAXMSGSIZE)).toBe(2 ** 40)
    sock.setsockopt(zmq.ZMQ_AFFINITY, 3)
    expect(sock.affinity).toBe(3)
    expect(sock.getsockopt(zmq.ZMQ_TYPE)).toBe(zmq.ZMQ_DEALER)
    expect(typeof sock.getsockopt(zmq.ZMQ_FD)).toBe("number")
    expect(sock._fd).toBe(sock.getsockopt(zmq.ZMQ_FD))
    expect(sock.getsockopt(zmq.ZMQ_EVENTS) & zmq.ZMQ_POLLIN).toBe(0)
    expect(sock._receiveMore).toBe(0)
  })

  it("binary options read back as complete Buffers (NULs included)", () => {
    const identity = Buffer.from([0, 1, 0, 255, 0])
    const sock = socket("dealer")
    sock.setsockopt(zmq.ZMQ_IDENTITY, identity)
    expect(sock.getsockopt(zmq.ZMQ_IDENTITY)).toEqual(identity)
    sock.identity = "text id" // the property setter turns strings into Buffers
    expect(sock.identity).toEqual(Buffer.from("text id"))
    sock.setsockopt("identity", "also accepted")
    expect(sock.identity).toEqual(Buffer.from("also accepted"))
  })

  it("CURVE keys can be set and read back (as their Z85 text in a Buffer)", () => {
    const server = zmq.curveKeypair()
    const client = zmq.curveKeypair()
    const sock = socket("req")
    sock.curve_serverkey = server.public
    sock.curve_publickey = client.public
    sock.curve_secretkey = client.secret
    expect(sock.curve_serverkey.toString()).toBe(server.public)
    expect(sock.getsockopt(zmq.ZMQ_CURVE_PUBLICKEY)).toEqual(Buffer.from(client.public))
    expect(sock.mechanism).toBe(2)
    // 32 raw bytes are accepted too, and read back as Z85.
    const raw = Buffer.alloc(32, 7)
    sock.setsockopt(zmq.ZMQ_CURVE_SERVERKEY, raw)
    expect(sock.curve_serverkey).toHaveLength(40)
  })

  it("CURVE works end to end with the legacy option names", async () => {
    const server = zmq.curveKeypair()
    const client = zmq.curveKeypair()
    const rep = socket("rep", {curve_server: 1, curve_secretkey: server.secret})
    const address = bindTo(rep)
    const req = socket("req", {curve_serverkey: server.public, curve_publickey: client.public, curve_secretkey: client.secret})
    req.connect(address)
    rep.on("message", (frame: Buffer) => rep.send(`secure ${frame}`))
    req.send("hello")
    const [reply] = await new Promise<Buffer[]>(resolve => req.once("message", (...frames: Buffer[]) => resolve(frames)))
    expect(reply!.toString()).toBe("secure hello")
  })

  it("text options read back as strings", () => {
    const sock = socket("rep")
    expect(sock.last_endpoint).toBe("")
    const address = bindTo(sock)
    expect(typeof address).toBe("string")
    expect(sock.getsockopt(zmq.ZMQ_LAST_ENDPOINT)).toBe(address)
    sock.zap_domain = "global"
    expect(sock.zap_domain).toBe("global")
    sock.plain_username = "user"
    expect(sock.plain_username).toBe("user")
  })

  it("an unknown option is 'Invalid argument' (EINVAL); 2.x options are refused by libzmq 4", () => {
    const sock = socket("pub")
    for (const call of [
      () => sock.setsockopt(9999, 1), () => sock.getsockopt(9999), () => sock.setsockopt("nonsense", 1),
      () => sock.getsockopt("nonsense"), () => { sock.hwm = 10 }, () => sock.setsockopt(zmq.ZMQ_SWAP, 1),
    ]) {
      let error: (Error & {code?: string}) | undefined
      try {
        call()
      } catch (caught) {
        error = caught as Error
      }
      expect(error?.message).toBe("Invalid argument")
      expect(error?.code).toBe("EINVAL")
    }
  })

  it("value types are checked with the legacy messages", () => {
    const sock = socket("pub")
    expect(() => sock.setsockopt(zmq.ZMQ_LINGER, "10")).toThrow("Value must be an integer")
    expect(() => { sock.linger = "10" as unknown as number }).toThrow("Value must be an integer")
    expect(() => sock.setsockopt(zmq.ZMQ_IDENTITY, 5)).toThrow("Value must be a buffer")
  })

  it("options beyond the legacy lists are settable by number (a superset)", () => {
    const sock = socket("router")
    sock.setsockopt(zmq.ZMQ_ROUTER_HANDOVER, 1)
    sock.setsockopt(54 /* ZMQ_CONFLATE */, 1)
    sock.setsockopt(zmq.ZMQ_HEARTBEAT_IVL, 100)
    expect(sock.heartbeat_ivl).toBe(100)
    sock.connect_timeout = 500
    expect(sock.getsockopt(zmq.ZMQ_CONNECT_TIMEOUT)).toBe(500)
  })

  it("64-bit values libzmq cannot hold, and detached Buffers, are 'Invalid argument' (EINVAL)", () => {
    const sock = socket("dealer")
    expect(() => { sock.affinity = 2n ** 64n }).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => sock.setsockopt(zmq.ZMQ_AFFINITY, -1n)).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => sock.setsockopt("maxmsgsize", 2n ** 63n)).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => { sock.curve_publickey = detachedBuffer() }).toThrow(expect.objectContaining({code: "EINVAL"}))
  })
})
