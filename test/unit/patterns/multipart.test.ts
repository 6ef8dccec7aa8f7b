import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {socketScope} from "./support"

/** Frame `index` of message `sequence` from `sender`; sizes vary from 0 bytes to 4 KiB. */
function frame(sender: number, sequence: number, index: number): Buffer {
  const size = [1, 0, 300, 4096, 17][(sequence + index) % 5]!
  return Buffer.alloc(size, (sender * 31 + sequence * 7 + index) % 256)
}

describe.each(transports)("multipart messages over %s", transport => {
  const use = socketScope()

  it("arrive whole and in frame order while many senders interleave", async () => {
    const pull = use(new zmq.Pull())
    const address = await bound(pull, transport)
    const senders = 4
    const perSender = 150
    const pushes = Array.from({length: senders}, () => use(new zmq.Push()))
    for (const push of pushes) push.connect(address)

    const sending = Promise.all(pushes.map((push, sender) => Promise.all(
      Array.from({length: perSender}, (_, sequence) => push.send([
        `${sender}:${sequence}`,
        frame(sender, sequence, 1), frame(sender, sequence, 2), frame(sender, sequence, 3), frame(sender, sequence, 4),
      ])))))

    const next = new Array<number>(senders).fill(0)
    for (let n = 0; n < senders * perSender; n++) {
      const message = await pull.receive()
      expect(message).toHaveLength(5)
      const [sender, sequence] = message[0]!.toString().split(":").map(Number) as [number, number]
      expect(sequence).toBe(next[sender])
      next[sender]!++
      for (let index = 1; index < 5; index++) {
        // Hex, not toEqual: vitest compares Buffers index by index, slowly.
        expect(message[index]!.toString("hex")).toBe(frame(sender, sequence, index).toString("hex"))
      }
    }
    await sending
    expect(next).toEqual(new Array(senders).fill(perSender))
  })

  it("preserve zero-length frames at the ends and in the middle", async () => {
    const pull = use(new zmq.Pull())
    const push = use(new zmq.Push())
    push.connect(await bound(pull, transport))

    const empty = Buffer.alloc(0)
    const cases: {sent: (string | Buffer | null)[]; expected: Buffer[]}[] = [
      {sent: [null, "a", "", Buffer.alloc(0), "b", null],
       expected: [empty, Buffer.from("a"), empty, empty, Buffer.from("b"), empty]},
      {sent: ["", "x", Buffer.alloc(0)], expected: [empty, Buffer.from("x"), empty]},
      {sent: [null, "", Buffer.alloc(0)], expected: [empty, empty, empty]},
      {sent: [null], expected: [empty]},
    ]
    for (const {sent} of cases) await push.send(sent)
    await push.send(null)
    await push.send("")
    await push.send(Buffer.alloc(0))

    for (const {expected} of cases) expect(await pull.receive()).toEqual(expected)
    for (let i = 0; i < 3; i++) expect(await pull.receive()).toEqual([empty])
  })
})
