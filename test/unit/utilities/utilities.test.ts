/**
 * version, capability, CURVE key pairs and Z85 (ZeroMQ RFC 32).
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"

const Z85 = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]+$/

describe("version", () => {
  it('is a "major.minor.patch" string of libzmq 4', () => {
    expect(zmq.version).toMatch(/^4\.\d+\.\d+$/)
  })
})

describe("capability", () => {
  it("reports curve, ipc and draft as booleans", () => {
    for (const name of ["curve", "ipc", "draft"] as const) {
      expect(typeof zmq.capability[name], name).toBe("boolean")
    }
  })

  it("reports only booleans, and cannot be changed", () => {
    for (const value of Object.values(zmq.capability)) expect(typeof value).toBe("boolean")
    expect(Object.isFrozen(zmq.capability)).toBe(true)
  })
})

describe("curveKeyPair", () => {
  it("returns two 40-character Z85 keys, the public one derived from the secret one", () => {
    const {publicKey, secretKey} = zmq.curveKeyPair()
    expect(publicKey).toHaveLength(40)
    expect(secretKey).toHaveLength(40)
    expect(publicKey).toMatch(Z85)
    expect(secretKey).toMatch(Z85)
    expect(publicKey).not.toBe(secretKey)
    expect(zmq.curvePublic(secretKey)).toBe(publicKey)
  })

  it("returns a new pair on every call", () => {
    const first = zmq.curveKeyPair()
    const second = zmq.curveKeyPair()
    expect(second.secretKey).not.toBe(first.secretKey)
    expect(second.publicKey).not.toBe(first.publicKey)
  })
})

describe("curvePublic", () => {
  it("accepts the secret key as 32 bytes", () => {
    const {publicKey, secretKey} = zmq.curveKeyPair()
    expect(zmq.curvePublic(zmq.z85Decode(secretKey))).toBe(publicKey)
  })

  it("throws a RangeError for a secret key of the wrong length", () => {
    expect(() => zmq.curvePublic("tooshort")).toThrow(RangeError)
    expect(() => zmq.curvePublic("x".repeat(41))).toThrow(RangeError)
    expect(() => zmq.curvePublic(Buffer.alloc(31))).toThrow(RangeError)
    expect(() => zmq.curvePublic(Buffer.alloc(33))).toThrow(RangeError)
  })

  it("throws a TypeError for a secret key that is neither a string nor bytes", () => {
    for (const value of [undefined, null, 42, {}]) {
      expect(() => zmq.curvePublic(value as unknown as string)).toThrow(TypeError)
    }
  })

  it("throws for 40 characters that are not Z85", () => {
    expect(() => zmq.curvePublic(" ".repeat(40))).toThrow()
  })
})

describe("Z85", () => {
  const helloBytes = [0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]

  it('encodes the RFC 32 test vector as "HelloWorld"', () => {
    expect(zmq.z85Encode(Buffer.from(helloBytes))).toBe("HelloWorld")
  })

  it('decodes "HelloWorld" to the RFC 32 test vector', () => {
    const decoded = zmq.z85Decode("HelloWorld")
    expect(Buffer.isBuffer(decoded)).toBe(true)
    expect([...decoded]).toEqual(helloBytes)
  })

  it("round-trips random bytes, including NULs", () => {
    const bytes = Buffer.concat([Buffer.alloc(8), Buffer.from(Array.from({length: 56}, (_, i) => (i * 97 + 13) % 256))])
    const text = zmq.z85Encode(bytes)
    expect(text).toHaveLength(80)
    expect(text).toMatch(Z85)
    expect([...zmq.z85Decode(text)]).toEqual([...bytes])
  })

  it("round-trips zero bytes as the empty string", () => {
    expect(zmq.z85Encode(Buffer.alloc(0))).toBe("")
    expect([...zmq.z85Decode("")]).toEqual([])
  })

  it("encodes any ArrayBufferView or ArrayBuffer by its own bytes only", () => {
    const backing = new Uint8Array([1, 2, 3, 4, ...helloBytes, 5, 6, 7, 8])
    expect(zmq.z85Encode(backing.subarray(4, 12))).toBe("HelloWorld")
    expect(zmq.z85Encode(new DataView(backing.buffer, 4, 8))).toBe("HelloWorld")
    expect(zmq.z85Encode(new Uint8Array(helloBytes).buffer)).toBe("HelloWorld")
  })

  it("z85Encode throws a RangeError for a length that is not a multiple of 4", () => {
    for (const length of [1, 3, 5, 33]) {
      expect(() => zmq.z85Encode(Buffer.alloc(length)), `${length} bytes`).toThrow(RangeError)
    }
  })

  it("z85Decode throws a RangeError for a length that is not a multiple of 5", () => {
    for (const text of ["H", "Hell", "HelloW", "x".repeat(41)]) {
      expect(() => zmq.z85Decode(text), JSON.stringify(text)).toThrow(RangeError)
    }
  })

  it("z85Decode throws a RangeError for characters outside the Z85 alphabet", () => {
    expect(() => zmq.z85Decode("Hello Worl")).toThrow(RangeError)
    expect(() => zmq.z85Decode("Hello\u00e9orl")).toThrow(RangeError)
  })

  it("throws a TypeError for inputs of the wrong type", () => {
    for (const value of [undefined, null, 42, "abcd", [1, 2, 3, 4]]) {
      expect(() => zmq.z85Encode(value as unknown as Uint8Array), String(value)).toThrow(TypeError)
    }
    for (const value of [undefined, null, 42, Buffer.from("HelloWorld")]) {
      expect(() => zmq.z85Decode(value as unknown as string), String(value)).toThrow(TypeError)
    }
  })
})
