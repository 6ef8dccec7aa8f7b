/**
 * Using a socket after close(): every operation fails with code EBADF (and
 * errno 9), nothing succeeds silently, and close() itself may be repeated.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress, failure, type ZmqError} from "../../helpers"



function closed<T extends zmq.Socket>(created: T): T {
  created.close()
  return created
}

describe("a closed socket", () => {
  const operations: [string, (s: zmq.Dealer) => unknown][] = [
    ["bind()", s => s.bind(bindAddress("tcp"))],
    ["bindSync()", s => s.bindSync(bindAddress("tcp"))],
    ["unbind()", s => s.unbind("tcp://127.0.0.1:5555")],
    ["connect()", s => s.connect("tcp://127.0.0.1:5555")],
    ["disconnect()", s => s.disconnect("tcp://127.0.0.1:5555")],
    ["send()", s => s.send("hello")],
    ["receive()", s => s.receive()],
    ["reading an option", s => s.linger],
    ["writing an option", s => { s.linger = 0 }],
    ["reading a read-only option", s => s.lastEndpoint],
    ["ref()", s => s.ref()],
    ["unref()", s => s.unref()],
  ]
  for (const [what, operation] of operations) {
    it(`${what} fails with code EBADF and errno 9`, async () => {
      const dealer = closed(new zmq.Dealer())
      const error = await failure(() => operation(dealer))
      expect(error).toBeInstanceOf(Error)
      expect(error.code).toBe("EBADF")
      expect(error.errno).toBe(9)
    })
  }

  it("Subscriber.subscribe() fails with EBADF", async () => {
    const sub = closed(new zmq.Subscriber())
    expect((await failure(() => sub.subscribe("topic"))).code).toBe("EBADF")
  })

  it("reports closed === true, and readable/writable false", () => {
    const dealer = new zmq.Dealer()
    expect(dealer.closed).toBe(false)
    dealer.close()
    expect(dealer.closed).toBe(true)
    expect(dealer.readable).toBe(false)
    expect(dealer.writable).toBe(false)
  })

  it("can be closed again", () => {
    const dealer = closed(new zmq.Dealer())
    expect(() => dealer.close()).not.toThrow()
    expect(dealer.closed).toBe(true)
  })

  it("ends async iteration without an error", async () => {
    const pull = closed(new zmq.Pull())
    const received: unknown[] = []
    for await (const message of pull) received.push(message)
    expect(received).toEqual([])
  })

  it("close() rejects a pending receive() with EBADF", async () => {
    const pull = new zmq.Pull()
    const pending = pull.receive()
    pull.close()
    const error = await failure(() => pending)
    expect(error.code).toBe("EBADF")
    expect(error.errno).toBe(9)
  })

  it("close() rejects a pending send() with EBADF", async () => {
    // A Push with no peer cannot hand a message to libzmq: the send waits.
    const push = new zmq.Push()
    const pending = push.send("hello")
    push.close()
    const error = await failure(() => pending)
    expect(error.code).toBe("EBADF")
  })
})
