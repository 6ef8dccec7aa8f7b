// The fan-out rows: an XPUB publisher process and a process of `subscribers`
// SUB sockets (bench/impl/v6-fanout.mjs has the design). Neither side has a
// high-water mark, so libzmq drops nothing and each subscriber must get
// exactly its share of what was published: sent ÷ subscribers (the publisher
// cycles through the topics in whole cycles). The row's rate is the messages
// delivered, all subscribers together, per second from the first delivery to
// the last, which in a lossless run is also the rate the publisher sustained
// end to end; CPU and RSS are the subscriber process's.
import {cleanup, endpoints, participant, SLACK, STARTUP} from "./runners.mjs"
import {strideFor} from "../impl/common.mjs"

/** No high-water mark: nothing dropped, everything checked. */
const UNBOUNDED = 0

export async function fanout(impl, {size, duration, subscribers}, ctx) {
  const {bind} = await endpoints("tcp", ctx, false)
  const procs = []
  try {
    const pub = await participant(impl, "fanout-pub",
      {bind, size, duration, subscribers, stride: strideFor(subscribers), socket: {sendHighWaterMark: UNBOUNDED}},
      {tmpdir: ctx.tmpdir, stdin: true}, ctx)
    procs.push(pub)
    const sub = await participant(impl, "fanout-sub", {subscribers, socket: {receiveHighWaterMark: UNBOUNDED}},
      {tmpdir: ctx.tmpdir, stdin: true}, ctx)
    procs.push(sub)
    const {endpoint} = await Promise.race([pub.waitFor("endpoint", STARTUP * 1000), sub.failure()])
    sub.writeLine(endpoint)
    sub.closeStdin()
    const {result} = await Promise.race([sub.waitFor("result", (STARTUP + duration + SLACK) * 1000), pub.failure()])
    const {sent} = await pub.waitFor("sent", SLACK * 1000)
    pub.closeStdin()
    await sub.expectSuccess(SLACK * 1000)
    await pub.expectSuccess(SLACK * 1000)
    const share = sent / subscribers
    const wrong = result.counts.map((count, index) => [index, count]).filter(([, count]) => count !== share)
    if (sent === 0) throw new Error("the publisher sent nothing")
    if (wrong.length > 0) {
      throw new Error(`the publisher sent ${sent} messages, ${share} per topic; ${wrong.map(([index, count]) => `subscriber ${index} got ${count}`).join(", ")}`)
    }
    return {...result, sent, cpuSource: "subscriber process, first to last delivery"}
  } finally {
    await cleanup(procs)
  }
}
