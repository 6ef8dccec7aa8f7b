/**
 * Options set after bind/connect: as zeromq v6 does, one that only applies to
 * new connections warns through process.emitWarning (so it can be filtered);
 * those that take effect at once, and any option on a socket without
 * endpoints, stay silent.
 */
import {afterEach, beforeEach, describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress} from "../../helpers"

const TEXT = "Socket option will not take effect until next connect/bind."

let warnings: Error[] = []
const listen = (warning: Error) => warnings.push(warning)
beforeEach(() => {
  warnings = []
  process.on("warning", listen)
})
afterEach(() => {
  process.off("warning", listen)
})

/** The warnings emitted by `action` (warnings arrive in order, on a later tick: a marker ends them). */
async function warningsOf(action: () => void | Promise<void>): Promise<string[]> {
  warnings = []
  await action()
  const marker = `end of action ${Math.random()}`
  const seen = new Promise<void>(resolve => {
    const onWarning = (warning: Error) => {
      if (warning.message !== marker) return
      process.off("warning", onWarning)
      resolve()
    }
    process.on("warning", onWarning)
  })
  process.emitWarning(marker)
  await seen
  return warnings.map(warning => warning.message).filter(message => message !== marker)
}

describe("setting an option after bind/connect", () => {
  it("warns with zeromq's text for an option that waits for the next bind or connect", async () => {
    const dealer = new zmq.Dealer()
    try {
      expect(await warningsOf(() => { dealer.immediate = true })).toEqual([])
      await dealer.bind(bindAddress("tcp"))
      expect(await warningsOf(() => { dealer.immediate = false })).toEqual([TEXT])
      expect(warnings[0]).toMatchObject({name: "Warning"})
      expect(await warningsOf(() => { dealer.heartbeatInterval = 100 })).toEqual([TEXT])
    } finally {
      dealer.close()
    }
  })

  it("stays silent for options that take effect at once (zeromq's list)", async () => {
    const router = new zmq.Router()
    const subscriber = new zmq.Subscriber()
    const xpub = new zmq.XPublisher()
    const request = new zmq.Request()
    try {
      router.connect(bindAddress("inproc"))
      subscriber.connect(bindAddress("inproc"))
      xpub.connect(bindAddress("inproc"))
      request.connect(bindAddress("inproc"))
      expect(await warningsOf(() => {
        router.linger = 0
        router.mandatory = true
        router.probeRouter = true
        router.handover = true
        router.sendHighWaterMark = 10
        router.receiveHighWaterMark = 10
        router.sendTimeout = 10
        router.receiveTimeout = 10
        subscriber.subscribe("topic")
        subscriber.unsubscribe("topic")
        xpub.verbosity = "allSubs"
        xpub.verbosity = "allSubsUnsubs"
        request.correlate = true
        request.relaxed = true
      })).toEqual([])
    } finally {
      for (const socket of [router, subscriber, xpub, request]) socket.close()
    }
  })

  it("stays silent once every endpoint is gone again", async () => {
    const dealer = new zmq.Dealer()
    try {
      const address = bindAddress("inproc")
      dealer.connect(address)
      dealer.disconnect(address)
      expect(await warningsOf(() => { dealer.immediate = true })).toEqual([])
    } finally {
      dealer.close()
    }
  })

  it("does not warn for Router.connect(address, {routingId}) on a connected router: the id names that very connect", async () => {
    const router = new zmq.Router()
    try {
      expect(await warningsOf(() => {
        router.connect(bindAddress("inproc"), {routingId: "a"})
        router.connect(bindAddress("inproc"), {routingId: "b"})
      })).toEqual([])
    } finally {
      router.close()
    }
  })
})
