// How the benchmark roles of zmq-napi's legacy API (compat.mjs,
// compat-fanout.mjs) make sockets, send and receive, written the way services
// written for `zmq` / zeromq@5 use it: `socket("push")`, `send(msg)` in a
// loop, `'message'` events.
//
// Backpressure: legacy `send()` never blocks — what libzmq cannot take waits
// in the socket's own queue. The sender therefore passes a callback on the
// last message of every stride of its send plan (common.mjs strideFor());
// when that callback does not run at once (the message had to wait), it stops
// and resumes from the callback, so at most a stride of messages waits in the
// queue. It also yields to the event loop every YIELD
// messages, so a receiver in the same process (inproc) gets its turn.
import {createRequire} from "node:module"
import {endMarker, makeMessage, sendPlan, topicMessages} from "./common.mjs"

export const zmq = createRequire(import.meta.url)("zmq-napi/compat")

const YIELD = 16384

/** The legacy numbers of the options the harness passes by their zeromq v6 names. */
const LEGACY_OPTIONS = {
  curveServer: zmq.ZMQ_CURVE_SERVER,
  curveSecretKey: zmq.ZMQ_CURVE_SECRETKEY,
  curvePublicKey: zmq.ZMQ_CURVE_PUBLICKEY,
  curveServerKey: zmq.ZMQ_CURVE_SERVERKEY,
  sendHighWaterMark: zmq.ZMQ_SNDHWM,
  receiveHighWaterMark: zmq.ZMQ_RCVHWM,
}

/** A legacy socket of `type` with the harness's `options` set, the legacy way. */
export function socket(type, options = {}) {
  const sock = zmq.socket(type)
  for (const [name, value] of Object.entries(options)) {
    if (LEGACY_OPTIONS[name] === undefined) throw new Error(`compat.mjs does not map the option ${name}`)
    sock.setsockopt(LEGACY_OPTIONS[name], typeof value === "boolean" ? Number(value) : value)
  }
  return sock
}

/**
 * Sends per `plan`, cycling through one message per topic for a publisher,
 * then the end marker (duration runs; one per topic); resolves with the count.
 */
export function runSender(push, {size, parts, count, duration, topics}) {
  const messages = topics ? topicMessages(topics, size) : [makeMessage(size, parts)]
  const cycle = messages.length
  const plan = sendPlan({count, duration, variants: cycle})
  return new Promise((resolve, reject) => {
    let waiting = false
    const resume = error => {
      if (error) return reject(error)
      if (waiting) {
        waiting = false
        pump()
      }
    }
    const pump = () => {
      let sinceYield = 0
      for (let n; (n = plan.next()) > 0;) {
        for (let index = 0; index < n - 1; index++) push.send(messages[index % cycle])
        // The stride's last message carries the callback.
        let sync = true
        let done = false
        push.send(messages[(n - 1) % cycle], 0, error => {
          done = true
          if (error) reject(error)
          else if (!sync) resume()
        })
        sync = false
        if (!done) {
          waiting = true
          return
        }
        sinceYield += n
        if (sinceYield >= YIELD) {
          setImmediate(pump)
          return
        }
      }
      if (count === undefined) {
        const ends = (topics ?? [""]).map(topic => endMarker(parts, topic))
        for (const end of ends.slice(0, -1)) push.send(end)
        push.send(ends.at(-1), 0, error => (error ? reject(error) : resolve(plan.sent)))
      } else {
        resolve(plan.sent)
      }
    }
    pump()
  })
}

/** Receives until the end marker (or `tally` says stop); resolves when done. */
export function runReceiver(pull, parts, tally) {
  return new Promise(resolve => {
    pull.on("message", function onMessage() {
      if (arguments.length !== parts || (++tally.count === tally.next && tally.tick())) {
        tally.finish()
        pull.removeListener("message", onMessage)
        resolve()
      }
    })
  })
}
