// The fan-out rows' roles for the zeromq v6 API: one publisher, `subscribers`
// SUB sockets in one process, each subscribed to one topic prefix of the
// publisher's cycle (so each gets a tenth of what it publishes, for 10).
//
// The publisher is an XPUB, so it sees the subscriptions arrive and starts
// only when all are in (a PUB would drop everything sent before a
// subscription lands: the "slow joiner"). No high-water mark on either side
// (the harness passes 0): libzmq then drops nothing, and the harness can check
// that every subscriber got exactly its share.
import {combinedReport, connectAddress, emit, stdinClosed, Tally, topicNames} from "./common.mjs"

/** Resolves once `count` distinct subscriptions have reached the XPUB. */
async function subscriptionsArrived(xpub, count) {
  const topics = new Set()
  for await (const [frame] of xpub) {
    if (frame[0] === 1) topics.add(frame.subarray(1).toString())
    if (topics.size === count) return
  }
}

/** `runSender(socket, plan)`: v6.mjs's sender, with its hooks. */
export function fanoutRoles(zmq, hooks, runSender) {
  return {
    async "fanout-pub"({bind, size, duration, subscribers, socket}) {
      const xpub = new zmq.XPublisher({linger: 0, ...socket})
      await xpub.bind(bind)
      emit({endpoint: xpub.lastEndpoint})
      await subscriptionsArrived(xpub, subscribers)
      const sent = await runSender(xpub, {size, parts: 1, duration, topics: topicNames(subscribers)})
      emit({sent})
      await stdinClosed()
      xpub.close()
    },

    async "fanout-sub"({subscribers, socket}) {
      const address = await connectAddress()
      const tallies = await Promise.all(topicNames(subscribers).map(async topic => {
        const sub = new zmq.Subscriber({linger: 0, ...socket})
        sub.subscribe(topic)
        sub.connect(address)
        const tally = new Tally()
        await hooks.receive(sub, 1, tally)
        sub.close()
        return tally
      }))
      emit({result: combinedReport(tallies)})
    },
  }
}
