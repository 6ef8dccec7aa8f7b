/**
 * Monitor events are taken from libzmq as they come, whoever reads them:
 * libzmq sends them with a blocking send, on the JS thread itself for a
 * failed bind, so a full monitor pipe would hang the process. An observer
 * that nobody reads keeps only the newest OBSERVER_BACKLOG events.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {OBSERVER_BACKLOG} from "../../../lib/observer"
import {socketScope} from "../patterns/support"

const use = socketScope()

describe("observer backlog", () => {
  it("thousands of events from one synchronous loop never block it, and an unread observer keeps the newest ones", async () => {
    const holder = use(new zmq.Pull())
    await holder.bind("tcp://127.0.0.1:*")
    const address = holder.lastEndpoint!
    const pull = use(new zmq.Pull())
    const unread = pull.events
    const reader = new zmq.Observer(pull)

    // Each failed bind makes libzmq send two events (the listener's close,
    // then bind:error) from inside bindSync(): more than the default
    // high-water marks of an inproc pipe (1000 + 1000) would hold.
    const binds = OBSERVER_BACKLOG / 2 + 50
    for (let i = 0; i < binds; i++) {
      expect(() => pull.bindSync(address)).toThrow("Address already in use")
    }

    // `reader` reads them all; both observers got the same batches meanwhile.
    let read = 0
    while (read < binds * 2) {
      const event = await reader.receive()
      expect(event.type).toBe(read % 2 === 0 ? "close" : "bind:error")
      read++
    }
    // `unread` dropped the oldest 100 and kept the rest, in order.
    let kept = 0
    for (; kept < OBSERVER_BACKLOG; kept++) {
      expect((await unread.receive()).type).toBe(kept % 2 === 0 ? "close" : "bind:error")
    }
    pull.close()
    expect(await unread.receive()).toEqual({type: "end"})
    expect(await reader.receive()).toEqual({type: "end"})
  })
})
