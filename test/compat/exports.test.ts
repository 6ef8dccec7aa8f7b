import {createRequire} from "node:module"
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../lib/compat/index"
import {nativeConstants, optionConstants} from "../../lib/compat/constants"
import {closeAll, compatModule, socket} from "./support"

afterEach(closeAll)

describe("compat module exports", () => {
  it("has socket/createSocket, Socket, Context, proxy, version and the maps", () => {
    expect(zmq.createSocket).toBe(zmq.socket)
    expect(typeof zmq.Socket).toBe("function")
    expect(typeof zmq.Context).toBe("function")
    expect(typeof zmq.proxy).toBe("function")
    expect(zmq.version).toMatch(/^\d+\.\d+\.\d+$/)
    expect(zmq.zmqVersion()).toBe(zmq.version)
    expect(zmq.types).toEqual({
      pub: 1, xpub: 9, sub: 2, xsub: 10, req: 3, xreq: 5, rep: 4, xrep: 6,
      push: 8, pull: 7, dealer: 5, router: 6, pair: 0, stream: 11,
    })
    expect(zmq.events).toEqual({
      1: "connect", 2: "connect_delay", 4: "connect_retry", 8: "listen", 16: "bind_error",
      32: "accept", 64: "accept_error", 128: "close", 256: "close_error", 512: "disconnect",
    })
    expect(zmq.options.identity).toBe(5)
    expect(zmq.options._subscribe).toBe(6)
    expect(zmq.options.hwm).toBe(1)
    expect(zmq.options.swap).toBe(3)
    expect(zmq.options.mcast_loop).toBe(10)
    expect(zmq.options.heartbeat_ivl).toBe(75)
    expect(zmq.options.connect_timeout).toBe(79)
  })

  it("exports every legacy constant with its legacy number, including the 2.x ones", () => {
    const all = {...nativeConstants, ...optionConstants} as Record<string, number>
    const exported = zmq as unknown as Record<string, unknown>
    for (const [name, value] of Object.entries(all)) expect([name, exported[name]]).toEqual([name, value])
    expect(zmq.ZMQ_RECOVERY_IVL_MSEC).toBe(20)
    expect(zmq.ZMQ_HWM).toBe(1)
    expect(zmq.ZMQ_SWAP).toBe(3)
    expect(zmq.ZMQ_MCAST_LOOP).toBe(10)
    expect(zmq.ZMQ_NOBLOCK).toBe(1)
    expect(zmq.ZMQ_SNDMORE).toBe(2)
    expect([zmq.STATE_READY, zmq.STATE_BUSY, zmq.STATE_CLOSED]).toEqual([0, 1, 2])
    expect([zmq.ZMQ_IO_THREADS, zmq.ZMQ_MAX_SOCKETS]).toEqual([1, 2])
  })

  it("makes the constants read-only in the CommonJS module", () => {
    const legacy = createRequire(__filename)(compatModule)
    expect(() => { "use strict"; legacy.ZMQ_SNDMORE = 5 }).toThrow(TypeError)
    expect(legacy.ZMQ_SNDMORE).toBe(2)
    expect(legacy.ZMQ_LINGER).toBe(17)
    expect(legacy.createSocket).toBe(legacy.socket)
  })

  it("curveKeypair() returns 40-character Z85 keys that sockets accept", () => {
    const pair = zmq.curveKeypair()
    expect(Object.keys(pair).sort()).toEqual(["public", "secret"])
    expect(pair.public).toMatch(/^[\x21-\x7e]{40}$/)
    expect(pair.secret).toHaveLength(40)
    expect(zmq.zmqCurveKeypair().public).toHaveLength(40)
    const sock = socket("rep")
    sock.curve_secretkey = pair.secret
    expect(sock.curve_secretkey).toEqual(Buffer.from(pair.secret))
  })

  it("Context statics act on the default context", () => {
    const threads = zmq.Context.getMaxThreads()
    const sockets = zmq.Context.getMaxSockets()
    try {
      zmq.Context.setMaxThreads(3)
      expect(zmq.Context.getMaxThreads()).toBe(3)
      zmq.Context.setMaxSockets(64)
      expect(zmq.Context.getMaxSockets()).toBe(64)
    } finally {
      zmq.Context.setMaxThreads(threads)
      zmq.Context.setMaxSockets(sockets)
    }
    expect(() => zmq.Context.setMaxThreads("3" as unknown as number)).toThrow("Value must be an integer")
  })

  it("new Context(ioThreads) has setOpt/getOpt/close", () => {
    const context = new zmq.Context(2)
    expect(context.getOpt(zmq.ZMQ_IO_THREADS)).toBe(2)
    context.setOpt(zmq.ZMQ_MAX_SOCKETS, 16)
    expect(context.getOpt(zmq.ZMQ_MAX_SOCKETS)).toBe(16)
    context.close()
    expect(() => context.getOpt(zmq.ZMQ_IO_THREADS)).toThrow()
  })

  it("Context refuses a non-number io_threads or option with the legacy TypeErrors, naming them", () => {
    expect(() => new zmq.Context("3" as unknown as number)).toThrow(new TypeError("io_threads must be an integer"))
    const context = new zmq.Context()
    try {
      expect(() => context.getOpt(Infinity)).toThrow(new TypeError("Option must be an integer"))
      expect(() => context.setOpt(1, NaN)).toThrow(new TypeError("Value must be an integer"))
    } finally {
      context.close()
    }
  })
})
