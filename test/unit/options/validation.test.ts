/**
 * Option misuse: read-only writes, unknown or misspelled names, options of
 * another socket type, wrong types and out-of-range values. Each one throws
 * an error naming the option and leaves the value unchanged.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {detachedBuffer} from "../../helpers"
import {socketClasses, withSocket} from "./socket-classes"

type Options = Record<string, unknown>
const asOptions = (socket: zmq.Socket) => socket as unknown as Options

/** The error `body` throws; fails the test when it does not throw. */
function thrown(body: () => unknown): Error {
  try {
    body()
  } catch (error) {
    return error as Error
  }
  throw new Error("expected a throw, but the call succeeded")
}

describe("read-only options", () => {
  const readOnly = ["type", "lastEndpoint", "securityMechanism", "threadSafe"]
  for (const {name, Class} of socketClasses) {
    for (const option of readOnly) {
      it(`${name}.${option} = ... throws a TypeError naming the option`, () => {
        withSocket(Class, socket => {
          const before = asOptions(socket)[option]
          const error = thrown(() => { asOptions(socket)[option] = before === null ? "x" : before })
          expect(error).toBeInstanceOf(TypeError)
          expect(error.message).toContain(option)
          expect(asOptions(socket)[option]).toBe(before)
        })
      })
    }
  }

  it("a read-only option in the constructor throws a TypeError naming it", () => {
    const error = thrown(() => new zmq.Push({type: 7} as object))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toContain("type")
  })
})

describe("options per socket type", () => {
  it("Publisher has no receiveTimeout", () => {
    withSocket(zmq.Publisher, pub => expect("receiveTimeout" in pub).toBe(false))
  })

  it("Pull has no sendHighWaterMark", () => {
    withSocket(zmq.Pull, pull => expect("sendHighWaterMark" in pull).toBe(false))
  })

  it("Router has mandatory", () => {
    withSocket(zmq.Router, router => expect("mandatory" in router).toBe(true))
  })

  it("Request has correlate", () => {
    withSocket(zmq.Request, req => expect("correlate" in req).toBe(true))
  })

  it("Dealer has no mandatory, correlate or verbosity", () => {
    withSocket(zmq.Dealer, dealer => {
      expect(["mandatory", "correlate", "verbosity"].filter(name => name in dealer)).toEqual([])
    })
  })

  it("assigning an option of another socket type throws a TypeError", () => {
    withSocket(zmq.Publisher, pub => {
      expect(() => { asOptions(pub).receiveTimeout = 5 }).toThrow(TypeError)
      expect("receiveTimeout" in pub).toBe(false)
    })
  })

  it("an option of another socket type in the constructor throws a TypeError naming it", () => {
    const error = thrown(() => new zmq.Publisher({receiveTimeout: 5} as object))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toContain("receiveTimeout")
  })
})

describe("unknown option names", () => {
  it("a misspelled option in the constructor throws a TypeError naming it", () => {
    const error = thrown(() => new zmq.Push({sendHighWatermark: 1} as object))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toContain("sendHighWatermark")
  })

  it("an unknown option in the constructor throws a TypeError naming it", () => {
    const error = thrown(() => new zmq.Dealer({lingerMs: 0} as object))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toContain("lingerMs")
  })

  it("assigning an unknown property on a socket throws a TypeError (sockets are sealed)", () => {
    withSocket(zmq.Push, push => {
      const error = thrown(() => { asOptions(push).sendHighWatermark = 1 })
      expect(error).toBeInstanceOf(TypeError)
      expect(error.message).toContain("sendHighWatermark")
      expect("sendHighWatermark" in push).toBe(false)
    })
  })

  it("constructor options that are not an object throw a TypeError", () => {
    expect(() => new zmq.Push(null as unknown as object)).toThrow(TypeError)
    expect(() => new zmq.Push(5 as unknown as object)).toThrow(TypeError)
  })
})

describe("options objects", () => {
  // Objects, but not options: their indices or elements are not option names.
  const notOptions: [string, unknown][] = [
    ["a Buffer", Buffer.from("linger")],
    ["a Uint8Array", new Uint8Array(4)],
    ["a DataView", new DataView(new ArrayBuffer(4))],
    ["an ArrayBuffer", new ArrayBuffer(4)],
    ["a SharedArrayBuffer", new SharedArrayBuffer(4)],
    ["an array", [["linger", 0]]],
    ["an empty array", []],
    ["a function", () => ({linger: 0})],
  ]

  for (const [what, value] of notOptions) {
    it(`${what} as socket options throws a TypeError "Options must be an object", as in zeromq`, () => {
      const error = thrown(() => new zmq.Push(value as object))
      expect(error).toBeInstanceOf(TypeError)
      expect(error.message).toBe("Options must be an object")
    })

    it(`${what} as Context options throws a TypeError "Options must be an object", as in zeromq`, () => {
      const error = thrown(() => new zmq.Context(value as object))
      expect(error).toBeInstanceOf(TypeError)
      expect(error.message).toBe("Options must be an object")
    })
  }

  it("a 10 MB Buffer as options is refused by its type, without walking its bytes", () => {
    // Walked as an object, its 10 million indices took seconds and gigabytes
    // before the first one was found not to be an option name.
    const big = Buffer.alloc(10e6)
    for (const create of [() => new zmq.Push(big as object), () => new zmq.Context(big as object)]) {
      const error = thrown(create)
      expect(error).toBeInstanceOf(TypeError)
      expect(error.message).toBe("Options must be an object")
    }
  })

  it("per-call options of send() are checked the same way", async () => {
    const push = new zmq.Push({sendTimeout: 0})
    try {
      await expect(push.send("x", Buffer.alloc(8) as object)).rejects.toThrow("Options must be an object")
      await expect(push.sendBatch(["x"], [] as object)).rejects.toThrow("Options must be an object")
    } finally {
      push.close()
    }
  })

  it("objects of other classes and without a prototype are still options objects", () => {
    class Settings { linger = 0 }
    withSocket(zmq.Push, push => expect(push.linger).toBe(0), new Settings())
    withSocket(zmq.Push, push => expect(push.linger).toBe(0), Object.assign(Object.create(null), {linger: 0}))
  })
})

describe("wrong types", () => {
  const cases: [string, new () => zmq.Socket, string, unknown][] = [
    ["Push", zmq.Push, "linger", "x"],
    ["Push", zmq.Push, "linger", 1.5],
    ["Push", zmq.Push, "linger", 5n],
    ["Push", zmq.Push, "linger", null],
    ["Push", zmq.Push, "immediate", 1],
    ["Push", zmq.Push, "immediate", "true"],
    ["Dealer", zmq.Dealer, "routingId", 5],
    ["Dealer", zmq.Dealer, "routingId", {}],
    ["Pull", zmq.Pull, "maxMessageSize", "1234"],
    ["Pull", zmq.Pull, "affinity", 1.5],
    ["Pull", zmq.Pull, "plainUsername", 42],
    ["Pull", zmq.Pull, "curveServerKey", 5],
    ["Router", zmq.Router, "mandatory", "yes"],
    ["XPublisher", zmq.XPublisher, "verbosity", true],
    ["XPublisher", zmq.XPublisher, "verbosity", "allsubs"],
  ]
  for (const [className, Class, option, value] of cases) {
    const shown = typeof value === "bigint" ? `${value}n` : JSON.stringify(value)
    it(`${className}.${option} = ${shown} throws a TypeError naming the option`, () => {
      withSocket(Class, socket => {
        const before = asOptions(socket)[option]
        const error = thrown(() => { asOptions(socket)[option] = value })
        expect(error).toBeInstanceOf(TypeError)
        expect(error.message).toContain(option)
        expect(asOptions(socket)[option]).toEqual(before)
      })
    })
  }

  it("a wrong type in the constructor throws a TypeError naming the option", () => {
    const error = thrown(() => new zmq.Push({linger: "x"} as object))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toContain("linger")
  })
})

describe("out-of-range values", () => {
  const cases: [string, unknown][] = [
    ["linger", 2 ** 31],
    ["linger", -(2 ** 31) - 1],
    ["affinity", -1],
    ["affinity", 2n ** 64n],
    ["maxMessageSize", 2n ** 63n],
    ["maxMessageSize", -(2n ** 63n) - 1n],
    ["curveServerKey", "x".repeat(39)],
    ["curveServerKey", "x".repeat(41)],
    ["curveServerKey", Buffer.alloc(31)],
    ["curveServerKey", Buffer.alloc(33)],
  ]
  for (const [option, value] of cases) {
    const shown = typeof value === "bigint" ? `${value}n`
      : Buffer.isBuffer(value) ? `${value.length}-byte Buffer`
      : typeof value === "string" ? `a ${value.length}-character string` : String(value)
    it(`${option} = ${shown} throws a RangeError naming the option`, () => {
      withSocket(zmq.Dealer, socket => {
        const before = asOptions(socket)[option]
        const error = thrown(() => { asOptions(socket)[option] = value })
        expect(error).toBeInstanceOf(RangeError)
        expect(error.message).toContain(option)
        expect(asOptions(socket)[option]).toEqual(before)
      })
    })
  }

  it("a 40-character CURVE key that is not Z85 throws a RangeError naming the option and keeps the key", () => {
    const key = zmq.curveKeyPair().publicKey
    const other = zmq.curveKeyPair().publicKey
    // libzmq decodes the key as a C string: with a NUL at 35 it decoded 28
    // bytes and kept the last 4 of the previous key.
    const bad = [
      other.slice(0, 35) + "\0" + other.slice(36),
      "\0" + other.slice(1),
      other.slice(0, 10) + " " + other.slice(11),
      "#".repeat(40),
    ]
    withSocket(zmq.Dealer, socket => {
      socket.curveServerKey = key
      for (const value of bad) {
        const error = thrown(() => { socket.curveServerKey = value })
        expect(error, JSON.stringify(value)).toBeInstanceOf(RangeError)
        expect(error.message).toContain("curveServerKey")
        expect(socket.curveServerKey).toBe(key)
      }
    })
  })

  it("a value libzmq rejects (linger = -2) throws an error naming the option", () => {
    withSocket(zmq.Push, push => {
      const before = push.linger
      const error = thrown(() => { push.linger = -2 })
      expect(error instanceof RangeError || (error as {code?: string}).code === "EINVAL").toBe(true)
      expect(error.message).toContain("linger")
      expect(push.linger).toBe(before)
    })
  })
})

describe("constructor options", () => {
  it("take effect", () => {
    const routingId = Buffer.from([0, 7, 0])
    withSocket(zmq.Dealer, dealer => {
      expect(dealer.linger).toBe(0)
      expect(dealer.sendHighWaterMark).toBe(7)
      expect(dealer.immediate).toBe(true)
      expect(dealer.maxMessageSize).toBe(4096)
      expect(dealer.routingId).toBe("\u0000\u0007\u0000")
    }, {linger: 0, sendHighWaterMark: 7, immediate: true, maxMessageSize: 4096n, routingId})
  })

  it("write-only options given to the constructor read back", () => {
    withSocket(zmq.Router, router => {
      expect(router.mandatory).toBe(true)
      expect(router.handover).toBe(true)
    }, {mandatory: true, handover: true})
  })

  it("behave: receiveTimeout from the constructor makes receive() reject with EAGAIN", async () => {
    const pull = new zmq.Pull({receiveTimeout: 0})
    try {
      await expect(pull.receive()).rejects.toMatchObject({code: "EAGAIN"})
    } finally {
      pull.close()
    }
  })
})

describe("a detached Buffer as an option value", () => {
  it("is empty bytes (as its byteLength says), not V8's error about the detached memory", () => {
    const dealer = new zmq.Dealer({linger: 0})
    try {
      expect(() => { dealer.routingId = detachedBuffer() }).toThrow(expect.objectContaining({code: "EINVAL"}))
      dealer.plainPassword = detachedBuffer()
      expect(dealer.plainPassword).toBe(null)
    } finally {
      dealer.close()
    }
  })
})
