import {randomUUID} from "node:crypto"
import {tmpdir} from "node:os"
import * as path from "node:path"
import {afterEach, describe, expect, it} from "vitest"
import {bindTo, closeAll, next, socket} from "./support"

afterEach(closeAll)

describe("compat monitor", () => {
  it("emits listen/accept/connect/disconnect/close as (value, endpoint), driven by readiness not the interval", async () => {
    const rep = socket("rep")
    // A huge interval: a timer-driven monitor would not deliver anything within the test.
    rep.monitor(1e9, 0)
    const listen = next(rep, "listen")
    const address = bindTo(rep)
    const [fd, endpoint] = await listen
    expect(typeof fd).toBe("number")
    expect(endpoint).toBe(address)

    const req = socket("req")
    req.monitor(1e9, 1)
    const accepted = next(rep, "accept")
    const connected = next(req, "connect")
    req.connect(address)
    expect((await accepted)[1]).toBe(address)
    expect((await connected)[1]).toBe(address)

    const disconnected = next(rep, "disconnect")
    req.close()
    expect((await disconnected)[1]).toBe(address)

    // Events that follow close() (the listener's 'close') are still emitted.
    const closed = next(rep, "close")
    rep.close()
    expect((await closed)[1]).toBe(address)
  })

  it("bind_error carries errno and an Error with the libzmq text", async () => {
    const first = socket("rep")
    const address = bindTo(first)
    const second = socket("rep")
    second.monitor()
    const failed = next(second, "bind_error")
    expect(() => second.bindSync(address)).toThrow("Address already in use")
    const [value, endpoint, error] = await failed
    // libzmq reports a failed tcp bind's address without the scheme.
    expect(address).toContain(endpoint as string)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error & {errno: number}).errno).toBe(value)
    expect((error as Error).message).toBe("Address already in use")
    expect((error as Error & {code: string}).code).toBe("EADDRINUSE")
  })

  it("connect_retry reports the reconnect interval", async () => {
    // Nothing listens at this path, so every connect attempt fails and is retried.
    const address = `ipc://${path.join(tmpdir(), `zmq-napi-nobody-${randomUUID()}.sock`)}`
    const req = socket("req", {reconnect_ivl: 15})
    req.monitor(10, 0)
    const retry = next(req, "connect_retry")
    req.connect(address)
    const [interval, endpoint] = await retry
    // libzmq adds a random part of up to one interval.
    expect(interval).toBeGreaterThanOrEqual(15)
    expect(interval).toBeLessThan(30)
    expect(endpoint).toBe(address)
  })

  it("unmonitor() stops the events; monitor() may be called again", async () => {
    const rep = socket("rep")
    rep.monitor()
    rep.unmonitor()
    let listens = 0
    rep.on("listen", () => listens++)
    const address = bindTo(rep)
    rep.monitor()
    const accepted = next(rep, "accept")
    const req = socket("req")
    req.connect(address)
    await accepted
    expect(listens).toBe(0)
    expect(rep.monitor()).toBe(rep)
  })
})
