// zmq-napi's legacy API, `require("zmq-napi/compat")`: the benchmark roles,
// over the sockets, sender and receiver of compat-io.mjs.
import {allocationWindow} from "./allocations.mjs"
import {manyRoles} from "./compat-many.mjs"
import {fanoutRoles} from "./compat-fanout.mjs"
import {runReceiver, runSender, socket, zmq} from "./compat-io.mjs"
import {connectAddress, emit, endMarker, makeMessage, measureRoundTrips, stdinClosed, Tally} from "./common.mjs"

export default {
  version: zmq.version,
  ...fanoutRoles,
  ...manyRoles,

  async "thr-recv"({bind, parts, expect, sampleEvery, socket: options, alloc}) {
    const pull = socket("pull", options)
    pull.linger = 0
    pull.bindSync(bind)
    emit({endpoint: pull.last_endpoint})
    const window = alloc && allocationWindow(alloc)
    const tally = new Tally({expect, sampleEvery, marks: window?.marks})
    await runReceiver(pull, parts, tally)
    pull.close()
    emit({result: {...tally.report(), allocations: window?.result()}})
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
