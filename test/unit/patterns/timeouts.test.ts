/**
 * Bounded waits: receiveTimeout / sendTimeout and per-call AbortSignals.
 * Timing is only checked loosely (never rejecting before the timeout).
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {observe, socketScope, texts, turn} from "./support"

describe.each(transports)("timeouts and abort over %s", transport => {
  const use = socketScope()

  async function connected(options: {receiveTimeout?: number} = {}) {
    const pull = use(new zmq.Pull(options))
    const push = use(new zmq.Push())
    push.connect(await bound(pull, transport))
    return {push, pull}
  }

  it("receiveTimeout rejects a receive with EAGAIN, and the socket still receives afterwards", async () => {
    const {push, pull} = await connected({receiveTimeout: 50})
    const started = performance.now()
    await expect(pull.receive()).rejects.toMatchObject({code: "EAGAIN"})
    expect(performance.now() - started).toBeGreaterThanOrEqual(40)

    await push.send("later")
    expect(texts(await pull.receive())).toEqual(["later"])
  })

  it("receiveTimeout 0 rejects at once when nothing is queued", async () => {
    const {pull} = await connected({receiveTimeout: 0})
    await expect(pull.receive()).rejects.toMatchObject({code: "EAGAIN"})
  })

  it("sendTimeout rejects a send that cannot go out with EAGAIN", async () => {
    // A bound Push without peers has nowhere to send.
    const push = use(new zmq.Push({sendTimeout: 50}))
    await bound(push, transport)
    const started = performance.now()
    await expect(push.send("nowhere")).rejects.toMatchObject({code: "EAGAIN"})
    expect(performance.now() - started).toBeGreaterThanOrEqual(40)
  })

  it("an AbortSignal rejects a pending receive with its reason; the next receive gets the message", async () => {
    const {push, pull} = await connected()
    const controller = new AbortController()
    const aborted = pull.receive({signal: controller.signal})
    const reason = new Error("no longer needed")
    controller.abort(reason)
    await expect(aborted).rejects.toBe(reason)

    await push.send("for the next receive")
    expect(texts(await pull.receive())).toEqual(["for the next receive"])
  })

  it("aborting one of two pending receives leaves the message for the other", async () => {
    const {push, pull} = await connected()
    const controller = new AbortController()
    const first = pull.receive({signal: controller.signal})
    const second = observe(pull.receive())
    controller.abort()
    await expect(first).rejects.toMatchObject({name: "AbortError"})
    await turn()
    expect(second.settled).toBe(false)

    await push.send("one")
    expect(texts(await second.promise)).toEqual(["one"])
  })

  it("an already aborted signal rejects without consuming a message", async () => {
    const {push, pull} = await connected()
    await push.send("kept")
    const reason = new Error("too late")
    await expect(pull.receive({signal: AbortSignal.abort(reason)})).rejects.toBe(reason)
    expect(texts(await pull.receive())).toEqual(["kept"])
  })

  it("an AbortSignal rejects a pending send, which then never goes out", async () => {
    // A bound Push without peers: the send has to wait.
    const push = use(new zmq.Push())
    const address = await bound(push, transport)
    const controller = new AbortController()
    const aborted = push.send("abandoned", {signal: controller.signal})
    const reason = new Error("abandon")
    controller.abort(reason)
    await expect(aborted).rejects.toBe(reason)

    // A peer now appears: only the later message reaches it.
    const pull = use(new zmq.Pull())
    pull.connect(address)
    await push.send("delivered")
    expect(texts(await pull.receive())).toEqual(["delivered"])
  })
})
