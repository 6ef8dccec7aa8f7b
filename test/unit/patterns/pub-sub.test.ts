import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {socketScope, syncSubscription, texts} from "./support"

describe.each(transports)("publish/subscribe over %s", transport => {
  const use = socketScope()

  async function connected() {
    const publisher = use(new zmq.Publisher())
    const subscriber = use(new zmq.Subscriber())
    subscriber.connect(await bound(publisher, transport))
    return {publisher, subscriber}
  }

  it("delivers only messages under a subscribed prefix, in order", async () => {
    const {publisher, subscriber} = await connected()
    subscriber.subscribe("a")
    const next = await syncSubscription(publisher, subscriber, "a-sync")

    for (let i = 0; i < 20; i++) {
      await publisher.send(`a${i}`)
      await publisher.send(`b${i}`)
      await publisher.send([`ba${i}`, "a"]) // only the first frame is matched
    }
    await publisher.send("a-end")

    const received: string[] = []
    for (let message = await next(); ; message = await next()) {
      received.push(texts(message).join("|"))
      if (received.at(-1) === "a-end") break
    }
    expect(received).toEqual([...Array.from({length: 20}, (_, i) => `a${i}`), "a-end"])
  })

  it("matches binary prefixes, NUL bytes included", async () => {
    const {publisher, subscriber} = await connected()
    subscriber.subscribe(Buffer.from([0, 1]))
    const next = await syncSubscription(publisher, subscriber, "\u0000\u0001sync")

    await publisher.send(Buffer.from([0, 2, 9]))
    await publisher.send(Buffer.from([0]))
    await publisher.send(Buffer.from([1, 0, 1]))
    await publisher.send(Buffer.from([0, 1, 7]))
    expect(await next()).toEqual([Buffer.from([0, 1, 7])])
  })

  it("stops delivering a prefix once unsubscribed", async () => {
    const {publisher, subscriber} = await connected()
    // The sync topic goes last: once it is matched, the earlier ones are too.
    subscriber.subscribe("b", "a")
    const next = await syncSubscription(publisher, subscriber, "a-sync")

    await publisher.send("b-before")
    expect(texts(await next())).toEqual(["b-before"])

    subscriber.unsubscribe("b")
    await publisher.send("b-after")
    await publisher.send("a-after")
    await publisher.send("b-after-2")
    await publisher.send("a-end")
    expect(texts(await next())).toEqual(["a-after"])
    expect(texts(await next())).toEqual(["a-end"])
  })

  it("subscribe() with no prefix receives everything", async () => {
    const {publisher, subscriber} = await connected()
    subscriber.subscribe()
    const next = await syncSubscription(publisher, subscriber, "sync")

    const sent: (string | Buffer)[][] = [["x"], [""], [Buffer.from([0xff, 0])], ["topic", "body"], ["end"]]
    for (const message of sent) await publisher.send(message)
    for (const message of sent) {
      expect(await next()).toEqual(message.map(frame => Buffer.from(frame)))
    }
  })

  it("fans out to every subscriber", async () => {
    const publisher = use(new zmq.Publisher())
    const address = await bound(publisher, transport)
    const subscribers = [0, 1, 2].map(() => use(new zmq.Subscriber()))
    const nexts: (() => Promise<Buffer[]>)[] = []
    for (const [index, subscriber] of subscribers.entries()) {
      subscriber.connect(address)
      // Each marker reaches only its own subscriber; its topic goes last.
      subscriber.subscribe("all", `s${index}`)
      nexts.push(await syncSubscription(publisher, subscriber, `s${index}-sync`))
    }

    await publisher.send("all: one")
    await publisher.send("s1 only")
    await publisher.send("all: two")
    expect(texts(await nexts[0]!())).toEqual(["all: one"])
    expect(texts(await nexts[0]!())).toEqual(["all: two"])
    expect(texts(await nexts[1]!())).toEqual(["all: one"])
    expect(texts(await nexts[1]!())).toEqual(["s1 only"])
    expect(texts(await nexts[1]!())).toEqual(["all: two"])
    expect(texts(await nexts[2]!())).toEqual(["all: one"])
    expect(texts(await nexts[2]!())).toEqual(["all: two"])
  })
})

describe("subscribe() arguments", () => {
  it("a topic that is not a string or Buffer is a TypeError naming its place in topics", () => {
    const subscriber = new zmq.Subscriber({linger: 0})
    try {
      expect(() => subscriber.subscribe("a", 1 as unknown as string)).toThrow(new TypeError("topics[1] must be a string or a Buffer"))
      expect(() => subscriber.unsubscribe({} as unknown as string)).toThrow(new TypeError("topics[0] must be a string or a Buffer"))
    } finally {
      subscriber.close()
    }
  })
})
