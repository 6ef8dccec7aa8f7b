/**
 * PUB/SUB against each foreign peer: the subscriber gets exactly the messages
 * under its prefixes ("A" and the binary "B\0"), in order. The late joiner is
 * handled without sleeping: a marker under a subscribed prefix is published
 * repeatedly until the subscriber has it, which proves the subscription
 * reached the publisher; markers still in flight are skipped afterwards.
 */
import {setTimeout as delay} from "node:timers/promises"
import {expect} from "vitest"
import * as zmq from "../../lib/index"
import {ANY_PORT, digest, hex, interop, startPeer} from "./support"

const prefixes = [Buffer.from("A"), Buffer.from("B\0", "latin1")]
const marker = [Buffer.from("A:marker")]
const isMarker = (m: Buffer[]) => m.length === 1 && m[0]!.equals(marker[0]!)

const b = (text: string) => Buffer.from(text, "latin1")
const published: {message: Buffer[]; subscribed: boolean}[] = [
  {message: [b("A"), b("first, multipart"), Buffer.alloc(0)], subscribed: true},
  {message: [b("C not subscribed")], subscribed: false},
  {message: [b("B\0\xff\x00binary topic")], subscribed: true},
  {message: [b("B-no NUL after B")], subscribed: false},
  {message: [b("\0A starts with NUL")], subscribed: false},
  {message: [b("a lower case")], subscribed: false},
  {message: [Buffer.concat([b("A"), Buffer.from(Array.from({length: 256}, (_, i) => i))])], subscribed: true},
  {message: [b("A:end")], subscribed: true},
]
const expected = published.filter(p => p.subscribed).map(p => digest(p.message))
const isEnd = (m: Buffer[]) => m.length === 1 && m[0]!.toString("latin1") === "A:end"

interop("pubsub", async ({peer, role, use}) => {
  const received: (string[] | null)[] = []
  if (role === "zmq-napi binds") {
    const pub = use(new zmq.Publisher())
    await pub.bind(ANY_PORT)
    const {process: sub} = await startPeer(peer, "sub", "connect", pub.lastEndpoint!, {sub: prefixes.map(hex)})
    let arrived = false
    const first = sub.receive().finally(() => { arrived = true })
    while (!arrived) {
      await pub.send(marker)
      await delay(2) // paces the markers; the marker's arrival is the signal
    }
    expect(digest(await first)).toEqual(digest(marker))
    for (const {message} of published) await pub.send(message)
    for (;;) {
      const message = await sub.receive()
      expect(message, "the peer's receive timed out").not.toBeNull()
      if (isMarker(message!)) continue
      received.push(digest(message))
      if (isEnd(message!)) break
    }
  } else {
    const {process: pub, endpoint} = await startPeer(peer, "pub", "bind", ANY_PORT)
    const sub = use(new zmq.Subscriber())
    sub.subscribe(...prefixes)
    sub.connect(endpoint)
    pub.command(`PUBLISH ${marker.map(hex).join(",")}`) // until STOP
    expect(digest(await sub.receive())).toEqual(digest(marker))
    pub.command("STOP")
    await pub.expect("STOPPED")
    for (const {message} of published) await pub.send(message)
    for (;;) {
      const message = await sub.receive()
      if (isMarker(message)) continue
      received.push(digest(message))
      if (isEnd(message)) break
    }
  }
  expect(received).toEqual(expected)
})
