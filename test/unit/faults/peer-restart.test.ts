/**
 * A peer in a child process killed with SIGKILL in the middle of a stream,
 * then started again on the same endpoint (tcp and ipc): our socket sees the
 * connection go ('disconnect') and come back ('connect' or 'accept'), and
 * carries on. Each message carries its index, so the oracle counts them.
 *
 * What libzmq guarantees, and so all these tests assert: a connecting socket
 * keeps its queue (its pipe belongs to the session, not to the dead
 * connection), so what is still queued when the peer dies goes to the
 * restarted peer, in order and without a duplicate, and so does everything
 * sent once the new connection is up. What the dead connection had already
 * taken (written to the kernel, or read by the dead process) is lost: one
 * contiguous gap, of any length, between what each peer got.
 */
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress} from "../../helpers"
import {until} from "../observer/support"
import {track} from "../reliability/support"
import {Peer, PEER_TIMEOUT_MS, run} from "./support"

/** The first peer is killed once it has this index: mid-stream, since our side sends without end until then. */
const KILL_AT = 200
/** Messages our side sends once the new connection is up, before it stops. */
const SENT_AFTER_RECONNECT = 300

const peers: Peer[] = []
function peer(source: string): Peer {
  const started = new Peer(source)
  peers.push(started)
  return started
}
afterEach(async () => {
  await Promise.all(peers.splice(0).map(started => started.kill()))
})

/** Child source: binds `socket` (a constructor of zmq, with `options`) at `address` and prints "bound <endpoint>". */
const binding = (socket: string, address: string, options = "") => `
  const socket = new zmq.${socket}(${options})
  socket.bindSync(${JSON.stringify(address)})
  console.log("bound " + socket.lastEndpoint)
`

/** Child: a Pull that prints "got <index>" for each message, until "stop". */
const pullPeer = (address: string) => `
  ${binding("Pull", address)}
  ;(async () => {
    for await (const [message] of socket) {
      if (String(message) === "stop") break
      console.log("got " + message)
    }
    socket.close()
  })()
`

/**
 * Child: a Router that prints "got <index>" and echoes each message with its
 * generation, until "stop" (echoed too). Mandatory routing: at the
 * high-water mark a Router would otherwise drop replies; this one waits.
 */
const routerPeer = (address: string, generation: number) => `
  ${binding("Router", address, "{mandatory: true}")}
  ;(async () => {
    for await (const [id, message] of socket) {
      if (String(message) !== "stop") console.log("got " + message)
      await socket.send([id, message, "${generation}"])
      if (String(message) === "stop") break
    }
    socket.close()
  })()
`

/**
 * Our `socket` connects to a first peer and sends indices 0, 1, … without
 * end; the peer is killed once it got KILL_AT; once our socket saw the
 * disconnect, a second peer binds the same endpoint; once our socket saw it
 * connect, SENT_AFTER_RECONNECT more go, then "stop", and the second peer
 * ends by itself (exit 0). Checks libzmq's guarantee on what each peer got.
 */
async function restartMidStream(socket: zmq.Push | zmq.Dealer, transport: "tcp" | "ipc",
                                peerSource: (address: string, generation: number) => string): Promise<void> {
  const events = socket.events
  const first = peer(peerSource(bindAddress(transport), 1))
  const address = (await first.line(/^bound (.+)$/))[1]!
  socket.connect(address)

  let sent = 0
  let stopAt = Infinity
  const sending = (async () => {
    while (sent < stopAt) {
      await socket.send(String(sent))
      sent++
    }
    await socket.send("stop")
  })()

  await first.line(new RegExp(`^got ${KILL_AT}$`))
  const killed = await first.kill()
  expect(killed.signal).toBe("SIGKILL")
  await until(events, "disconnect")
  const second = peer(peerSource(address, 2))
  await until(events, "connect")
  // The send in flight now may have been taken before the connection came up; every later one was not.
  const firstSentConnected = sent + 1
  stopAt = firstSentConnected + SENT_AFTER_RECONNECT
  await sending
  const ended = await second.result
  expect(ended).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})

  const before = first.numbers("got", killed.stdout)
  const after = second.numbers("got", ended.stdout)
  expect(before).toEqual(run(0, before.length - 1))
  expect(before.length).toBeGreaterThan(KILL_AT)
  // One contiguous run to the very last, starting after the gap (no duplicate) and no later than the reconnect.
  expect(after).toEqual(run(after[0]!, stopAt - 1))
  expect(after[0]).toBeGreaterThan(before.at(-1)!)
  expect(after[0]).toBeLessThanOrEqual(firstSentConnected)
}

describe.each(["tcp", "ipc"] as const)("a peer killed mid-stream and restarted (%s)", transport => {
  it("our connecting Push: what it still queued, and all it sends after the reconnect, reach the new Pull", async () => {
    const push = track(new zmq.Push({sendHighWaterMark: 100}))
    await restartMidStream(push, transport, pullPeer)
  }, PEER_TIMEOUT_MS)

  it("our connecting Dealer: the new Router answers every request it got; the pending receive resolves from it", async () => {
    const dealer = track(new zmq.Dealer({sendHighWaterMark: 100}))
    const replies: {index: number; generation: string}[] = []
    const receiving = (async () => {
      for (;;) {
        const [index, generation] = await dealer.receive()
        if (String(index) === "stop") return
        replies.push({index: Number(index), generation: String(generation)})
      }
    })().catch(error => { if (!dealer.closed) throw error })
    await restartMidStream(dealer, transport, routerPeer)
    await receiving
    const fromFirst = replies.filter(reply => reply.generation === "1").map(reply => reply.index)
    const fromSecond = replies.filter(reply => reply.generation === "2").map(reply => reply.index)
    // Each generation's replies in order, the first's before the second's, without duplicates or gaps inside.
    expect(replies.map(reply => reply.generation)).toEqual([...fromFirst.map(() => "1"), ...fromSecond.map(() => "2")])
    expect(fromFirst).toEqual(run(0, fromFirst.length - 1))
    expect(fromSecond).toEqual(run(fromSecond[0]!, fromSecond.at(-1)!))
    expect(fromSecond[0]).toBeGreaterThan(fromFirst.at(-1) ?? -1)
  }, PEER_TIMEOUT_MS)

  it("our connecting Subscriber: its subscription is sent again, so the new Publisher's messages arrive", async () => {
    const subscriber = track(new zmq.Subscriber())
    const events = subscriber.events
    subscriber.subscribe("topic")
    // A steady trickle until SIGTERM: a subscriber connecting at any moment hears it.
    const publisher = (address: string, generation: number) => `
      ${binding("Publisher", address)}
      let index = 0
      const timer = setInterval(() => socket.send(["topic", String(index++), "${generation}"]), 1)
      process.on("SIGTERM", () => { clearInterval(timer); socket.close() })
    `
    const received: {index: number; generation: string}[] = []
    const receiveUntil = async (generation: string) => {
      for (;;) {
        const [, index, from] = await subscriber.receive()
        received.push({index: Number(index), generation: String(from)})
        if (String(from) === generation) return
      }
    }
    const first = peer(publisher(bindAddress(transport), 1))
    const address = (await first.line(/^bound (.+)$/))[1]!
    subscriber.connect(address)
    await receiveUntil("1")
    expect((await first.kill()).signal).toBe("SIGKILL")
    await until(events, "disconnect")
    const second = peer(publisher(address, 2))
    await until(events, "connect")
    await receiveUntil("2")
    for (let more = 0; more < 10; more++) await receiveUntil("2")
    expect(await second.kill("SIGTERM")).toMatchObject({code: 0, signal: null, stderr: ""})
    for (const generation of ["1", "2"]) {
      // A publisher drops what a slow subscriber has no room for, but never reorders.
      const indices = received.filter(message => message.generation === generation).map(message => message.index)
      expect(indices).toEqual([...indices].sort((a, b) => a - b))
      expect(new Set(indices).size).toBe(indices.length)
    }
  }, PEER_TIMEOUT_MS)

  it("our Request (correlate, relaxed) whose reply peer died sends again; the pending receive resolves from the new Reply", async () => {
    const request = track(new zmq.Request({correlate: true, relaxed: true}))
    const events = request.events
    // The first generation never answers request KILL_AT (it stays alive, holding it, until killed).
    const replier = (address: string, generation: number) => `
      ${binding("Reply", address)}
      ;(async () => {
        for await (const [message] of socket) {
          if (${generation} === 1 && Number(message) === ${KILL_AT}) {
            console.log("holding " + message)
            setInterval(() => {}, 60_000)
            return
          }
          await socket.send(message + " from ${generation}")
        }
      })()
    `
    const first = peer(replier(bindAddress(transport), 1))
    const address = (await first.line(/^bound (.+)$/))[1]!
    request.connect(address)
    for (let index = 0; index < KILL_AT; index++) {
      await request.send(String(index))
      expect(String((await request.receive())[0])).toBe(`${index} from 1`)
    }
    await request.send(String(KILL_AT))
    const pending = request.receive()
    await first.line(new RegExp(`^holding ${KILL_AT}$`))
    expect((await first.kill()).signal).toBe("SIGKILL")
    await until(events, "disconnect")
    const second = peer(replier(address, 2))
    await until(events, "connect")
    // relaxed: a new request may go while the reply to the last is still awaited; correlate: only its reply counts.
    await request.send(String(KILL_AT))
    expect(String((await pending)[0])).toBe(`${KILL_AT} from 2`)
    for (let index = KILL_AT + 1; index < KILL_AT + 50; index++) {
      await request.send(String(index))
      expect(String((await request.receive())[0])).toBe(`${index} from 2`)
    }
    expect((await second.kill()).signal).toBe("SIGKILL")
  }, PEER_TIMEOUT_MS)

  it("our bound Router keeps serving: a connecting Dealer killed mid-stream, restarted, gets every reply", async () => {
    const ROUND_TRIPS = 300
    const router = track(new zmq.Router())
    const events = router.events
    await router.bind(bindAddress(transport))
    const address = router.lastEndpoint!
    // Replies to the dead peer's routing id are dropped by the Router (not mandatory), as libzmq says.
    const serving = (async () => {
      for await (const [id, message] of router) await router.send([id!, message!])
    })().catch(error => { if (!router.closed) throw error })
    const dealer = (count: number) => `
      const dealer = new zmq.Dealer()
      dealer.connect(${JSON.stringify(address)})
      ;(async () => {
        for (let index = 0; index < ${count}; index++) {
          await dealer.send(String(index))
          console.log("reply " + (await dealer.receive())[0])
        }
        dealer.close()
      })()
    `
    const first = peer(dealer(Number.MAX_SAFE_INTEGER))
    await first.line(new RegExp(`^reply ${KILL_AT}$`))
    expect((await first.kill()).signal).toBe("SIGKILL")
    await until(events, "disconnect")
    const second = peer(dealer(ROUND_TRIPS))
    await until(events, "accept")
    const ended = await second.result
    expect(ended).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(second.numbers("reply", ended.stdout)).toEqual(run(0, ROUND_TRIPS - 1))
    router.close()
    await serving
  }, PEER_TIMEOUT_MS)
})
