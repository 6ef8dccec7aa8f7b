/**
 * The Poller's type declarations, compiled as a consumer compiles them:
 * reported sockets carry the items' type (so `socket.receive()` type-checks
 * for a Poller<Pull | Subscriber>), descriptors and sockets narrow apart, and
 * wrong items, events and options do not compile.
 */
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import {typeCheck} from "../../helpers"

describe("Poller type declarations", () => {
  it("accept what the API allows and refuse the rest (fixtures/typed-poller.ts)", async () => {
    const result = await typeCheck(path.join(__dirname, "fixtures/typed-poller.ts"), false)
    expect(result).toEqual({code: 0, output: ""})
  }, 60_000)
})
