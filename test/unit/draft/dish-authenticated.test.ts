/**
 * A bound Dish must receive from a Radio whose handshake its ZAP handler
 * answered with a user id (every PLAIN and CURVE client of the
 * Authenticator). libzmq 4.3.4's DISH session took that user id, the first
 * message of such a connection, for a group frame without its body and
 * dropped the connection, again after every reconnect: nothing ever arrived.
 * deps/patches/libzmq/0007-dish-passes-zap-credential.patch passes it on as
 * every other session does. The wire fuzzer found it.
 *
 * Without the patch each case fails on the Radio's "disconnect" event, not on
 * a timeout: its Radio does not reconnect, so its one connection either
 * carries the group's message or is dropped.
 */
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {Dish, Radio} from "../../../lib/draft"
import {once} from "../observer/support"
import {syncGroup} from "./support"

const USER = "radio"
const PASSWORD = "radio-password"
const keys = zmq.curveKeyPair()
const radioKeys = zmq.curveKeyPair()

/** How each mechanism's handshake gets a user id: PLAIN and CURVE from the Authenticator's rules, NULL from a callback. */
const CASES = {
  PLAIN: {
    configure: (auth: zmq.Authenticator) => auth.configurePlain("*", {[USER]: PASSWORD}),
    dish: {plainServer: true},
    radio: {plainUsername: USER, plainPassword: PASSWORD},
  },
  CURVE: {
    configure: (auth: zmq.Authenticator) => auth.configureCurve("*", zmq.CURVE_ALLOW_ANY),
    dish: {curveServer: true, curveSecretKey: keys.secretKey},
    radio: {curveServerKey: keys.publicKey, curvePublicKey: radioKeys.publicKey, curveSecretKey: radioKeys.secretKey},
  },
  // NULL asks the ZAP handler only when the server has a ZAP domain.
  "NULL with a ZAP user id": {
    configure: (auth: zmq.Authenticator) => auth.configureCallback("*", () => ({status: 200, userId: USER})),
    dish: {zapDomain: "dish"},
    radio: {},
  },
}

describe("a bound Dish behind a ZAP handler that names its users", () => {
  let cleanup: Array<() => void> = []
  afterEach(() => {
    for (const close of cleanup.reverse()) close()
    cleanup = []
  })

  it.each(Object.keys(CASES))("%s: a connecting Radio's messages arrive", async name => {
    const {configure, dish: dishOptions, radio: radioOptions} = CASES[name as keyof typeof CASES]
    const auth = configure(new zmq.Authenticator()).start()
    const dish = new Dish({linger: 0, ...dishOptions})
    // One connection only: a dropped one must show as "disconnect", not be hidden by a reconnect.
    const radio = new Radio({linger: 0, reconnectInterval: -1, ...radioOptions})
    cleanup.push(() => auth.stop(), () => dish.close(), () => radio.close())

    dish.join("news")
    await dish.bind("tcp://127.0.0.1:*")
    const dropped = once(radio.events, "disconnect").then(() => {
      throw new Error("the Dish dropped the Radio's connection after its handshake")
    })
    radio.connect(dish.lastEndpoint!)

    const next = await Promise.race([syncGroup(radio, dish, "news", "sync"), dropped])
    await radio.send("after the handshake", {group: "news"})
    const [body, {group}] = await next()
    expect(body.toString()).toBe("after the handshake")
    expect(group.toString()).toBe("news")
  })
})
