import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../lib/compat/index"
import {failure} from "../helpers"
import {bindTo, closeAll, messages, next, nextMessage, socket} from "./support"

afterEach(closeAll)

describe("compat proxy()", () => {
  it("router/dealer forwards every frame both ways and captures both directions", async () => {
    const frontend = socket("router")
    const backend = socket("dealer")
    const capture = socket("push")
    const captured = socket("pull")
    captured.connect(bindTo(capture))
    zmq.proxy(frontend, backend, capture)
    const client = socket("req")
    client.connect(bindTo(frontend))
    const worker = socket("rep")
    worker.connect(bindTo(backend))
    worker.on("message", (...frames: Buffer[]) => worker.send(["done", ...frames]))
    const copied = messages(captured, 2)
    client.send(["a", "b", "c", "d"])
    expect(await nextMessage(client)).toEqual(["done", "a", "b", "c", "d"])
    const copies = await copied
    // Request then reply, each whole: routing id, empty delimiter, body frames.
    expect(copies.map(frames => frames.slice(1))).toEqual([["", "a", "b", "c", "d"], ["", "done", "a", "b", "c", "d"]])
  })

  it("xrep/xreq are the same pair", () => {
    expect(() => zmq.proxy(socket("xrep"), socket("xreq"))).not.toThrow()
  })

  it("pull/push forwards frontend → backend, multipart intact", async () => {
    const frontend = socket("pull")
    const backend = socket("push")
    zmq.proxy(frontend, backend)
    const producer = socket("push")
    producer.connect(bindTo(frontend))
    const consumer = socket("pull")
    consumer.connect(bindTo(backend))
    producer.send(["x", "y"])
    expect(await nextMessage(consumer)).toEqual(["x", "y"])
  })

  it("push/pull forwards backend → frontend, with capture", async () => {
    const frontend = socket("push")
    const backend = socket("pull")
    const capture = socket("pair")
    const captured = socket("pair")
    captured.connect(bindTo(capture, "inproc"))
    zmq.proxy(frontend, backend, capture)
    const consumer = socket("pull")
    consumer.connect(bindTo(frontend))
    const producer = socket("push")
    producer.connect(bindTo(backend))
    const copy = nextMessage(captured)
    producer.send(["p", "q"])
    expect(await nextMessage(consumer)).toEqual(["p", "q"])
    expect(await copy).toEqual(["p", "q"])
  })

  it("xpub/xsub forwards subscriptions up and publications down", async () => {
    const frontend = socket("xpub")
    const backend = socket("xsub")
    zmq.proxy(frontend, backend)
    const publisher = socket("xpub")
    backend.connect(bindTo(publisher))
    const subscriber = socket("sub")
    subscriber.connect(bindTo(frontend))
    const subscription = next(publisher, "message")
    subscriber.subscribe("news")
    expect(((await subscription)[0] as Buffer).toString()).toBe("\x01news")
    publisher.send(["news", "today", "!"])
    expect(await nextMessage(subscriber)).toEqual(["news", "today", "!"])
  })

  it("delivers a long stream in order through small high-water marks", async () => {
    const frontend = socket("pull")
    const backend = socket("push")
    backend.setsockopt(zmq.ZMQ_SNDHWM, 2)
    zmq.proxy(frontend, backend)
    const producer = socket("push")
    producer.connect(bindTo(frontend))
    const consumer = socket("pull")
    consumer.setsockopt(zmq.ZMQ_RCVHWM, 2)
    consumer.connect(bindTo(backend))
    const count = 2000
    const all = messages(consumer, count)
    for (let index = 0; index < count; index++) producer.send([String(index), "payload"])
    const received = await all
    expect(received.map(([index]) => Number(index))).toEqual(Array.from({length: count}, (_, index) => index))
  })

  it("rejects other pairs with the legacy message", () => {
    for (const [front, back] of [["dealer", "router"], ["pub", "sub"], ["pull", "pull"], ["xsub", "xpub"], ["req", "rep"]]) {
      expect(() => zmq.proxy(socket(front!), socket(back!))).toThrow("wrong socket order to proxy")
    }
  })

  it("the wrong pair is an Error with code EINVAL, as libzmq's zmq_proxy reports it", async () => {
    const error = await failure(() => zmq.proxy(socket("dealer"), socket("router")))
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toBe("wrong socket order to proxy")
    expect(error.code).toBe("EINVAL")
    expect(typeof error.errno).toBe("number")
  })

  it("arguments that are not compat sockets throw a TypeError naming them, before any wiring", () => {
    const pull = socket("pull")
    const push = socket("push")
    const fake = {type: "push", on() {}, send() {}}
    expect(() => zmq.proxy(undefined as unknown as zmq.Socket, push)).toThrow("frontend must be a Socket")
    expect(() => zmq.proxy(pull, fake as unknown as zmq.Socket)).toThrow("backend must be a Socket")
    for (const capture of ["capture", 42, fake]) {
      expect(() => zmq.proxy(pull, push, capture as unknown as zmq.Socket), String(capture)).toThrow(TypeError)
      expect(() => zmq.proxy(pull, push, capture as unknown as zmq.Socket), String(capture)).toThrow("capture must be a Socket")
    }
    // Nothing was wired: the refused calls left no 'message' listener behind.
    expect(pull.listenerCount("message")).toBe(0)
    // No capture (null, as the legacy binding allowed) is fine.
    zmq.proxy(pull, push, null as unknown as undefined)
    expect(pull.listenerCount("message")).toBe(1)
  })
})
