import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {socketScope} from "./support"

describe.each(transports)("push/pull over %s", transport => {
  const use = socketScope()

  it("fans out: each message reaches exactly one puller, round-robin", async () => {
    // The Push connects to bound Pulls: a connecting socket has its pipe from
    // the start, so all three pullers take part in the round-robin from the
    // first message, whatever the transport's handshake timing.
    const pulls = [0, 1, 2].map(() => use(new zmq.Pull()))
    const push = use(new zmq.Push())
    for (const pull of pulls) push.connect(await bound(pull, transport))

    const total = 30
    const received: string[][] = [[], [], []]
    let count = 0
    let allArrived!: () => void
    const arrived = new Promise<void>(resolve => { allArrived = resolve })
    const loops = pulls.map(async (pull, index) => {
      for await (const [frame] of pull) {
        received[index]!.push(frame!.toString())
        if (++count === total) allArrived()
      }
    })

    for (let i = 0; i < total; i++) await push.send(`m${i}`)
    await arrived
    for (const pull of pulls) pull.close()
    await Promise.all(loops)

    const sequences = received.map(messages => messages.map(message => Number(message.slice(1))))
    // Every message once, none twice.
    expect(sequences.flat().sort((a, b) => a - b)).toEqual(Array.from({length: total}, (_, i) => i))
    for (const share of sequences) {
      expect(share).toHaveLength(total / 3)
      // Each puller sees its share in send order.
      expect(share).toEqual([...share].sort((a, b) => a - b))
    }
  })

  it("fans in: every message from three pushers arrives, each sender's order kept", async () => {
    const pull = use(new zmq.Pull())
    const address = await bound(pull, transport)
    const pushes = [0, 1, 2].map(() => use(new zmq.Push()))
    for (const push of pushes) push.connect(address)

    const perSender = 200
    // Overlapping sends from all three pushers at once.
    const sending = Promise.all(pushes.map((push, sender) =>
      Promise.all(Array.from({length: perSender}, (_, i) => push.send([`p${sender}`, String(i)])))))

    const seen: number[][] = [[], [], []]
    for (let n = 0; n < 3 * perSender; n++) {
      const [sender, sequence] = await pull.receive()
      seen[Number(sender!.toString().slice(1))]!.push(Number(sequence!.toString()))
    }
    await sending
    for (const sequences of seen) {
      expect(sequences).toEqual(Array.from({length: perSender}, (_, i) => i))
    }
  })
})
