// How one benchmark row is measured, per kind of implementation:
// the JS implementations run bench/impl/worker.mjs, native libzmq runs its perf
// tools from deps/build/prefix/bin or one of bench/native/'s tools (which speak
// the JS workers' protocol). Every runner returns
//   {count, seconds, cpuSeconds, cpuSource, maxRssKB, [medianUs, p99Us, meanUs]}
// or throws (the harness turns that into an error row).
import {existsSync} from "node:fs"
import {join} from "node:path"
import {CLOCK_STRIDE} from "../impl/common.mjs"
import {nativeBinary, nativeRole} from "./native-tools.mjs"
import {NATIVE_BIN, WORKER} from "./paths.mjs"
import {freePort, Proc} from "./procs.mjs"

/** Seconds allowed for a process to start and announce its endpoint. */
export const STARTUP = 20
/** Seconds allowed beyond the expected run time. */
export const SLACK = 30

export function worker(impl, role, args, options) {
  return new Proc(process.execPath, [WORKER, impl, role, JSON.stringify(args)], {label: `${impl} ${role}`, ...options})
}

/** A process playing `role`: a JS worker, or for "native" the bench/native tool that plays it. */
export async function participant(impl, role, args, options, ctx) {
  if (impl === "native") return nativeRole(role, args, options, ctx)
  return worker(impl, role, args, options)
}

function nativeTool(name, args, options) {
  const path = join(NATIVE_BIN, name)
  if (!existsSync(path)) throw new Error(`${path} is missing: build it with \`npm run build:deps\``)
  return new Proc(path, args.map(String), {label: name, ...options})
}

/** The receiver endpoint for a transport: bind address (JS may use a wildcard port). */
export async function endpoints(transport, ctx, fixedPort) {
  if (transport === "tcp") {
    if (!fixedPort) return {bind: "tcp://127.0.0.1:*"}
    const address = `tcp://127.0.0.1:${await freePort()}`
    return {bind: address, connect: address}
  }
  const address = `ipc://${join(ctx.tmpdir, `s${++ctx.serial}.ipc`)}`
  return {bind: address, connect: address}
}

/** Ends every process of a row, whatever happened. */
export async function cleanup(procs) {
  for (const proc of procs) proc?.kill()
  await Promise.all(procs.map(proc => proc?.exited))
}

/**
 * PUSH→PULL between two processes of one implementation (native: the thr
 * tool, for the rows libzmq's perf tools cannot run). `recvSocket` and
 * `sendSocket` are socket options by their zeromq v6 names (CURVE keys);
 * `sender: "native"` (the RSS soak) sends with remote_thr instead.
 */
export async function throughput(impl, spec, ctx) {
  const {transport, size, parts, duration, count, expect, sampleEvery, sender, recvSocket, sendSocket, alloc} = spec
  const {bind} = await endpoints(transport, ctx, false)
  let receiver
  let push
  try {
    receiver = await participant(impl, "thr-recv", {bind, parts, expect, sampleEvery, alloc, socket: recvSocket}, {timed: true, tmpdir: ctx.tmpdir}, ctx)
    // The sender starts at the same time and gets the endpoint on stdin.
    if (sender !== "native") {
      push = await participant(sender ?? impl, "thr-send", {size, parts, duration, count, stride: CLOCK_STRIDE, socket: sendSocket},
        {tmpdir: ctx.tmpdir, stdin: true}, ctx)
    }
    const {endpoint} = await Promise.race([receiver.waitFor("endpoint", STARTUP * 1000), ...(push ? [push.failure()] : [])])
    const expected = duration ?? count / 1e5
    if (sender === "native") push = nativeTool("remote_thr", [endpoint, size, count], {tmpdir: ctx.tmpdir})
    else push.writeLine(endpoint)
    const {result} = await Promise.race([receiver.waitFor("result", (STARTUP + expected + SLACK) * 1000), push.failure()])
    let sent = count
    if (sender !== "native") {
      ;({sent} = await push.waitFor("sent", SLACK * 1000))
      push.closeStdin()
    }
    await receiver.expectSuccess(SLACK * 1000)
    await push.expectSuccess(SLACK * 1000)
    if (result.count === 0) throw new Error("the receiver got no messages")
    if (result.count !== sent) throw new Error(`the sender sent ${sent} messages, the receiver got ${result.count}`)
    const usage = receiver.timeUsage()
    return {...result, cpuSource: "receiver, first to last message", processCpuSeconds: usage?.cpuSeconds}
  } finally {
    await cleanup([receiver, push])
  }
}

/** PUSH→PULL in one process over inproc:// (JS). */
export async function jsInproc(impl, {size, parts, duration}, ctx) {
  let proc
  try {
    proc = worker(impl, "inproc", {size, parts, duration}, {timed: true, tmpdir: ctx.tmpdir})
    const {sent, result} = await proc.waitFor("result", (STARTUP + duration + SLACK) * 1000)
    await proc.expectSuccess(SLACK * 1000)
    if (result.count === 0) throw new Error("the receiver got no messages")
    if (result.count !== sent) throw new Error(`the sender sent ${sent} messages, the receiver got ${result.count}`)
    const usage = proc.timeUsage()
    return {...result, cpuSource: "whole process, first to last message", processCpuSeconds: usage?.cpuSeconds}
  } finally {
    await cleanup([proc])
  }
}

/** REQ/REP (`pattern: "dealer"`: DEALER/DEALER) round trips between two processes (JS); the client measures. */
export async function jsLatency(impl, {transport, size, parts, duration, pattern}, ctx) {
  const {bind} = await endpoints(transport, ctx, false)
  let server
  let client
  try {
    server = worker(impl, "lat-server", {bind, parts, pattern}, {tmpdir: ctx.tmpdir})
    client = worker(impl, "lat-client", {size, parts, duration, pattern}, {timed: true, tmpdir: ctx.tmpdir, stdin: true})
    const {endpoint} = await Promise.race([server.waitFor("endpoint", STARTUP * 1000), client.failure()])
    client.writeLine(endpoint)
    client.closeStdin()
    const {result} = await Promise.race([client.waitFor("result", (STARTUP + duration + SLACK) * 1000), server.failure()])
    await client.expectSuccess(SLACK * 1000)
    await server.expectSuccess(SLACK * 1000)
    return {...result, cpuSource: "client, measured round trips"}
  } finally {
    await cleanup([server, client])
  }
}

/** local_thr (timed) + remote_thr; `count` messages. */
async function nativeThroughputOnce({transport, size}, count, ctx) {
  const {bind, connect} = await endpoints(transport, ctx, true)
  let receiver
  let sender
  try {
    receiver = nativeTool("local_thr", [bind, size, count], {timed: true, tmpdir: ctx.tmpdir})
    // Over ipc, libzmq 4.3.4 loses the last messages of a sender that closes
    // right after sending small ones (remote_thr does: zmq_close, then
    // zmq_ctx_term), and local_thr would wait for them forever. So over ipc
    // remote_thr sends more than local_thr counts, and is killed once
    // local_thr has its count (its measurement ends at its last message).
    const extra = transport === "ipc" ? Math.ceil(count * 0.05) + 20_000 : 0
    sender = nativeTool("remote_thr", [connect, size, count + extra], {tmpdir: ctx.tmpdir})
    const limit = (STARTUP + count / 2e4 + SLACK) * 1000
    await receiver.expectSuccess(limit)
    if (extra === 0) await sender.expectSuccess(SLACK * 1000)
    else if (sender.exit && sender.exit.code !== 0) await sender.expectSuccess(0)
    return parseNativeThroughput(receiver, count)
  } finally {
    await cleanup([receiver, sender])
  }
}

async function nativeInprocOnce({size}, count, ctx) {
  let proc
  try {
    proc = nativeTool("inproc_thr", [size, count], {timed: true, tmpdir: ctx.tmpdir})
    await proc.expectSuccess((STARTUP + count / 2e4 + SLACK) * 1000)
    return parseNativeThroughput(proc, count)
  } finally {
    await cleanup([proc])
  }
}

function parseNativeThroughput(proc, count) {
  const match = /mean throughput: (\d+) \[msg\/s\]/.exec(proc.stdout)
  if (!match) throw new Error(`${proc.label}: no throughput in its output: ${JSON.stringify(proc.stdout.slice(0, 300))}`)
  const rate = Number(match[1])
  if (!(rate > 0)) throw new Error(`${proc.label} reported ${rate} msg/s`)
  const usage = proc.timeUsage()
  return {
    count,
    seconds: count / rate,
    cpuSeconds: usage?.cpuSeconds,
    maxRssKB: usage?.maxRssKB,
    cpuSource: usage ? "whole process (/usr/bin/time)" : "n/a: /usr/bin/time missing (apt package `time`)",
  }
}

/** local_lat + remote_lat (timed); remote_lat prints one-way latency = round trip / 2. */
async function nativeLatencyOnce({transport, size}, count, ctx) {
  const {bind, connect} = await endpoints(transport, ctx, true)
  let server
  let client
  try {
    server = nativeTool("local_lat", [bind, size, count], {tmpdir: ctx.tmpdir})
    client = nativeTool("remote_lat", [connect, size, count], {timed: true, tmpdir: ctx.tmpdir})
    const limit = (STARTUP + count / 2e3 + SLACK) * 1000
    await Promise.race([client.expectSuccess(limit), server.failure()])
    // local_lat sleeps a second before it closes; its part is done once remote_lat has its figure.
    if (server.exit) await server.expectSuccess(0)
    const match = /average latency: ([\d.]+) \[us\]/.exec(client.stdout)
    if (!match) throw new Error(`remote_lat: no latency in its output: ${JSON.stringify(client.stdout.slice(0, 300))}`)
    const meanUs = 2 * Number(match[1])
    const usage = client.timeUsage()
    return {
      count,
      seconds: (count * meanUs) / 1e6,
      meanUs,
      cpuSeconds: usage?.cpuSeconds,
      maxRssKB: usage?.maxRssKB,
      cpuSource: usage ? "client (remote_lat) whole process" : "n/a: /usr/bin/time missing (apt package `time`)",
    }
  } finally {
    await cleanup([server, client])
  }
}

/** Pilot counts: small enough to take well under a second on any machine. */
function pilotCount(size) {
  return Math.max(100, Math.min(200_000, Math.floor(20e6 / Math.max(size, 64))))
}

/**
 * Native rows are count-bound: a short pilot run gives the rate, then the
 * measured run is sized to `duration` seconds.
 */
export async function native(kind, row, ctx) {
  const once = {thr: nativeThroughputOnce, inproc: nativeInprocOnce, lat: nativeLatencyOnce}[kind]
  const pilot = kind === "lat" ? 300 : pilotCount(row.size)
  const first = await once(row, pilot, ctx)
  const rate = first.count / first.seconds
  const count = Math.max(kind === "lat" ? 500 : 100, Math.min(50_000_000, Math.round(rate * row.duration)))
  return once(row, count, ctx)
}

/**
 * The clients and workers of every "broker thr" row, whichever broker sits
 * between them: the fastest zmq-napi API, so the broker is what differs.
 */
export const BROKER_ENDPOINTS = "zmq-napi-fast"


/**
 * DEALER client → ROUTER/DEALER broker → DEALER worker, three processes over
 * tcp; `broker` is the implementation of the middle one (native: libzmq's
 * zmq_proxy). The worker times from its first to its last message; CPU and
 * peak RSS are the broker process's, over its whole run.
 */
export async function brokerThroughput(broker, {size, parts, duration}, ctx) {
  const procs = []
  try {
    const addresses = {front: "tcp://127.0.0.1:*", back: "tcp://127.0.0.1:*"}
    const middle = broker === "native"
      ? new Proc(await nativeBinary("broker", ctx), [addresses.front, addresses.back], {label: "native broker", timed: true, tmpdir: ctx.tmpdir, stdin: true})
      : worker(broker, "broker", addresses, {timed: true, tmpdir: ctx.tmpdir, stdin: true})
    procs.push(middle)
    const {endpoints} = await middle.waitFor("endpoints", STARTUP * 1000)
    const receiver = worker(BROKER_ENDPOINTS, "broker-recv", {connect: endpoints.back, parts}, {tmpdir: ctx.tmpdir})
    procs.push(receiver)
    const sender = worker(BROKER_ENDPOINTS, "broker-send", {connect: endpoints.front, size, parts, duration}, {tmpdir: ctx.tmpdir, stdin: true})
    procs.push(sender)
    const {result} = await Promise.race([
      receiver.waitFor("result", (STARTUP + duration + SLACK) * 1000), sender.failure(), middle.failure(),
    ])
    const {sent} = await sender.waitFor("sent", SLACK * 1000)
    sender.closeStdin()
    await receiver.expectSuccess(SLACK * 1000)
    await sender.expectSuccess(SLACK * 1000)
    if (result.count === 0) throw new Error("the worker got no messages")
    if (result.count !== sent) throw new Error(`the client sent ${sent} messages, the worker got ${result.count}`)
    middle.closeStdin()
    await middle.expectSuccess(SLACK * 1000)
    const usage = middle.timeUsage()
    return {
      ...result,
      cpuSeconds: usage?.cpuSeconds,
      maxRssKB: usage?.maxRssKB,
      cpuSource: usage ? "broker process, whole run (/usr/bin/time)" : "n/a: /usr/bin/time missing (apt package `time`)",
    }
  } finally {
    await cleanup(procs)
  }
}
