/**
 * The ZAP wire format (RFC 27) as the authenticator's ROUTER reads and
 * writes it: requests per mechanism, malformed ones, replies with their
 * envelope, and metadata in ZMTP property format.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {encodeMetadata, encodeZapReply, parseZapMessage} from "../../../lib/auth/zap"

const frames = (...parts: Array<string | Buffer>) => parts.map(part => Buffer.from(part))
const route = ["peer-1", ""]

describe("parseZapMessage", () => {
  it("reads a PLAIN request", () => {
    const parsed = parseZapMessage(frames(...route, "1.0", "1", "dom", "10.0.0.1", "id", "PLAIN", "user", "pässword"))
    expect(parsed).toEqual({
      envelope: {route: frames(...route), requestId: Buffer.from("1")},
      request: {
        domain: "dom", address: "10.0.0.1", routingId: Buffer.from("id"), mechanism: "PLAIN",
        credentials: frames("user", "pässword"), username: "user", password: "pässword",
      },
    })
  })

  it("reads a CURVE request's key as Z85, and a NULL request without credentials", () => {
    const {publicKey} = zmq.curveKeyPair()
    const curve = parseZapMessage(frames(...route, "1.0", "1", "", "::1", "", "CURVE", zmq.z85Decode(publicKey)))
    expect(curve).toMatchObject({request: {mechanism: "CURVE", publicKey, address: "::1"}})
    const open = parseZapMessage(frames(...route, "1.0", "1", "d", "1.2.3.4", "", "NULL"))
    expect(open).toMatchObject({request: {mechanism: "NULL", credentials: []}})
  })

  it("names what is wrong with a request it can still answer, and drops one it cannot", () => {
    const malformed = (...parts: string[]) => (parseZapMessage(frames(...route, ...parts)) as {malformed?: string}).malformed
    expect(malformed("2.0", "1", "d", "a", "", "NULL")).toBe("Unsupported ZAP version")
    expect(malformed("1.0", "1", "d")).toBe("Incomplete ZAP request")
    expect(malformed("1.0", "1", "d", "a", "", "PLAIN", "only-user")).toBe("PLAIN needs a user name and a password")
    expect(malformed("1.0", "1", "d", "a", "", "CURVE", "short")).toBe("CURVE needs one 32-byte public key")
    expect(parseZapMessage(frames("peer", "", "1.0"))).toBeNull()
    expect(parseZapMessage(frames("peer", "not-empty", "1.0", "1"))).toBeNull()
  })
})

describe("encodeZapReply", () => {
  it("writes envelope, version, request id, status, text, user id and metadata", () => {
    const envelope = {route: frames(...route), requestId: Buffer.from("1")}
    expect(encodeZapReply(envelope, {status: 200, text: "OK", userId: "alice", metadata: {Role: "admin"}}))
      .toEqual(frames(...route, "1.0", "1", "200", "OK", "alice", encodeMetadata({Role: "admin"})))
    expect(encodeZapReply(envelope, {status: 400})).toEqual(frames(...route, "1.0", "1", "400", "", "", ""))
  })

  it("metadata: 1-byte name length, name, 4-byte big-endian value length, value", () => {
    expect(encodeMetadata({A: "xy", Bin: new Uint8Array([0, 255])}).toString("hex")).toBe(
      "01" + "41" + "00000002" + "7879" + "03" + "42696e" + "00000002" + "00ff")
    expect(() => encodeMetadata({"": "x"})).toThrow(TypeError)
    expect(() => encodeMetadata({["n".repeat(256)]: "x"})).toThrow(/1 to 255/)
    expect(() => encodeMetadata({n: 5 as never})).toThrow(/metadata\["n"\] must be a string or a Uint8Array/)
  })
})
