// The benchmark's rows: every scenario (what is measured, at which message
// shapes, for which implementations) and how one row of it is measured.
// bench/run.mjs plans the rows from this table, runs them and reports.
import {curveOptions} from "./harness/curve-keys.mjs"
import {fanout} from "./harness/fanout.mjs"
import {manySockets} from "./harness/many.mjs"
import {brokerThroughput, jsInproc, jsLatency, native, throughput} from "./harness/runners.mjs"

export const IMPLS = [
  {id: "native", label: "native"},
  {id: "zeromq", label: "zeromq"},
  {id: "zmq-napi", label: "zmq-napi"},
  {id: "zmq-napi-fast", label: "zmq-napi fast"},
  {id: "compat", label: "compat"},
]
/** Rows that get the ratio columns. */
export const OURS = new Set(["zmq-napi", "zmq-napi-fast", "compat"])

const single = size => ({size, parts: 1})
const THROUGHPUT_SHAPES = [...[1, 64, 1024, 65536, 1 << 20].map(single), {size: 64, parts: 3}]
const LATENCY_SHAPES = [64, 1024, 65536].map(single)
const BROKER_SHAPES = [64, 1024, 65536].map(single)

/**
 * kind: how a row is measured (measure() below); transport; shapes: message
 * sizes and frame counts; impls: only these (default: all); pattern, curve:
 * the scenario's variant of its kind.
 */
export const SCENARIOS = [
  {id: "tcp", label: "tcp thr", kind: "thr", transport: "tcp", shapes: THROUGHPUT_SHAPES},
  {id: "ipc", label: "ipc thr", kind: "thr", transport: "ipc", shapes: THROUGHPUT_SHAPES},
  {id: "inproc", label: "inproc thr", kind: "inproc", transport: "inproc", shapes: THROUGHPUT_SHAPES},
  {id: "lat-tcp", label: "tcp lat", kind: "lat", transport: "tcp", shapes: LATENCY_SHAPES},
  {id: "lat-ipc", label: "ipc lat", kind: "lat", transport: "ipc", shapes: LATENCY_SHAPES},
  // DEALER↔DEALER: the same round trip without REQ/REP's envelope and state
  // machine. libzmq's perf tools are REQ/REP only: compare with "tcp lat".
  {id: "lat-dealer", label: "tcp lat DEALER", kind: "lat", pattern: "dealer", transport: "tcp", shapes: LATENCY_SHAPES},
  // DEALER → ROUTER/DEALER broker → DEALER over tcp; the impl is the broker's
  // (native: libzmq's zmq_proxy in C++), the endpoints are always zmq-napi fast.
  // No "zmq-napi fast" broker: its Proxy is zmq-napi's.
  {id: "broker", label: "broker thr", kind: "broker", transport: "tcp", shapes: BROKER_SHAPES,
    impls: new Set(["native", "zeromq", "zmq-napi", "compat"])},
  // PUSH → PULL with CURVE: the receiver is the CURVE server; fresh keys per row.
  {id: "curve", label: "tcp thr CURVE", kind: "thr", curve: true, transport: "tcp", shapes: [64, 65536].map(single)},
  // XPUB → 10 SUB sockets in one process, each subscribed to a tenth of the
  // publisher's messages (harness/fanout.mjs).
  {id: "fanout", label: "tcp PUB→10 SUB", kind: "fanout", subscribers: 10, transport: "tcp", shapes: [single(64)]},
  // PUSH → PULL into a process that also holds 1,000 idle connected sockets
  // (harness/many.mjs): the busy pair's rate, and the process's CPU while idle.
  {id: "many", label: "tcp thr +1000 idle", kind: "many", sockets: 1000, transport: "tcp", shapes: [single(64)]},
  // Allocations per received message on the JS receivers (impl/allocations.mjs),
  // over a fixed number of messages after a warm-up; no rate (the profiler slows the receiver).
  {id: "alloc", label: "tcp alloc", kind: "alloc", transport: "tcp", shapes: [single(64), single(65536), {size: 64, parts: 3}],
    impls: new Set(["zeromq", "zmq-napi", "zmq-napi-fast", "compat"]), window: {skip: 20_000, count: 20_000}},
]

/** Measures one planned row for `duration` seconds. */
export async function measure(row, duration, ctx) {
  const spec = {transport: row.transport, size: row.size, parts: row.parts, pattern: row.pattern, duration}
  const nativeRow = row.implId === "native"
  switch (row.kind) {
    case "broker":
      return brokerThroughput(row.implId, spec, ctx)
    case "fanout":
      return fanout(row.implId, {...spec, subscribers: row.subscribers}, ctx)
    case "many":
      return manySockets(row.implId, {...spec, sockets: row.sockets}, ctx)
    case "alloc": {
      const total = row.window.skip + row.window.count
      // Only the allocations: the profiler slows the receiver and holds its samples, so rate, CPU and RSS mean nothing here.
      const {allocations} = await throughput(row.implId, {...spec, duration: undefined, count: total, expect: total, alloc: row.window}, ctx)
      if (!allocations) throw new Error("the receiver measured no allocations")
      return allocations
    }
    case "thr":
      // libzmq's perf tools send single-part messages without CURVE;
      // bench/native/thr.cpp does the rest.
      if (nativeRow && row.parts === 1 && !row.curve) return native("thr", spec, ctx)
      return throughput(row.implId, row.curve ? {...spec, ...curveOptions()} : spec, ctx)
    case "inproc":
      if (nativeRow && row.parts > 1) return {status: "n/a", note: "inproc_thr sends single-part messages"}
      return nativeRow ? native("inproc", spec, ctx) : jsInproc(row.implId, spec, ctx)
    case "lat":
      if (!nativeRow) return jsLatency(row.implId, spec, ctx)
      if (row.pattern) return {status: "n/a", note: "libzmq's latency tools are REQ/REP only"}
      return native("lat", spec, ctx)
    default:
      throw new Error(`unknown kind of scenario ${row.kind}`)
  }
}
