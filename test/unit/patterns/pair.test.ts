import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {socketScope, texts} from "./support"

describe.each(transports)("pair over %s", transport => {
  const use = socketScope()

  async function connected() {
    const left = use(new zmq.Pair())
    const right = use(new zmq.Pair())
    right.connect(await bound(left, transport))
    return {left, right}
  }

  it("carries messages in both directions", async () => {
    const {left, right} = await connected()
    await right.send(["from right", "1"])
    expect(texts(await left.receive())).toEqual(["from right", "1"])
    await left.send(["from left", "2"])
    expect(texts(await right.receive())).toEqual(["from left", "2"])
  })

  it("carries simultaneous traffic both ways, each direction in order", async () => {
    const {left, right} = await connected()
    const count = 100
    const leftSends = Promise.all(Array.from({length: count}, (_, i) => left.send(`L${i}`)))
    const rightSends = Promise.all(Array.from({length: count}, (_, i) => right.send(`R${i}`)))

    const atRight: string[] = []
    const atLeft: string[] = []
    for (let i = 0; i < count; i++) {
      atRight.push(texts(await right.receive())[0]!)
      atLeft.push(texts(await left.receive())[0]!)
    }
    await Promise.all([leftSends, rightSends])
    expect(atRight).toEqual(Array.from({length: count}, (_, i) => `L${i}`))
    expect(atLeft).toEqual(Array.from({length: count}, (_, i) => `R${i}`))
  })
})
