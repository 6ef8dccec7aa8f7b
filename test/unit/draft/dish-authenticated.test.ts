/**
 * A bound Dish must receive from a Radio whose handshake its ZAP handler
 * answered with a user id (every PLAIN and CURVE client of the
 * Authenticator). libzmq 4.3.4's DISH session took that user id, the first
 * message of such a connection, for a group frame without its body and
 * dropped the connection, again after every reconnect: nothing ever arrived.
 * deps/patches/libzmq/0007-sessions-pass-zap-credential.patch passes it on as
 * every other session does. The wire fuzzer found it.
 *
 * Without the patch each case fails on the Radio's "disconnect" event, not on
 * a timeout: its Radio does not reconnect, so its one connection either
 * carries the group's message or is dropped.
 */
import {describe, expect, it} from "vitest"
import {Dish, Radio} from "../../../lib/draft"
import {NAMED_USER_HANDSHAKES} from "../auth/named-users"
import {authScope} from "../auth/support"
import {once} from "../observer/support"
import {syncGroup} from "./support"

describe("a bound Dish behind a ZAP handler that names its users", () => {
  const {use, authenticator} = authScope()

  it.each(Object.keys(NAMED_USER_HANDSHAKES))("%s: a connecting Radio's messages arrive", async name => {
    const handshake = NAMED_USER_HANDSHAKES[name]!
    handshake.configure(authenticator()).start()
    const dish = use(new Dish({linger: 0, ...handshake.server}))
    // One connection only: a dropped one must show as "disconnect", not be hidden by a reconnect.
    const radio = use(new Radio({linger: 0, reconnectInterval: -1, ...handshake.client}))

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
