import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {socketScope, texts} from "./support"

const subscribe = (topic: string | Buffer) => Buffer.concat([Buffer.of(1), Buffer.from(topic)])
const unsubscribe = (topic: string | Buffer) => Buffer.concat([Buffer.of(0), Buffer.from(topic)])

describe.each(transports)("xpub/xsub over %s", transport => {
  const use = socketScope()

  it("XPublisher receives a Subscriber's subscribe and unsubscribe frames", async () => {
    const xpub = use(new zmq.XPublisher())
    const subscriber = use(new zmq.Subscriber())
    subscriber.connect(await bound(xpub, transport))

    subscriber.subscribe("topic")
    expect(await xpub.receive()).toEqual([subscribe("topic")])
    subscriber.subscribe(Buffer.from([0, 7, 0]))
    expect(await xpub.receive()).toEqual([subscribe(Buffer.from([0, 7, 0]))])

    subscriber.unsubscribe("topic")
    expect(await xpub.receive()).toEqual([unsubscribe("topic")])
  })

  it("XPublisher delivers to a Subscriber once it saw the subscription", async () => {
    const xpub = use(new zmq.XPublisher())
    const subscriber = use(new zmq.Subscriber())
    subscriber.connect(await bound(xpub, transport))
    subscriber.subscribe("news")
    expect(await xpub.receive()).toEqual([subscribe("news")])

    await xpub.send("sport: not this")
    await xpub.send(["news", "today"])
    expect(texts(await subscriber.receive())).toEqual(["news", "today"])
  })

  it("XSubscriber.subscribe() reaches the XPublisher, then published data flows", async () => {
    const xpub = use(new zmq.XPublisher())
    const xsub = use(new zmq.XSubscriber())
    xsub.connect(await bound(xpub, transport))

    await xsub.subscribe("news")
    expect(await xpub.receive()).toEqual([subscribe("news")])

    await xpub.send("weather: not this")
    await xpub.send("news: first")
    await xpub.send(["news: second", "more"])
    expect(texts(await xsub.receive())).toEqual(["news: first"])
    expect(texts(await xsub.receive())).toEqual(["news: second", "more"])

    await xsub.unsubscribe("news")
    expect(await xpub.receive()).toEqual([unsubscribe("news")])
  })

  it("XSubscriber subscribes to several prefixes in order, and to everything with no prefix", async () => {
    const xpub = use(new zmq.XPublisher())
    const xsub = use(new zmq.XSubscriber())
    xsub.connect(await bound(xpub, transport))

    await xsub.subscribe("a", "b")
    expect(await xpub.receive()).toEqual([subscribe("a")])
    expect(await xpub.receive()).toEqual([subscribe("b")])
    await xsub.subscribe()
    expect(await xpub.receive()).toEqual([subscribe("")])

    await xpub.send("zzz")
    expect(texts(await xsub.receive())).toEqual(["zzz"])
  })
})
