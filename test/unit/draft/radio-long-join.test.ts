/**
 * A Radio must survive a peer's JOIN of a group longer than a message can
 * carry (255 bytes). libzmq 4.3.4 aborted the whole process on it (an
 * errno_assert in radio_session_t::push_msg); the wire fuzzer found it, and
 * deps/patches/libzmq/0006-radio-refuses-long-join-group.patch makes libzmq
 * drop that connection instead. Without the patch this file's process dies
 * with SIGABRT.
 */
import {describe, expect, it} from "vitest"
import {Dish, Radio} from "../../../lib/draft"
import {play} from "../../../fuzz/wire/peer.mjs"
import {join, leave, nullHandshake} from "../../../fuzz/wire/zmtp.mjs"
import {syncGroup} from "./support"

/** ZMQ_GROUP_MAX_LENGTH: the longest group a libzmq message holds. */
const GROUP_MAX_LENGTH = 255

/** A ZMTP 3.1 peer claiming to be a DISH sends `command` once the handshake is over; resolves when libzmq has closed the connection. */
async function rawDishSends(port: number, command: Buffer): Promise<void> {
  // NULL's handshake ends with the server's READY: a command before it would be refused as unexpected.
  await play(port, [{write: nullHandshake("DISH", {minor: 1})}, {awaitCommands: 1}, {write: command}]).closed
}

describe("a bound Radio and a peer's JOIN/LEAVE with an over-long group", () => {
  it.each([
    ["JOIN", join],
    ["LEAVE", leave],
  ])("a %s of 256 bytes drops that peer; the process lives and a good Dish still receives", async (_name, make) => {
    const radio = new Radio({linger: 0})
    const dish = new Dish({linger: 0})
    try {
      await radio.bind("tcp://127.0.0.1:*")
      const endpoint = radio.lastEndpoint!
      const port = Number(endpoint.slice(endpoint.lastIndexOf(":") + 1))
      await rawDishSends(port, make(Buffer.alloc(GROUP_MAX_LENGTH + 1, "g")))

      dish.join("news")
      dish.connect(endpoint)
      const next = await syncGroup(radio, dish, "news", "sync")
      await radio.send("after the long group", {group: "news"})
      const [body, {group}] = await next()
      expect(body.toString()).toBe("after the long group")
      expect(group.toString()).toBe("news")
    } finally {
      radio.close()
      dish.close()
    }
  })
})
