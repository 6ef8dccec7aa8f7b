/**
 * High-water marks. Over inproc the pipe holds exactly sendHWM + receiveHWM
 * messages, so the counts are exact; over tcp/ipc the kernel buffers absorb
 * an unknown amount, so only "no loss, no duplicate, in order" is asserted.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {observe, socketScope, texts, turn} from "./support"

describe("high-water mark over inproc", () => {
  const use = socketScope()

  async function connected(sendTimeout: number) {
    const push = use(new zmq.Push({sendHighWaterMark: 5, sendTimeout}))
    const pull = use(new zmq.Pull({receiveHighWaterMark: 5}))
    pull.connect(await bound(push, "inproc"))
    return {push, pull}
  }

  it("with sendTimeout 0, sends succeed until EAGAIN, and exactly the accepted messages arrive", async () => {
    const {push, pull} = await connected(0)
    let accepted = 0
    let refusal: unknown
    for (; accepted < 100; accepted++) {
      try {
        await push.send(`m${accepted}`)
      } catch (error) {
        refusal = error
        break
      }
    }
    expect(refusal).toMatchObject({code: "EAGAIN"})
    // libzmq sizes an inproc pipe as the sum of both ends' marks.
    expect(accepted).toBe(10)
    expect(push.writable).toBe(false)

    for (let i = 0; i < accepted; i++) expect(texts(await pull.receive())).toEqual([`m${i}`])
    // Nothing else is queued: the refused message was not half-sent.
    push.sendTimeout = -1
    await push.send("end")
    expect(texts(await pull.receive())).toEqual(["end"])
  })

  it("with the default sendTimeout, a send past the mark waits until the reader drains", async () => {
    const {push, pull} = await connected(-1)
    const sends = Array.from({length: 13}, (_, i) => observe(push.send(`m${i}`)))
    await Promise.all(sends.slice(0, 10).map(send => send.promise))
    await turn()
    expect(sends.slice(10).map(send => send.settled)).toEqual([false, false, false])
    expect(push.writable).toBe(false)

    const received: string[] = []
    for (let i = 0; i < 10; i++) received.push(texts(await pull.receive())[0]!)
    await Promise.all(sends.slice(10).map(send => send.promise))
    for (let i = 10; i < 13; i++) received.push(texts(await pull.receive())[0]!)
    expect(received).toEqual(Array.from({length: 13}, (_, i) => `m${i}`))
  })

  it("a refused immediate send does not disturb sends already waiting", async () => {
    const {push, pull} = await connected(-1)
    const sends = Array.from({length: 11}, (_, i) => observe(push.send(`m${i}`)))
    await Promise.all(sends.slice(0, 10).map(send => send.promise))

    push.sendTimeout = 0
    await expect(push.send("refused")).rejects.toMatchObject({code: "EAGAIN"})
    expect(sends[10]!.settled).toBe(false)

    for (let i = 0; i < 10; i++) expect(texts(await pull.receive())).toEqual([`m${i}`])
    await sends[10]!.promise
    expect(texts(await pull.receive())).toEqual(["m10"])
    push.sendTimeout = -1
    await push.send("end")
    expect(texts(await pull.receive())).toEqual(["end"])
  })
})

describe.each(transports.filter(transport => transport !== "inproc"))("high-water mark over %s", transport => {
  const use = socketScope()

  it("with sendTimeout 0, sends eventually fail with EAGAIN and nothing accepted is lost", async () => {
    const push = use(new zmq.Push({sendHighWaterMark: 5, sendTimeout: 0}))
    const pull = use(new zmq.Pull({receiveHighWaterMark: 5}))
    push.connect(await bound(pull, transport))

    // Large messages fill the kernel buffers in a bounded number of sends.
    const payload = Buffer.alloc(256 * 1024, 0x5a)
    let accepted = 0
    let refusal: unknown
    for (; accepted < 10_000; accepted++) {
      try {
        await push.send([String(accepted), payload])
      } catch (error) {
        refusal = error
        break
      }
    }
    expect(refusal).toMatchObject({code: "EAGAIN"})
    expect(accepted).toBeGreaterThan(0)

    for (let i = 0; i < accepted; i++) {
      const [sequence, body] = await pull.receive()
      expect(sequence!.toString()).toBe(String(i))
      expect(body!.length).toBe(payload.length)
    }
    push.sendTimeout = -1
    await push.send("end")
    expect(texts(await pull.receive())).toEqual(["end"])
  })
})
