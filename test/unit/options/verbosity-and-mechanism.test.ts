/**
 * Options whose effect is visible: XPublisher `verbosity` (which subscription
 * messages reach the XPublisher) and `securityMechanism` (what the security
 * options switched on).
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound} from "../../helpers"
import {withSocket} from "./socket-classes"

describe("XPublisher verbosity", () => {
  for (const value of [null, "allSubs", "allSubsUnsubs"] as const) {
    it(`accepts ${JSON.stringify(value)} and reads it back`, () => {
      withSocket(zmq.XPublisher, xpub => {
        xpub.verbosity = value
        expect(xpub.verbosity).toBe(value)
      })
    })
  }

  /**
   * Subscription messages an XPublisher with `verbosity` passes on while two
   * subscribers both subscribe to "topic" (then `more` runs). Each subscriber
   * ends with its own sentinel subscription: messages of one connection arrive
   * in order, so once both sentinels are in, everything before them is too.
   */
  async function subscriptionsSeen(verbosity: zmq.XPublisher["verbosity"],
                                   more: (a: zmq.Subscriber, b: zmq.Subscriber) => void = () => {}) {
    const xpub = new zmq.XPublisher({verbosity})
    const a = new zmq.Subscriber()
    const b = new zmq.Subscriber()
    try {
      const address = await bound(xpub, "inproc")
      a.connect(address)
      b.connect(address)
      a.subscribe("topic")
      b.subscribe("topic")
      more(a, b)
      a.subscribe("sentinel-a")
      b.subscribe("sentinel-b")
      const seen: string[] = []
      while (!seen.includes("\x01sentinel-a") || !seen.includes("\x01sentinel-b")) {
        const [frame] = await xpub.receive()
        seen.push(frame!.toString("latin1"))
      }
      return seen.filter(message => !message.includes("sentinel"))
    } finally {
      a.close()
      b.close()
      xpub.close()
    }
  }

  it("null passes a duplicate subscription once (libzmq default)", async () => {
    expect(await subscriptionsSeen(null)).toEqual(["\x01topic"])
  })

  it('"allSubs" passes duplicate subscriptions through', async () => {
    expect(await subscriptionsSeen("allSubs")).toEqual(["\x01topic", "\x01topic"])
  })

  it('"allSubsUnsubs" passes duplicate subscriptions and unsubscriptions through', async () => {
    const seen = await subscriptionsSeen("allSubsUnsubs", a => a.unsubscribe("topic"))
    expect(seen.filter(message => message === "\x01topic")).toHaveLength(2)
    expect(seen).toContain("\x00topic")
  })
})

describe("securityMechanism", () => {
  it("reads null by default", () => {
    withSocket(zmq.Dealer, dealer => expect(dealer.securityMechanism).toBe(null))
  })

  it('reads "plain" after plainServer = true', () => {
    withSocket(zmq.Dealer, dealer => {
      dealer.plainServer = true
      expect(dealer.securityMechanism).toBe("plain")
    })
  })

  if (zmq.capability.curve) {
    it('reads "curve" after curveServer = true with a secret key (CURVE in this build)', () => {
      withSocket(zmq.Router, router => {
        router.curveServer = true
        router.curveSecretKey = zmq.curveKeyPair().secretKey
        expect(router.securityMechanism).toBe("curve")
      })
    })
  } else {
    it("curveServer = true fails (CURVE not in this build)", () => {
      withSocket(zmq.Router, router => expect(() => { router.curveServer = true }).toThrow())
    })
  }

  if (zmq.capability.gssapi) {
    it('reads "gssapi" after gssapiServer = true (GSSAPI in this build)', () => {
      withSocket(zmq.Router, router => {
        router.gssapiServer = true
        expect(router.securityMechanism).toBe("gssapi")
      })
    })
  }
})
