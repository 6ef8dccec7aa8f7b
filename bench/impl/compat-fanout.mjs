// The fan-out rows' roles for zmq-napi's legacy API: what v6-fanout.mjs does
// (read its header for the design), with an "xpub" socket, "sub" sockets and
// 'message' events.
import {runReceiver, runSender, socket} from "./compat-io.mjs"
import {combinedReport, connectAddress, emit, stdinClosed, Tally, topicNames} from "./common.mjs"

/** Resolves once `count` distinct subscriptions have reached the XPUB. */
function subscriptionsArrived(xpub, count) {
  const topics = new Set()
  return new Promise(resolve => {
    xpub.on("message", function onSubscription(frame) {
      if (frame[0] === 1) topics.add(frame.subarray(1).toString())
      if (topics.size === count) {
        xpub.removeListener("message", onSubscription)
        resolve()
      }
    })
  })
}

export const fanoutRoles = {
  async "fanout-pub"({bind, size, duration, subscribers, socket: options}) {
    const xpub = socket("xpub", options)
    xpub.linger = 0
    xpub.bindSync(bind)
    emit({endpoint: xpub.last_endpoint})
    await subscriptionsArrived(xpub, subscribers)
    const sent = await runSender(xpub, {size, parts: 1, duration, topics: topicNames(subscribers)})
    emit({sent})
    await stdinClosed()
    xpub.close()
  },

  async "fanout-sub"({subscribers, socket: options}) {
    const address = await connectAddress()
    const tallies = await Promise.all(topicNames(subscribers).map(async topic => {
      const sub = socket("sub", options)
      sub.linger = 0
      sub.subscribe(topic)
      sub.connect(address)
      const tally = new Tally()
      await runReceiver(sub, 1, tally)
      sub.close()
      return tally
    }))
    emit({result: combinedReport(tallies)})
  },
}
