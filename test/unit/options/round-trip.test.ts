/**
 * Every option of the option table, on every socket class that carries it:
 * set a valid non-default value and read it back with its JS type. The table
 * is iterated here with the scope rules spelled out independently of the
 * library, so an option missing from (or wrongly added to) a class fails.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {type OptionSpec, socketOptions} from "../../../lib/option-table"
import {type SocketClassCase, socketClasses, withSocket} from "./socket-classes"

const table: Record<string, OptionSpec> = socketOptions

function appliesTo(spec: OptionSpec, socket: SocketClassCase): boolean {
  if (spec.on === "all") return true
  if (spec.on === "send") return socket.sends
  if (spec.on === "receive") return socket.receives
  return spec.on.includes(socket.type)
}

/** Why this build cannot have the option, or undefined when it can. */
function missingFromBuild(spec: OptionSpec): string | undefined {
  if (spec.draft && !zmq.capability.draft) return "draft API not in this libzmq build"
  if (spec.requires === "gssapi" && !zmq.capability.gssapi) return "GSSAPI not in this libzmq build"
  return undefined
}

const needsCurve = (name: string) => name.startsWith("curve")

/** A valid value different from libzmq's default, for every int option. */
const intSamples: Record<string, number> = {
  rate: 200, recoveryInterval: 5000, sendBufferSize: 65536, receiveBufferSize: 65536,
  linger: 1234, reconnectInterval: 250, backlog: 50, reconnectMaxInterval: 5000,
  sendHighWaterMark: 5, receiveHighWaterMark: 7, multicastHops: 3, receiveTimeout: 500,
  sendTimeout: 600, tcpKeepalive: 1, tcpKeepaliveCount: 5, tcpKeepaliveIdle: 60,
  tcpKeepaliveInterval: 10, typeOfService: 16, ipcFilterPid: 1, ipcFilterUid: 0, ipcFilterGid: 0,
  handshakeInterval: 1000, heartbeatInterval: 1000, heartbeatTimeToLive: 2000,
  heartbeatTimeout: 3000, connectTimeout: 1500, tcpMaxRetransmitTimeout: 2500,
  multicastMaxTransportDataUnit: 1400, useFd: 7, gssapiPrincipalNameType: 1,
  gssapiServicePrincipalNameType: 2, routerNotify: 3, inBatchSize: 4096, outBatchSize: 4096,
  reconnectStop: 1, priority: 3,
}

/** Strings libzmq accepts for options that parse their value. */
const strSamples: Record<string, string> = {
  tcpAcceptFilter: "127.0.0.1",
  metadata: "X-zmq-napi:test value",
  socksProxy: "127.0.0.1:1080",
  interface: "lo",
}

/**
 * Text options that libzmq clears when set to null (then they read null, as
 * in zeromq); for the others libzmq keeps the value (PLAIN credentials) or
 * refuses null (ZAP domain), as it does under zeromq.
 */
const clearedByNull = new Set(["socksProxy", "interface", "socksUsername", "socksPassword"])

interface Step {
  set: unknown
  expected: unknown
}

/** What to write, in order, and what each write must read back as. */
function steps(name: string, spec: OptionSpec, initial: unknown): Step[] {
  switch (spec.type) {
    case "int": {
      const value = intSamples[name]
      if (value === undefined) throw new Error(`the test has no sample value for int option "${name}"`)
      return [{set: value, expected: value}]
    }
    case "bool":
      return spec.access === "W"
        ? [{set: true, expected: true}, {set: false, expected: false}]
        : [{set: !initial, expected: !initial}]
    case "int64":
      return [
        {set: 1234n, expected: 1234},
        {set: 4321, expected: 4321},
        {set: 2n ** 60n, expected: 2n ** 60n},
      ]
    case "uint64":
      return [
        {set: 2n ** 60n, expected: 2n ** 60n},
        {set: 3, expected: 3},
        {set: 2n ** 64n - 1n, expected: 2n ** 64n - 1n},
      ]
    case "bin": {
      const bytes = Buffer.from([0, 1, 0, 2])
      return spec.access === "W"
        ? [{set: bytes, expected: bytes}, {set: "abc", expected: "abc"}]
        // Read back as zeromq reads it, a string, but with every byte (zeromq cuts at NUL).
        : [{set: bytes, expected: "\u0000\u0001\u0000\u0002"}, {set: "abc", expected: "abc"}]
    }
    case "str": {
      const value = strSamples[name] ?? "zmq-napi test"
      return clearedByNull.has(name) ? [{set: value, expected: value}, {set: null, expected: null}] : [{set: value, expected: value}]
    }
    case "key": {
      const first = zmq.curveKeyPair().publicKey
      const second = zmq.curveKeyPair().publicKey
      return [{set: first, expected: first}, {set: zmq.z85Decode(second), expected: second}]
    }
    case "verbosity":
      return [
        {set: "allSubs", expected: "allSubs"},
        {set: "allSubsUnsubs", expected: "allSubsUnsubs"},
        {set: null, expected: null},
      ]
    default:
      throw new Error(`option "${name}" of type ${spec.type} is not writable`)
  }
}

function expectReadBack(actual: unknown, expected: unknown): void {
  if (Buffer.isBuffer(expected)) {
    expect(Buffer.isBuffer(actual), "reads back a Buffer").toBe(true)
    expect([...(actual as Buffer)]).toEqual([...expected])
  } else {
    expect(actual).toBe(expected)
  }
}

for (const socket of socketClasses) {
  describe(`${socket.name} options`, () => {
    const entries = Object.entries(table)

    it("has exactly the options of its type that this build supports", () => {
      const expected = entries
        .filter(([, spec]) => appliesTo(spec, socket) && missingFromBuild(spec) === undefined)
        .map(([name]) => name)
      withSocket(socket.Class, s => {
        expect(entries.map(([name]) => name).filter(name => name in s)).toEqual(expected)
      })
    })

    for (const [name, spec] of entries) {
      if (!appliesTo(spec, socket) || spec.access === "R") continue
      const missing = missingFromBuild(spec)
      const tag = spec.draft ? " (draft API, available in this build)"
        : spec.requires ? ` (${spec.requires}, available in this build)` : ""

      if (missing !== undefined) {
        it(`${name} is absent (${missing})`, () => {
          withSocket(socket.Class, s => expect(name in s).toBe(false))
        })
      } else if (needsCurve(name) && !zmq.capability.curve) {
        it(`${name} fails to set (CURVE not in this libzmq build)`, () => {
          withSocket(socket.Class, s => {
            const value = spec.type === "key" ? zmq.curveKeyPair().publicKey : true
            expect(() => { (s as unknown as Record<string, unknown>)[name] = value }).toThrow()
          })
        })
      } else {
        it(`${name} (${spec.type}, ${spec.access}) round-trips${tag}`, () => {
          withSocket(socket.Class, s => {
            const options = s as unknown as Record<string, unknown>
            const initial = options[name]
            const plan = steps(name, spec, initial)
            if (spec.access === "RW") expect(initial, "the sample differs from the default").not.toEqual(plan[0]!.expected)
            for (const {set, expected} of plan) {
              options[name] = set
              expectReadBack(options[name], expected)
            }
          })
        })
      }
    }

    it("type reads the libzmq socket type number", () => {
      withSocket(socket.Class, s => expect(s.type).toBe(socket.number))
    })

    it("threadSafe reads false", () => {
      withSocket(socket.Class, s => expect(s.threadSafe).toBe(false))
    })

    it("every readable text option (and routingId) reads null while unset, as in zeromq", () => {
      const textual = entries.filter(([, spec]) => (spec.type === "str" || spec.type === "bin") && spec.access === "RW"
        && appliesTo(spec, socket) && missingFromBuild(spec) === undefined)
      expect(textual.length).toBeGreaterThan(0)
      withSocket(socket.Class, s => {
        for (const [name] of textual) expect([name, (s as unknown as Record<string, unknown>)[name]]).toEqual([name, null])
      })
    })

    it("lastEndpoint reads null before bind, then the bound endpoint", async () => {
      const s = new socket.Class()
      try {
        expect(s.lastEndpoint).toBe(null)
        await s.bind("tcp://127.0.0.1:*")
        expect(s.lastEndpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
      } finally {
        s.close()
      }
    })
  })
}
