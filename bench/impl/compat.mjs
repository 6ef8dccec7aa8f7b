// zmq-napi's legacy API, `require("zmq-napi/compat")`, written the way
// services written for `zmq` / zeromq@5 use it: `socket("push")`,
// `send(msg)` in a loop, `'message'` events.
//
// Backpressure: legacy `send()` never blocks — what libzmq cannot take waits
// in the socket's own queue. The sender therefore passes a callback on every
// STRIDE-th message; when that callback does not run at once (the message had
// to wait), it stops and resumes from the callback, so at most STRIDE
// messages wait in the queue. It also yields to the event loop every YIELD
// messages, so a receiver in the same process (inproc) gets its turn.
import {createRequire} from "node:module"
import {connectAddress, emit, endMarker, makeMessage, measureRoundTrips, sendPlan, stdinClosed, Tally} from "./common.mjs"

const zmq = createRequire(import.meta.url)("zmq-napi/compat")

const STRIDE = 256
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
function socket(type, options = {}) {
  const sock = zmq.socket(type)
  for (const [name, value] of Object.entries(options)) {
    if (LEGACY_OPTIONS[name] === undefined) throw new Error(`compat.mjs does not map the option ${name}`)
    sock.setsockopt(LEGACY_OPTIONS[name], typeof value === "boolean" ? Number(value) : value)
  }
  return sock
}

/** Sends per `plan`, then the end marker (duration runs); resolves with the count. */
function runSender(push, {size, parts, count, duration}) {
  const message = makeMessage(size, parts)
  const plan = sendPlan({count, duration})
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
        for (let index = 1; index < n; index++) push.send(message)
        // The stride's last message carries the callback.
        let sync = true
        let done = false
        push.send(message, 0, error => {
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
        push.send(endMarker(parts), 0, error => (error ? reject(error) : resolve(plan.sent)))
      } else {
        resolve(plan.sent)
      }
    }
    pump()
  })
}

/** Receives until the end marker (or `tally` says stop); resolves when done. */
function runReceiver(pull, parts, tally) {
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

export default {
  version: zmq.version,

  async "thr-recv"({bind, parts, expect, sampleEvery, socket: options}) {
    const pull = socket("pull", options)
    pull.linger = 0
    pull.bindSync(bind)
    emit({endpoint: pull.last_endpoint})
    const tally = new Tally({expect, sampleEvery})
    await runReceiver(pull, parts, tally)
    pull.close()
    emit({result: tally.report()})
  },

  async "thr-send"({connect, size, parts, count, duration, socket: options}) {
    const push = socket("push", options)
    push.connect(await connectAddress(connect))
    const sent = await runSender(push, {size, parts, count, duration})
    emit({sent})
    await stdinClosed()
    push.linger = 0
    push.close()
  },

  async inproc({size, parts, duration}) {
    const address = `inproc://bench-${process.pid}`
    const pull = zmq.socket("pull")
    pull.linger = 0
    pull.bindSync(address)
    const push = zmq.socket("push")
    push.linger = 0
    push.connect(address)
    const tally = new Tally()
    const [, sent] = await Promise.all([runReceiver(pull, parts, tally), runSender(push, {size, parts, duration})])
    push.close()
    pull.close()
    emit({sent, result: tally.report()})
  },

  /** The broker of the "broker thr" rows: the legacy `proxy()` (a relay on 'message' events) between a ROUTER and a DEALER. */
  async broker({front, back}) {
    const router = zmq.socket("router")
    const dealer = zmq.socket("dealer")
    router.linger = 0
    dealer.linger = 0
    router.bindSync(front)
    dealer.bindSync(back)
    emit({endpoints: {front: router.last_endpoint, back: dealer.last_endpoint}})
    zmq.proxy(router, dealer)
    await stdinClosed()
    router.close()
    dealer.close()
  },

  async "lat-server"({bind, parts, pattern}) {
    const rep = zmq.socket(pattern === "dealer" ? "dealer" : "rep")
    rep.linger = 0
    rep.bindSync(bind)
    emit({endpoint: rep.last_endpoint})
    await new Promise(resolve => {
      rep.on("message", function () {
        const frames = arguments.length === 1 ? arguments[0] : Array.prototype.slice.call(arguments)
        if (arguments.length !== parts) rep.send(frames, 0, () => resolve())
        else rep.send(frames)
      })
    })
    await new Promise(resolve => setTimeout(resolve, 50))
    rep.close()
  },

  async "lat-client"({connect, size, parts, duration, pattern}) {
    const req = zmq.socket(pattern === "dealer" ? "dealer" : "req")
    req.linger = 0
    req.connect(await connectAddress(connect))
    const message = makeMessage(size, parts)
    let onReply = null
    req.on("message", () => onReply())
    const roundTrip = payload => new Promise(resolve => {
      onReply = resolve
      req.send(payload)
    })
    const stats = await measureRoundTrips(() => roundTrip(message), {duration})
    await roundTrip(endMarker(parts))
    req.close()
    emit({result: {...stats, maxRssKB: process.resourceUsage().maxRSS}})
  },
}
