/**
 * version, capability, CURVE key pairs and Z85 (ZeroMQ RFC 32).
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {detachedBuffer} from "../../helpers"

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

  it("throws a RangeError naming secretKey for 40 characters that are not Z85", () => {
    expect(() => zmq.curvePublic(" ".repeat(40))).toThrow(RangeError)
    expect(() => zmq.curvePublic(" ".repeat(40))).toThrow("secretKey")
  })

  it("rejects a secret key with an embedded NUL instead of deriving from bytes it never decoded", () => {
    const {secretKey} = zmq.curveKeyPair()
    // libzmq reads the key as a C string: a NUL at 35 would leave 4 bytes of its secret undecoded.
    for (const at of [0, 20, 35, 39]) {
      const key = secretKey.slice(0, at) + "\0" + secretKey.slice(at + 1)
      expect(() => zmq.curvePublic(key), `NUL at ${at}`).toThrow(RangeError)
    }
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

  it("z85Decode rejects an embedded NUL rather than return bytes it never decoded", () => {
    // libzmq decodes a C string: it would stop at the NUL and leave the
    // last 4 of the 8 bytes unwritten.
    expect(() => zmq.z85Decode("Hello\0abcd")).toThrow(RangeError)
    expect(() => zmq.z85Decode("Hello\0abcd")).toThrow("text is not valid Z85")
    for (let at = 0; at < 10; at++) {
      const text = "HelloWorld".slice(0, at) + "\0" + "HelloWorld".slice(at + 1)
      expect(() => zmq.z85Decode(text), `NUL at ${at}`).toThrow("text is not valid Z85")
    }
  })

  it("z85Decode rejects every character outside the alphabet, wherever it is", () => {
    const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"
    expect(new Set(alphabet).size).toBe(85)
    const outside = [...Array.from({length: 128}, (_, code) => String.fromCharCode(code)), "\u00e9", "\u20ac", "\u{1F600}"]
      .filter(char => !alphabet.includes(char))
    for (const char of outside) {
      for (const at of [0, 4, 9]) {
        // A character outside the alphabet is reported as such, whatever the length it adds up to.
        const text = "HelloWorld".slice(0, at) + char + "HelloWorld".slice(at + 1)
        expect(() => zmq.z85Decode(text), `${JSON.stringify(char)} at ${at}`).toThrow("text is not valid Z85")
      }
    }
  })

  it("z85Decode rejects a group whose value does not fit in 32 bits", () => {
    // "%nSc0" is 0xffffffff, the largest value a group may encode.
    expect([...zmq.z85Decode("%nSc0")]).toEqual([0xff, 0xff, 0xff, 0xff])
    for (const text of ["%nSc1", "%nSd0", "#####", "HelloWorld%nSc1"]) {
      expect(() => zmq.z85Decode(text), text).toThrow("text is not valid Z85")
    }
  })

  it("z85Encode reads exactly the bytes of any view: wider elements, offsets, pooled Buffers", () => {
    const bytes = new Uint8Array([0xaa, 0xbb, 0xcc, 0xdd, ...helloBytes, 0x11, 0x22, 0x33, 0x44])
    const hello = bytes.buffer.slice(4, 12)
    expect(zmq.z85Encode(new Uint16Array(hello))).toBe("HelloWorld")
    expect(zmq.z85Encode(new Uint32Array(hello))).toBe("HelloWorld")
    expect(zmq.z85Encode(new Float64Array(hello))).toBe("HelloWorld")
    expect(zmq.z85Encode(new Uint16Array(bytes.buffer, 4, 4))).toBe("HelloWorld")
    expect(zmq.z85Encode(new Int32Array(bytes.buffer, 4, 2))).toBe("HelloWorld")
    // A small Buffer lives at an offset inside Node's shared pool.
    const pooled = Buffer.from(bytes)
    expect(pooled.byteOffset === 0 && pooled.buffer.byteLength === pooled.length).toBe(false)
    expect(zmq.z85Encode(pooled.subarray(4, 12))).toBe("HelloWorld")
    expect(zmq.z85Encode(pooled.subarray(4, 8))).toBe("HelloWorld".slice(0, 5))
    // The length rule counts bytes, not elements.
    expect(() => zmq.z85Encode(new Uint16Array(3))).toThrow(RangeError)
    expect(zmq.z85Encode(new Uint16Array(2))).toBe("00000")
  })

  it("throws a TypeError for inputs of the wrong type", () => {
    for (const value of [undefined, null, 42, "abcd", [1, 2, 3, 4]]) {
      expect(() => zmq.z85Encode(value as unknown as Uint8Array), String(value)).toThrow(TypeError)
    }
    for (const value of [undefined, null, 42, Buffer.from("HelloWorld")]) {
      expect(() => zmq.z85Decode(value as unknown as string), String(value)).toThrow(TypeError)
    }
  })

  it("z85Encode of a detached Buffer is the empty text (its byteLength is 0)", () => {
    expect(zmq.z85Encode(detachedBuffer())).toBe("")
  })
})
