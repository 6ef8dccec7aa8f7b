/**
 * Plain file descriptors in a Poller, as zmq_poll allows: named pipes
 * (FIFOs) that no Node stream owns, alone and next to sockets; several waits
 * on one descriptor at once; the descriptor's own mode left as it was.
 */
import * as fs from "node:fs"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {failure} from "../../helpers"
import {observe, pushPull, socketScope, texts, turn} from "../patterns/support"
import {fifoScope, nonBlocking, summary} from "./support"

describe("Poller: file descriptors", () => {
  const use = socketScope()
  const fifo = fifoScope()

  it("an empty pipe is not readable; a pending wait resolves once bytes are written", async () => {
    const {reader, writer} = fifo()
    const poller = new zmq.Poller<number>().add(reader, "readable")
    expect(await poller.wait({timeout: 0})).toEqual([])
    const waiting = observe(poller.wait())
    await turn()
    expect(waiting.settled).toBe(false)
    fs.writeSync(writer, "ping")
    expect(await waiting.promise).toEqual([{fd: reader, readable: true, writable: false}])
    const bytes = Buffer.alloc(16)
    expect(bytes.toString("utf8", 0, fs.readSync(reader, bytes))).toBe("ping")
    expect(await poller.wait({timeout: 0})).toEqual([])
  })

  it("a pipe with room is writable at once", async () => {
    const {writer} = fifo()
    const poller = new zmq.Poller<number>().add(writer, "writable")
    expect(await poller.wait()).toEqual([{fd: writer, readable: false, writable: true}])
  })

  it("descriptors and sockets in one poller: each is reported when it is ready", async () => {
    const {reader, writer} = fifo()
    const {push, pull} = await pushPull(use, "tcp")
    const names = new Map<zmq.Socket | number, string>([[reader, "pipe"], [pull, "pull"]])
    const poller = new zmq.Poller<zmq.Pull | number>().add(reader).add(pull)

    let waiting = poller.wait()
    await push.send("message")
    const ready = await waiting
    expect(summary(ready, names)).toEqual([["pull", "r"]])
    const [item] = ready
    // Typed: a socket item has receive(), a descriptor item has fd.
    if (item!.socket !== undefined) expect(texts(await item!.socket.receive())).toEqual(["message"])

    waiting = poller.wait()
    fs.writeSync(writer, "x")
    expect(summary(await waiting, names)).toEqual([["pipe", "r"]])

    await push.send("both now")
    await new zmq.Poller().add(pull).wait()
    expect(summary(await poller.wait({timeout: 0}), names)).toEqual([["pipe", "r"], ["pull", "r"]])
  })

  it("several pollers may wait on one descriptor at the same time", async () => {
    const {reader, writer} = fifo()
    const waits = [new zmq.Poller<number>().add(reader).wait(), new zmq.Poller<number>().add(reader).wait()]
    fs.writeSync(writer, "x")
    for (const ready of await Promise.all(waits)) expect(ready).toEqual([{fd: reader, readable: true, writable: false}])
  })

  it("waiting leaves a blocking descriptor blocking", async () => {
    const {reader, writer} = fifo()
    expect(nonBlocking(reader)).toBe(false)
    const waiting = new zmq.Poller<number>().add(reader).wait()
    await turn()
    fs.writeSync(writer, "x")
    await waiting
    expect(nonBlocking(reader)).toBe(false)
  })

  it("a wait aborted on a descriptor releases it (no handle left open)", async () => {
    const {reader} = fifo()
    const controller = new AbortController()
    const waiting = new zmq.Poller<number>().add(reader).wait({signal: controller.signal})
    await turn()
    controller.abort()
    expect(await failure(() => waiting)).toMatchObject({name: "AbortError"})
  })

  it("add() refuses a descriptor that is not open with EBADF", () => {
    const {reader} = fifo()
    const spare = fs.openSync(fs.realpathSync("/dev/null"), "r")
    fs.closeSync(spare)
    expect(() => new zmq.Poller<number>().add(spare)).toThrow(expect.objectContaining({code: "EBADF"}))
    expect(() => new zmq.Poller<number>().add(reader, "sideways" as zmq.PollerEvents)).toThrow(TypeError)
  })

  it("a regular file is always ready, as poll() has it", async () => {
    const fd = fs.openSync(__filename, "r")
    try {
      expect(await new zmq.Poller<number>().add(fd, "both").wait()).toEqual([{fd, readable: true, writable: true}])
    } finally {
      fs.closeSync(fd)
    }
  })
})
