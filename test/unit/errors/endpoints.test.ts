/**
 * Invalid endpoints and addresses in use: bind/connect fail with the libzmq
 * error code (and errno, and the address), or a TypeError for values that are
 * not endpoints at all; never a silent success.
 */
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress, failure} from "../../helpers"

const opened: zmq.Socket[] = []
function socket<T extends zmq.Socket>(created: T): T {
  opened.push(created)
  return created
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

const invalid: [string, string, string][] = [
  ["tcp:// without host and port", "tcp://", "EINVAL"],
  ["an unknown transport", "foo://x", "EPROTONOSUPPORT"],
  ["a port that is not a number", "tcp://127.0.0.1:notaport", "EINVAL"],
  ["a 10 KB host name", `tcp://${"a".repeat(10 * 1024)}`, "EINVAL"],
  ["a port above 65535", "tcp://127.0.0.1:99999", "EINVAL"],
  ["inproc:// without a name", "inproc://", "EINVAL"],
  ["no transport at all", "127.0.0.1:5555", "EINVAL"],
]

describe("bind() to an invalid endpoint", () => {
  for (const [what, address, code] of invalid) {
    it(`rejects ${what} with ${code}`, async () => {
      const push = socket(new zmq.Push())
      const error = await failure(() => push.bind(address))
      expect(error.code).toBe(code)
      expect(typeof error.errno).toBe("number")
      expect(error.address).toBe(address)
      expect(push.lastEndpoint).toBe(null)
    })
  }

  it("rejects a NUL byte in the address with a TypeError", async () => {
    const push = socket(new zmq.Push())
    const error = await failure(() => push.bind("tcp://127.0.0.1:*\0junk"))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toContain("address")
    expect(push.lastEndpoint).toBe(null)
  })

  it("bindSync() throws synchronously for an invalid endpoint", () => {
    const push = socket(new zmq.Push())
    expect(() => push.bindSync("foo://x")).toThrow(expect.objectContaining({code: "EPROTONOSUPPORT"}))
  })
})

describe("connect() to an invalid endpoint", () => {
  for (const [what, address, code] of invalid) {
    it(`throws ${code} for ${what}`, async () => {
      const push = socket(new zmq.Push())
      const error = await failure(() => push.connect(address))
      expect(error.code).toBe(code)
      expect(typeof error.errno).toBe("number")
      expect(error.address).toBe(address)
    })
  }

  it("throws a TypeError for a NUL byte in the address", async () => {
    const push = socket(new zmq.Push())
    const error = await failure(() => push.connect("tcp://127.0.0.1:5555\0junk"))
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).toContain("address")
  })
})

describe("addresses that are not strings", () => {
  const values: unknown[] = [undefined, null, 5555, {}, Buffer.from("tcp://127.0.0.1:*")]
  for (const value of values) {
    const shown = Buffer.isBuffer(value) ? "a Buffer" : value === undefined ? "undefined" : JSON.stringify(value)
    it(`bind(), connect(), unbind() and disconnect() with ${shown} fail with a TypeError`, async () => {
      const push = socket(new zmq.Push())
      const address = value as string
      for (const call of [() => push.bind(address), () => push.bindSync(address), () => push.connect(address),
                          () => push.unbind(address), () => push.disconnect(address)]) {
        const error = await failure(call)
        expect(error).toBeInstanceOf(TypeError)
        expect(error.message).toContain("address")
      }
      expect(push.lastEndpoint).toBe(null)
    })
  }
})

describe("EADDRINUSE", () => {
  it("binding a second socket to the first one's tcp endpoint rejects with EADDRINUSE and the address", async () => {
    const first = socket(new zmq.Pull())
    const second = socket(new zmq.Pull())
    await first.bind(bindAddress("tcp"))
    const endpoint = first.lastEndpoint!
    const error = await failure(() => second.bind(endpoint))
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toMatch(/address.*in use/i)
    expect(error.code).toBe("EADDRINUSE")
    expect(typeof error.errno).toBe("number")
    expect(error.address).toBe(endpoint)
    expect(second.lastEndpoint).toBe(null)
  })

  it("binding the same inproc name twice in one context rejects with EADDRINUSE", async () => {
    const first = socket(new zmq.Pull())
    const second = socket(new zmq.Pull())
    const address = bindAddress("inproc")
    await first.bind(address)
    const error = await failure(() => second.bind(address))
    expect(error.code).toBe("EADDRINUSE")
    expect(error.address).toBe(address)
  })
})

describe("zeromq's error texts", () => {
  it("unbind() and disconnect() of an endpoint the socket does not have: ENOENT \"No such endpoint\"", async () => {
    const push = socket(new zmq.Push())
    const address = "tcp://127.0.0.1:1"
    for (const attempt of [() => push.unbind(address), () => push.unbindSync(address), () => push.disconnect(address)]) {
      const error = await failure(attempt)
      expect(error).toMatchObject({code: "ENOENT", message: "No such endpoint", address})
      expect(typeof error.errno).toBe("number")
    }
  })

  it("a socket type that is not a number: TypeError \"Socket type must be a number\"", () => {
    for (const type of ["dealer", undefined, null]) {
      let error: unknown
      try {
        new zmq.Socket(type as unknown as number)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toBe("Socket type must be a number")
    }
  })
})
