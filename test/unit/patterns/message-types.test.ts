import {isDeepStrictEqual} from "node:util"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {detachedBuffer, transports} from "../../helpers"
import {pushPull, socketScope, texts} from "./support"

/** 16 bytes 0x10..0x1f, so any offset mistake shows. */
function bytes(): ArrayBuffer {
  const buffer = new ArrayBuffer(16)
  new Uint8Array(buffer).forEach((_, i, view) => { view[i] = 0x10 + i })
  return buffer
}

const shared = new SharedArrayBuffer(5)
new Uint8Array(shared).set([1, 2, 3, 0, 200])

const text = "héllo ✓ 日本 🎉"

/** Each sendable kind with the exact bytes the receiver must see. */
const kinds: [string, () => zmq.MessageLike, Buffer][] = [
  ["Buffer", () => Buffer.from([0, 255, 1, 128]), Buffer.from([0, 255, 1, 128])],
  ["Buffer slice of a pooled buffer", () => Buffer.from("0123456789").subarray(3, 6), Buffer.from("345")],
  ["Uint16Array view with an offset", () => new Uint16Array(bytes(), 4, 3),
    Buffer.from([0x14, 0x15, 0x16, 0x17, 0x18, 0x19])],
  ["Uint8Array subarray", () => new Uint8Array(bytes()).subarray(10, 13), Buffer.from([0x1a, 0x1b, 0x1c])],
  ["Float64Array", () => new Float64Array([1.5]), Buffer.from(new Float64Array([1.5]).buffer)],
  ["DataView with an offset", () => new DataView(bytes(), 2, 5), Buffer.from([0x12, 0x13, 0x14, 0x15, 0x16])],
  ["ArrayBuffer", () => bytes(), Buffer.from(bytes())],
  ["SharedArrayBuffer (bytes, not text)", () => shared, Buffer.from([1, 2, 3, 0, 200])],
  // Transferred away: as their byteLength (0) says, empty frames, not a TypeError from deep inside.
  ["detached ArrayBuffer (empty)", () => detachedBuffer().buffer, Buffer.alloc(0)],
  ["view of a detached ArrayBuffer (empty)", () => detachedBuffer(), Buffer.alloc(0)],
  ["non-ASCII string (UTF-8)", () => text, Buffer.from(text, "utf8")],
  ["null (empty frame)", () => null, Buffer.alloc(0)],
  ["number (its decimal text, as in zeromq)", () => 12.5, Buffer.from("12.5")],
]

describe.each(transports)("message types over %s", transport => {
  const use = socketScope()

  const connected = () => pushPull(use, transport)

  it.each(kinds)("sends a %s as its exact bytes", async (_, make, expected) => {
    const {push, pull} = await connected()
    await push.send(make())
    expect(await pull.receive()).toEqual([expected])
  })

  it("sends every kind together as one multipart message", async () => {
    const {push, pull} = await connected()
    await push.send(kinds.map(([, make]) => make()))
    expect(await pull.receive()).toEqual(kinds.map(([, , expected]) => expected))
  })

  it("receives frames as ordinary Buffers, small ones and zero-copy large ones alike", async () => {
    const {push, pull} = await connected()
    const small = Buffer.from("small frame")
    const large = Buffer.alloc(128 * 1024, 0x5a)
    await push.send([small, large])
    const frames = await pull.receive()
    for (const [frame, sent] of [[frames[0]!, small], [frames[1]!, large]] as const) {
      expect(Object.getPrototypeOf(frame)).toBe(Buffer.prototype)
      expect(frame.constructor).toBe(Buffer)
      // node:assert's deepStrictEqual compares prototypes: user tests rely on it.
      expect(isDeepStrictEqual(frame, sent)).toBe(true)
      expect(Buffer.isBuffer(frame.subarray(1))).toBe(true)
    }
  })

  it.each([
    ["a plain object", {hello: "world"}],
    ["undefined", undefined],
    ["a boolean", true],
    ["a bigint inside a multipart message", ["ok", 7n]],
    ["undefined inside a multipart message", ["ok", undefined]],
    ["an empty array", []],
  ])("rejects %s with a TypeError and sends nothing", async (_, value) => {
    const {push, pull} = await connected()
    await expect(push.send(value as never)).rejects.toBeInstanceOf(TypeError)
    await push.send("next")
    expect(texts(await pull.receive())).toEqual(["next"])
  })
})
