import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {socketScope, texts} from "./support"

describe.each(transports)("closing with operations pending over %s", transport => {
  const use = socketScope()

  it("rejects a pending receive with EBADF", async () => {
    const pull = use(new zmq.Pull())
    const push = use(new zmq.Push())
    push.connect(await bound(pull, transport))
    const pending = pull.receive()
    pull.close()
    await expect(pending).rejects.toMatchObject({code: "EBADF"})
    expect(pull.closed).toBe(true)
  })

  it("rejects every pending send with EBADF", async () => {
    // A bound Push without peers cannot send: its sends wait.
    const push = use(new zmq.Push())
    await bound(push, transport)
    const pending = [push.send("one"), push.send(["two", "frames"]), push.send("three")]
    push.close()
    for (const send of pending) await expect(send).rejects.toMatchObject({code: "EBADF"})
  })

  it("rejects send and receive after close with EBADF; a second close is harmless", async () => {
    const pair = use(new zmq.Pair())
    await bound(pair, transport)
    pair.close()
    pair.close()
    await expect(pair.send("late")).rejects.toMatchObject({code: "EBADF"})
    await expect(pair.receive()).rejects.toMatchObject({code: "EBADF"})
  })

  it("ends a for-await loop cleanly when the socket is closed while it waits", async () => {
    const pull = use(new zmq.Pull())
    const push = use(new zmq.Push())
    push.connect(await bound(pull, transport))

    const received: string[] = []
    let gotThree!: () => void
    const three = new Promise<void>(resolve => { gotThree = resolve })
    const loop = (async () => {
      for await (const message of pull) {
        received.push(texts(message).join("|"))
        if (received.length === 3) gotThree()
      }
      return "ended"
    })()

    await push.send("a")
    await push.send(["b", "c"])
    await push.send("d")
    await three
    // The loop is now waiting for a fourth message.
    pull.close()
    await expect(loop).resolves.toBe("ended")
    expect(received).toEqual(["a", "b|c", "d"])
  })

  it("ends a for-await loop when the socket is closed from inside it", async () => {
    const pull = use(new zmq.Pull())
    const push = use(new zmq.Push())
    push.connect(await bound(pull, transport))
    for (const text of ["1", "2", "3"]) await push.send(text)

    const received: string[] = []
    for await (const [frame] of pull) {
      received.push(frame!.toString())
      if (received.length === 2) pull.close()
    }
    expect(received).toEqual(["1", "2"])
  })
})
