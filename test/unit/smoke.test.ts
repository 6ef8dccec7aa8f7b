import {describe, expect, it} from "vitest"
import * as zmq from "../../lib/index"

describe("smoke", () => {
  it("loads", async () => {
    expect(zmq.version).toBe("4.3.4")
    const push = new zmq.Push()
    await push.bind("tcp://127.0.0.1:*")
    const pull = new zmq.Pull()
    pull.connect(push.lastEndpoint!)
    await push.send(["a", Buffer.from([0, 1])])
    const [a, b] = await pull.receive()
    expect(a!.toString()).toBe("a")
    expect([...b!]).toEqual([0, 1])
    push.close(); pull.close()
  })
})
