/**
 * A bound Request must get the reply of a Reply whose handshake its ZAP
 * handler answered with a user id (every PLAIN and CURVE client of the
 * Authenticator). libzmq 4.3.4's REQ session took that user id, pushed just
 * before the Reply's first message, for a reply without its empty delimiter
 * and dropped the connection: the reply was lost, and with heartbeats the
 * connection went at the Reply's first PONG, one interval after every
 * handshake (the wire fuzzer's stalled bound Request under CURVE).
 * deps/patches/libzmq/0007-sessions-pass-zap-credential.patch passes it on
 * as every other session does.
 *
 * Without the patch each case fails on the Reply's "disconnect" event, not on
 * a timeout: its Reply does not reconnect, so its one connection either
 * carries the reply or is dropped.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {once} from "../observer/support"
import {NAMED_USER_HANDSHAKES} from "./named-users"
import {authScope} from "./support"

describe("a bound Request behind a ZAP handler that names its users", () => {
  const {use, authenticator} = authScope()

  it.each(Object.keys(NAMED_USER_HANDSHAKES))("%s: the connecting Reply's answer arrives", async name => {
    const handshake = NAMED_USER_HANDSHAKES[name]!
    handshake.configure(authenticator()).start()
    const request = use(new zmq.Request({linger: 0, ...handshake.server}))
    // One connection only: a dropped one must show as "disconnect", not be hidden by a reconnect.
    const reply = use(new zmq.Reply({linger: 0, reconnectInterval: -1, ...handshake.client}))

    await request.bind("tcp://127.0.0.1:*")
    const dropped = once(reply.events, "disconnect").then(() => {
      throw new Error("the Request dropped the Reply's connection")
    })
    reply.connect(request.lastEndpoint!)

    await request.send("question")
    const [question] = await Promise.race([reply.receive(), dropped])
    expect(question!.toString()).toBe("question")
    await reply.send("answer")
    const [answer] = await Promise.race([request.receive(), dropped])
    expect(answer!.toString()).toBe("answer")
  })
})
