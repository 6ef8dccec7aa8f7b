/**
 * ZMQ_FD is edge-triggered (reliability.md F7): reading ZMQ_EVENTS, as the
 * poller's zmq_poll does, consumes the edge. A socket's own pending receive()
 * or send() must still complete when a poller's check was the one to see
 * that the socket became ready, in whichever direction it waits.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound} from "../../helpers"
import {observe, pushPull, socketScope, texts, turn} from "../patterns/support"

describe("Poller checks and a socket's own pending operations", () => {
  const use = socketScope()

  it("a pending receive() completes though a poller's check saw the message first", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    const receiving = pull.receive()
    await turn()
    const poller = new zmq.Poller().add(pull)
    // Over inproc the message is in the pipe when send() returns, and the
    // check below runs before the socket's ZMQ_FD is serviced.
    void push.send("x")
    expect((await poller.wait({timeout: 0})).map(item => item.socket)).toEqual([pull])
    expect(texts(await receiving)).toEqual(["x"])
  })

  it("the socket's `readable` getter, read at that moment, does not lose the edge either", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    const receiving = pull.receive()
    await turn()
    void push.send("x")
    expect(pull.readable).toBe(true)
    expect(texts(await receiving)).toEqual(["x"])
  })

  it("a pending send() completes though a poller waiting for `readable` saw the socket become writable", async () => {
    const left = use(new zmq.Dealer({sendHighWaterMark: 1}))
    const right = use(new zmq.Dealer({receiveHighWaterMark: 1}))
    right.connect(await bound(left, "inproc"))
    // Fill the pipe (1 + 1 messages), then one more send waits.
    left.sendTimeout = 0
    await left.send("1")
    await left.send("2")
    await expect(left.send("refused")).rejects.toMatchObject({code: "EAGAIN"})
    left.sendTimeout = -1
    const sending = observe(left.send("3"))
    await turn()
    expect(sending.settled).toBe(false)

    // Draining makes `left` writable. The poller asks only for "readable",
    // but its check reads all of ZMQ_EVENTS and so consumes the edge.
    const poller = new zmq.Poller().add(left, "readable")
    expect(texts(await right.receive())).toEqual(["1"])
    expect(texts(await right.receive())).toEqual(["2"])
    expect(await poller.wait({timeout: 0})).toEqual([])
    await sending.promise
    expect(texts(await right.receive())).toEqual(["3"])
  })
})
