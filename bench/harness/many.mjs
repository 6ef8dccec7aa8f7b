// The "many sockets" rows: a receiving process with `sockets` idle connected
// PULL sockets (each with a receive pending, as a service's would be) and one
// busy PULL fed by a sender of the same implementation, over tcp.
//
// 1. The idle peer (bench/native/many.cpp idle-peer, the same for every row:
//    a bound PUSH that never sends) starts and announces its endpoint.
// 2. The receiver connects its idle sockets to it; once the peer has seen
//    every handshake, the harness tells the receiver to go, and it measures
//    its CPU over an idle window of the row's duration (idleCpuMsPerSec).
// 3. It binds the busy PULL; the sender sends for the row's duration like a
//    tcp thr row, and the receiver reports its rate, checked like one.
import {CLOCK_STRIDE} from "../impl/common.mjs"
import {nativeRole} from "./native-tools.mjs"
import {cleanup, endpoints, participant, SLACK, STARTUP} from "./runners.mjs"

/** Room in the receiver's context beyond the idle sockets: the busy one, and the library's own. */
const SPARE_SOCKETS = 16

export async function manySockets(impl, {size, parts, duration, sockets}, ctx) {
  const procs = []
  try {
    const peer = await nativeRole("idle-peer", {bind: "tcp://127.0.0.1:*", sockets}, {tmpdir: ctx.tmpdir, stdin: true}, ctx)
    procs.push(peer)
    const {endpoint: idle} = await peer.waitFor("endpoint", STARTUP * 1000)
    const {bind} = await endpoints("tcp", ctx, false)
    const receiver = await participant(impl, "many-recv",
      {bind, idle, sockets, maxSockets: sockets + SPARE_SOCKETS, window: duration, parts},
      {timed: true, tmpdir: ctx.tmpdir, stdin: true}, ctx)
    procs.push(receiver)
    await Promise.race([peer.waitFor("connected", (STARTUP + SLACK) * 1000), receiver.failure()])
    receiver.writeLine("go")
    const {idle: window} = await Promise.race([receiver.waitFor("idle", (STARTUP + duration + SLACK) * 1000), peer.failure()])
    const {endpoint} = await Promise.race([receiver.waitFor("endpoint", STARTUP * 1000), peer.failure()])
    const sender = await participant(impl, "thr-send", {size, parts, duration, stride: CLOCK_STRIDE}, {tmpdir: ctx.tmpdir, stdin: true}, ctx)
    procs.push(sender)
    sender.writeLine(endpoint)
    const {result} = await Promise.race([receiver.waitFor("result", (STARTUP + duration + SLACK) * 1000), sender.failure()])
    const {sent} = await sender.waitFor("sent", SLACK * 1000)
    sender.closeStdin()
    receiver.closeStdin()
    await receiver.expectSuccess(SLACK * 1000)
    await sender.expectSuccess(SLACK * 1000)
    if (result.count === 0) throw new Error("the receiver got no messages")
    if (result.count !== sent) throw new Error(`the sender sent ${sent} messages, the receiver got ${result.count}`)
    return {
      ...result,
      idleCpuMsPerSec: (window.cpuSeconds * 1000) / window.seconds,
      cpuSource: "receiver, first to last message",
    }
  } finally {
    await cleanup(procs)
  }
}
