/**
 * Contexts: custom contexts carry sockets, close() terminates them (pending
 * operations reject with ETERM), the shared default context cannot be
 * closed, and inproc:// names are per context.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress, bound, type Transport, failure, type ZmqError} from "../../helpers"



describe("a custom Context", () => {
  for (const transport of ["tcp", "inproc"] as Transport[]) {
    it(`carries sockets that talk over ${transport}`, async () => {
      const context = new zmq.Context()
      const push = new zmq.Push({context})
      const pull = new zmq.Pull({context})
      try {
        expect(push.context).toBe(context)
        pull.connect(await bound(push, transport))
        await push.send(["a", Buffer.from([0, 1])])
        const [a, b] = await pull.receive()
        expect(a!.toString()).toBe("a")
        expect([...b!]).toEqual([0, 1])
      } finally {
        push.close()
        pull.close()
        context.close()
      }
    })
  }

  it("sockets without a context option use the default context", () => {
    const push = new zmq.Push()
    try {
      expect(push.context).toBe(zmq.context)
    } finally {
      push.close()
    }
  })

  it("a context option that is not a Context throws a TypeError", () => {
    expect(() => new zmq.Push({context: {} as zmq.Context})).toThrow(TypeError)
  })
  it("has no own properties, as zeromq's: it spreads to {} and can be passed where options are read", () => {
    const context = new zmq.Context({ioThreads: 2})
    try {
      expect(Object.keys(context)).toEqual([])
      expect({...context}).toEqual({})
      const copy = new zmq.Context(context as zmq.ContextOptions)
      copy.close()
      expect(context.ioThreads).toBe(2)
    } finally {
      context.close()
    }
  })

  it("lists no options in for...in, as zeromq's", () => {
    const context = new zmq.Context()
    const push = new zmq.Push()
    try {
      const names = (object: object) => {
        const found: string[] = []
        for (const name in object) found.push(name)
        return found
      }
      expect(names(context)).toEqual([])
      expect(names(push)).toEqual([])
    } finally {
      push.close()
      context.close()
    }
  })
})

describe("Context.close()", () => {
  it("rejects a pending receive() with ETERM and closes the socket", async () => {
    const context = new zmq.Context()
    const pull = new zmq.Pull({context})
    await pull.bind(bindAddress("inproc"))
    const pending = pull.receive()
    context.close()
    const error = await failure(() => pending)
    expect(error.code).toBe("ETERM")
    expect(typeof error.errno).toBe("number")
    expect(pull.closed).toBe(true)
    expect(context.closed).toBe(true)
  })

  it("rejects a send() waiting past the high-water mark with ETERM", async () => {
    const context = new zmq.Context()
    const push = new zmq.Push({context, sendHighWaterMark: 1})
    const pull = new zmq.Pull({context, receiveHighWaterMark: 1})
    pull.connect(await bound(push, "inproc"))
    let sent = 0
    while (push.writable) {
      await push.send("fill")
      if (++sent > 10_000) throw new Error("the high-water mark was never reached")
    }
    const pending = push.send("one too many")
    context.close()
    expect((await failure(() => pending)).code).toBe("ETERM")
    expect(push.closed).toBe(true)
    expect(pull.closed).toBe(true)
  })

  it("makes later operations on its sockets fail with ETERM", async () => {
    const context = new zmq.Context()
    const dealer = new zmq.Dealer({context})
    context.close()
    expect((await failure(() => dealer.send("x"))).code).toBe("ETERM")
    expect((await failure(() => dealer.receive())).code).toBe("ETERM")
    expect((await failure(() => dealer.bind(bindAddress("tcp")))).code).toBe("ETERM")
    expect(() => dealer.close()).not.toThrow()
  })

  it("makes creating a socket on it fail with ETERM (code and errno)", () => {
    const context = new zmq.Context()
    context.close()
    let error: ZmqError | undefined
    try {
      new zmq.Pair({context}).close()
    } catch (caught) {
      error = caught as ZmqError
    }
    expect(error?.code).toBe("ETERM")
    expect(typeof error?.errno).toBe("number")
  })

  it("can be called twice", () => {
    const context = new zmq.Context()
    context.close()
    expect(() => context.close()).not.toThrow()
    expect(context.closed).toBe(true)
  })

  it("makes context options fail afterwards instead of returning stale values", () => {
    const context = new zmq.Context()
    context.close()
    expect(() => context.ioThreads).toThrow(expect.objectContaining({code: "EBADF"}))
  })
})

describe("the default context", () => {
  it("cannot be closed, and keeps working", async () => {
    expect(() => zmq.context.close()).toThrow()
    expect(zmq.context.closed).toBe(false)
    const push = new zmq.Push()
    const pull = new zmq.Pull()
    try {
      pull.connect(await bound(push, "inproc"))
      await push.send("still works")
      expect((await pull.receive())[0]!.toString()).toBe("still works")
    } finally {
      push.close()
      pull.close()
    }
  })
})

describe("inproc:// is per context", () => {
  it("connects sockets of the same custom context", async () => {
    const context = new zmq.Context()
    const rep = new zmq.Reply({context})
    const req = new zmq.Request({context})
    try {
      req.connect(await bound(rep, "inproc"))
      await req.send("ping")
      expect((await rep.receive())[0]!.toString()).toBe("ping")
      await rep.send("pong")
      expect((await req.receive())[0]!.toString()).toBe("pong")
    } finally {
      req.close()
      rep.close()
      context.close()
    }
  })

  it("does not connect sockets of different contexts", async () => {
    const address = bindAddress("inproc")
    const one = new zmq.Context()
    const two = new zmq.Context()
    const pullOne = new zmq.Pull({context: one})
    const pushTwo = new zmq.Push({context: two})
    const pullTwo = new zmq.Pull({context: two})
    try {
      await pullOne.bind(address)
      pushTwo.connect(address)
      // The same name is free in the other context...
      await pullTwo.bind(address)
      // ...and the pusher's only peer is there: round-robin over two peers
      // would hand one of these two messages to pullOne.
      await pushTwo.send("first")
      await pushTwo.send("second")
      expect((await pullTwo.receive())[0]!.toString()).toBe("first")
      expect((await pullTwo.receive())[0]!.toString()).toBe("second")
      expect(pullOne.readable).toBe(false)
    } finally {
      pullOne.close()
      pushTwo.close()
      pullTwo.close()
      one.close()
      two.close()
    }
  })
})
