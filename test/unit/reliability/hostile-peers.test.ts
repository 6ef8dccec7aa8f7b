/**
 * Hostile peers (reliability.md T4): raw TCP connections that send garbage
 * to a bound socket, then go away, must not stop it serving well-behaved
 * peers. The oracle is libzmq's own fuzzers': after the garbage, a good
 * client still gets its answer.
 *
 * libzmq 4.3.4's REP failed this (deps/patches/libzmq/0003-*): a request
 * without the empty delimiter frame, read after its peer's pipe had stopped
 * accepting writes (the peer was gone), left ROUTER's "middle of an outbound
 * message" flag set, so the next reply (the good client's) was dropped and
 * that client waited forever. Random bytes mostly parse as ZMTP/1.0 frames,
 * and many of the messages they make are such requests; the crafted
 * payloads (`triggers`) are the smallest found, each enough on its own.
 *
 * The garbage is deterministic (seeded PRNG) so a failure replays exactly.
 * Every step waits on an event: each raw connection's 'close' (libzmq has
 * dropped it), then the good client's answer. A regression shows as a hang,
 * i.e. vitest's test timeout.
 */
import {randomUUID} from "node:crypto"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {Random} from "../../../fuzz/random.mjs"
import {play} from "../../../fuzz/wire/peer.mjs"
import {nullHandshake, V1_PROTOCOL_ERROR, v1Frame} from "../../../fuzz/wire/zmtp.mjs"
import {syncSubscription, texts} from "../patterns/support"
import {track} from "./support"

const SEED = 0x5eed0001
const RANDOM_CONNECTIONS = 40

/** 1..4096 random bytes. A first byte other than 0xff makes libzmq speak ZMTP/1.0: [length][flags][body] frames, the first one the peer's routing id. */
function randomBlob(seed: number): Buffer {
  const random = new Random(seed)
  return random.bytes(1 + random.below(4096))
}

/** 1..8 well-framed ZMTP/3 frames ([flags][size][body]) with random MORE bits and bodies of 0..32 random bytes. */
function randomFrames(seed: number): Buffer {
  const random = new Random(seed)
  const frames: Buffer[] = []
  for (let count = 1 + random.below(8); count > 0; count--) {
    const body = random.bytes(random.below(33))
    frames.push(Buffer.from([random.next() & 0x01, body.length]), body)
  }
  return Buffer.concat(frames)
}

/** The empty routing id a ZMTP/1.0 peer starts with. */
const V1_ANONYMOUS = v1Frame("")

/**
 * A garbage peer: `hello` goes out on connect; with `after`, that is a ZMTP/3
 * handshake, and `after` follows once the server's greeting and READY (the
 * end of its handshake) have arrived. Then the peer closes its side. Resolves
 * on 'close', i.e. when libzmq has closed the connection too. The PRNG and the
 * ZMTP encoding are the wire fuzzer's (fuzz/), which grew out of this test.
 */
interface Garbage { name: string; hello: Buffer; after?: Buffer }

async function sendGarbage(port: number, {hello, after}: Garbage): Promise<void> {
  // A command before the server's READY (the end of its handshake) would be refused as unexpected.
  const rest = after ? [{awaitCommands: 1}, {write: after}] : []
  await play(port, [{write: hello}, ...rest]).closed
}

/**
 * Each of these alone, from one connection, silenced an unpatched Reply: a
 * request without the empty delimiter frame, from a peer gone before it is read.
 */
function triggers(peerType: string): Garbage[] {
  return [
    // The smallest: a one-frame request, then a protocol error that makes libzmq drop the peer.
    {name: "v1 request without delimiter", hello: Buffer.concat([V1_ANONYMOUS, v1Frame("A"), V1_PROTOCOL_ERROR])},
    // A label frame but no empty delimiter, then the peer hangs up.
    {name: "v1 request with a label, no delimiter",
     hello: Buffer.concat([V1_ANONYMOUS, v1Frame("label", {more: true}), v1Frame("body")])},
    // A routing id frame that claims more frames follow.
    {name: "v1 routing id with MORE", hello: Buffer.concat([v1Frame("id", {more: true}), v1Frame("A"), V1_PROTOCOL_ERROR])},
    // The same over a completed ZMTP/3 NULL handshake: [flags 0][size 1]["A"].
    {name: "v3 request without delimiter", hello: nullHandshake(peerType), after: Buffer.from([0x00, 0x01, 0x41])},
  ]
}

/** The payloads for a server that accepts ZMTP/3 peers of type `peerType`. */
function garbageFor(peerType: string): Garbage[] {
  const crafted: Garbage[] = [
    ...triggers(peerType),
    // A well-formed request from a peer that is gone by the time it is read (harmless before the fix too).
    {name: "v1 valid request", hello: Buffer.concat([V1_ANONYMOUS, v1Frame("", {more: true}), v1Frame("orphan")])},
  ]
  const random: Garbage[] = []
  for (let i = 0; i < RANDOM_CONNECTIONS; i++) {
    random.push({name: `random blob, seed ${SEED + i}`, hello: randomBlob(SEED + i)})
  }
  for (let i = 0; i < 8; i++) {
    random.push({name: `v3 random frames, seed ${SEED + 1000 + i}`, hello: nullHandshake(peerType), after: randomFrames(SEED + 1000 + i)})
  }
  return [...crafted, ...random]
}

/** Binds `socket` on loopback tcp, runs the garbage peers against it one after the other, returns the endpoint. */
async function attack(socket: zmq.Socket, garbage: Garbage[]): Promise<string> {
  await socket.bind("tcp://127.0.0.1:*")
  const endpoint = socket.lastEndpoint!
  const port = Number(endpoint.slice(endpoint.lastIndexOf(":") + 1))
  for (const peer of garbage) await sendGarbage(port, peer)
  return endpoint
}

/** A Reply, attacked with `garbage`, then serving; a Request must get the answer to its request. */
async function replyAnswersAfter(garbage: Garbage[]): Promise<void> {
  const reply = track(new zmq.Reply())
  // Nothing reads the Reply while the garbage arrives: it is all queued,
  // and its peers are gone, when the first receive below runs.
  const endpoint = await attack(reply, garbage)
  // Every request gets an answer, garbage included (REP must answer before it can receive again).
  const serving = serve(reply, async request => { await reply.send(["echo", ...request]) })

  const request = track(new zmq.Request())
  request.connect(endpoint)
  const marker = randomUUID()
  await request.send(marker)
  expect(texts(await request.receive())).toEqual(["echo", marker])

  reply.close()
  await serving
}

/** Receives until `socket` closes, handing each message to `handle`. */
async function serve(socket: zmq.Socket & zmq.Readable, handle: (message: Buffer[]) => Promise<void>): Promise<void> {
  while (!socket.closed) {
    let message: Buffer[]
    try {
      message = await socket.receive()
    } catch (error) {
      if (socket.closed) return
      throw error
    }
    await handle(message)
  }
}

describe("a bound socket keeps serving after garbage connections", () => {
  it("Reply answers a well-behaved Request", async () => {
    await replyAnswersAfter(garbageFor("REQ"))
  })

  it.each(triggers("REQ").map(garbage => [garbage.name, garbage] as const))(
    "Reply answers a well-behaved Request after one peer sent: %s", async (_name, garbage) => {
      await replyAnswersAfter([garbage])
    })

  it("Router answers a well-behaved Request", async () => {
    const router = track(new zmq.Router())
    const endpoint = await attack(router, garbageFor("REQ"))
    const marker = randomUUID()
    const serving = serve(router, async message => {
      // Garbage is delivered too, under its own routing ids; answer only the good client.
      if (message.length === 3 && message[1]!.length === 0 && message[2]!.toString() === marker) {
        await router.send([message[0]!, "", "echo", marker])
      }
    })

    const request = track(new zmq.Request())
    request.connect(endpoint)
    await request.send(marker)
    expect(texts(await request.receive())).toEqual(["echo", marker])

    router.close()
    await serving
  })

  it("Pull receives from a well-behaved Push", async () => {
    const pull = track(new zmq.Pull())
    const endpoint = await attack(pull, garbageFor("PUSH"))
    const push = track(new zmq.Push())
    push.connect(endpoint)
    const marker = randomUUID()
    await push.send(marker)
    // Garbage messages from the dead peers may come first.
    for (;;) {
      const message = await pull.receive()
      if (message.length === 1 && message[0]!.toString() === marker) break
    }
  })

  it("Subscriber receives what a well-behaved Publisher publishes on its subscription", async () => {
    const subscriber = track(new zmq.Subscriber())
    subscriber.subscribe("topic ")
    const endpoint = await attack(subscriber, garbageFor("PUB"))
    const publisher = track(new zmq.Publisher())
    publisher.connect(endpoint)
    // Garbage never matches "topic " in its first frame... unless it does: skip to the marker.
    const next = await syncSubscription(publisher, subscriber, "topic sync")
    await publisher.send(["topic news", "payload"])
    for (;;) {
      const message = await next()
      if (message[0]!.toString() === "topic news") {
        expect(texts(message)).toEqual(["topic news", "payload"])
        break
      }
    }
  })
})
