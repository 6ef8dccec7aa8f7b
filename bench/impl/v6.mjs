// The benchmark roles for libraries with the zeromq v6 API (zmq-napi and the
// `zeromq` package): classes per socket type, promise `send()`, async
// iteration, and `Proxy` for the broker rows. How messages are sent and received is left to two hooks, so a
// variant (zmq-napi-fast.mjs) can swap in another API in one place:
//
//   send(push, messages, n)         sends `n` messages cycling through `messages` (one
//                                   message, or one per topic; `n` is a multiple of
//                                   their count); resolves when done
//   receive(pull, parts, tally)     receives until a message without `parts` frames
//                                   arrives or `tally.tick()` says stop
import {allocationWindow} from "./allocations.mjs"
import {manyRoles} from "./v6-many.mjs"
import {fanoutRoles} from "./v6-fanout.mjs"
import {connectAddress, emit, endMarker, makeMessage, measureRoundTrips, sendPlan, stdinClosed, Tally, topicMessages} from "./common.mjs"

/** The idiomatic hooks: `await push.send(msg)` per message, `for await` over the pull socket. */
export const idiomatic = {
  async send(push, messages, n) {
    for (let index = 0; index < n; index++) await push.send(messages[index % messages.length])
  },

  async receive(pull, parts, tally) {
    for await (const message of pull) {
      if (message.length !== parts) break
      if (++tally.count === tally.next && tally.tick()) break
    }
  },
}

export function v6Impl(zmq, hooks) {
  /**
   * Sends per the plan with `hooks.send`, then the end marker (duration runs;
   * one per topic for a publisher); resolves with the count.
   */
  async function runSender(push, {size, parts, count, duration, topics}) {
    const messages = topics ? topicMessages(topics, size) : [makeMessage(size, parts)]
    const plan = sendPlan({count, duration, variants: messages.length})
    for (let n; (n = plan.next()) > 0;) await hooks.send(push, messages, n)
    if (count === undefined) {
      for (const topic of topics ?? [""]) await push.send(endMarker(parts, topic))
    }
    return plan.sent
  }

  return {
    version: zmq.version,
    ...fanoutRoles(zmq, hooks, runSender),
    ...manyRoles(zmq, hooks),

    /**
     * PULL: binds, announces its endpoint, receives, reports. `socket`: more
     * options (CURVE); `alloc`: count allocations over a window (allocations.mjs).
     */
    async "thr-recv"({bind, parts, expect, sampleEvery, socket, alloc}) {
      const pull = new zmq.Pull({linger: 0, ...socket})
      await pull.bind(bind)
      emit({endpoint: pull.lastEndpoint})
      const window = alloc && allocationWindow(alloc)
      const tally = new Tally({expect, sampleEvery, marks: window?.marks})
      await hooks.receive(pull, parts, tally)
      tally.finish()
      pull.close()
      emit({result: {...tally.report(), allocations: window?.result()}})
    },

    /** PUSH: connects, sends, then waits for the harness to close stdin. */
    async "thr-send"({connect, size, parts, count, duration, socket}) {
      const push = new zmq.Push(socket)
      push.connect(await connectAddress(connect))
      const sent = await runSender(push, {size, parts, count, duration})
      emit({sent})
      await stdinClosed()
      push.linger = 0
      push.close()
    },

    /** Both ends in one process over inproc://. */
    async inproc({size, parts, duration}) {
      const address = `inproc://bench-${process.pid}`
      const pull = new zmq.Pull({linger: 0})
      await pull.bind(address)
      const push = new zmq.Push({linger: 0})
      push.connect(address)
      const tally = new Tally()
      const [, sent] = await Promise.all([
        hooks.receive(pull, parts, tally),
        runSender(push, {size, parts, duration}),
      ])
      tally.finish()
      push.close()
      pull.close()
      emit({sent, result: tally.report()})
    },

    /**
     * The broker of the "broker thr" rows: a ROUTER/DEALER `Proxy`. Announces
     * its endpoints, runs until the harness closes stdin, then terminates.
     */
    async broker({front, back}) {
      const proxy = new zmq.Proxy(new zmq.Router({linger: 0}), new zmq.Dealer({linger: 0}))
      await proxy.frontEnd.bind(front)
      await proxy.backEnd.bind(back)
      emit({endpoints: {front: proxy.frontEnd.lastEndpoint, back: proxy.backEnd.lastEndpoint}})
      const running = proxy.run()
      await stdinClosed()
      proxy.terminate()
      await running
    },

    /** A DEALER client of the broker: sends like thr-send, to the broker's front-end. */
    async "broker-send"({connect, size, parts, duration}) {
      const dealer = new zmq.Dealer()
      dealer.connect(connect)
      const sent = await runSender(dealer, {size, parts, duration})
      emit({sent})
      await stdinClosed()
      dealer.linger = 0
      dealer.close()
    },

    /** A DEALER worker behind the broker: each message arrives with the client's routing id in front. */
    async "broker-recv"({connect, parts}) {
      const dealer = new zmq.Dealer({linger: 0})
      dealer.connect(connect)
      const tally = new Tally()
      await hooks.receive(dealer, parts + 1, tally)
      tally.finish()
      dealer.close()
      emit({result: tally.report()})
    },

    /** REP (or DEALER): echoes every request; the end marker is echoed and ends the run. */
    async "lat-server"({bind, parts, pattern}) {
      const rep = new (pattern === "dealer" ? zmq.Dealer : zmq.Reply)({linger: 0})
      await rep.bind(bind)
      emit({endpoint: rep.lastEndpoint})
      for await (const message of rep) {
        await rep.send(message)
        if (message.length !== parts) break
      }
      // The last reply must leave before the socket goes.
      await new Promise(resolve => setTimeout(resolve, 50))
      rep.close()
    },

    /** REQ (or DEALER): measures each round trip with process.hrtime.bigint(). */
    async "lat-client"({connect, size, parts, duration, pattern}) {
      const req = new (pattern === "dealer" ? zmq.Dealer : zmq.Request)({linger: 0})
      req.connect(await connectAddress(connect))
      const message = makeMessage(size, parts)
      const stats = await measureRoundTrips(async () => {
        await req.send(message)
        await req.receive()
      }, {duration})
      await req.send(endMarker(parts))
      await req.receive()
      req.close()
      emit({result: {...stats, maxRssKB: process.resourceUsage().maxRSS}})
    },
  }
}
