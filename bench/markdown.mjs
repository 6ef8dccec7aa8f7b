#!/usr/bin/env node
// The README's Performance tables, regenerated from a results file:
//   node bench/markdown.mjs [bench/results/latest.json]   (or `npm run bench -- --markdown`)
// prints Markdown for every scenario the file has; paste it over the tables.
import {readFileSync} from "node:fs"
import {join} from "node:path"
import {pathToFileURL} from "node:url"
import {root} from "./harness/paths.mjs"
import {sizeLabel} from "./harness/report.mjs"

/** From this size on, throughput reads better in MB/s than in msg/s. */
const BYTES_FROM = 65536

const measured = row => row && !row.error && row.status !== "n/a"

function rate(row) {
  if (!measured(row)) return row?.error ? "error" : "n/a"
  if (row.size * row.parts >= BYTES_FROM) return `${Math.round(row.mbPerSec).toLocaleString("en-US")} MB/s`
  const value = row.msgsPerSec
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M msg/s`
  return `${Math.round(value / 1e3)}k msg/s`
}

function ratio(ours, reference, lowerIsBetter = false) {
  if (!measured(ours) || !measured(reference)) return ""
  const value = lowerIsBetter ? ours.medianUs / reference.medianUs : ours.msgsPerSec / reference.msgsPerSec
  return `${value.toFixed(value >= 10 ? 1 : 2)}×`
}

function table(header, lines) {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...lines.map(line => `| ${line.join(" | ")} |`)].join("\n")
}

/** The rows of one scenario, by message shape, each a map impl id → row. */
function byShape(rows, scenarioId) {
  const shapes = new Map()
  for (const row of rows.filter(each => each.scenarioId === scenarioId)) {
    const key = sizeLabel(row.size, row.parts)
    if (!shapes.has(key)) shapes.set(key, {})
    shapes.get(key)[row.implId] = row
  }
  return shapes
}

function throughputTable(rows, scenarioId, title) {
  const lines = [...byShape(rows, scenarioId)].map(([shape, impl]) => [
    shape, rate(impl.native), rate(impl["zmq-napi"]), rate(impl["zmq-napi-fast"]), rate(impl.compat), rate(impl.zeromq),
    ratio(impl["zmq-napi"], impl.native), ratio(impl["zmq-napi-fast"], impl.native), ratio(impl["zmq-napi"], impl.zeromq),
  ])
  return table([title, "native libzmq", "zmq-napi idiomatic", "zmq-napi batch", "compat", "`zeromq` 6.8.0",
    "idiomatic / native", "batch / native", "idiomatic / `zeromq`"], lines)
}

function latency(row) {
  if (!measured(row)) return row?.error ? "error" : "n/a"
  if (row.medianUs === undefined) return row.meanUs.toFixed(0)
  return `${row.medianUs.toFixed(0)} / ${row.p99Us.toFixed(0)}`
}

function latencyTable(rows, scenarioId, title) {
  const lines = [...byShape(rows, scenarioId)].map(([shape, impl]) => [
    shape, latency(impl.native), latency(impl["zmq-napi"]), latency(impl.compat), latency(impl.zeromq),
    ratio(impl["zmq-napi"], impl.zeromq, true),
  ])
  return table([`${title}, µs`, "native libzmq (mean)", "zmq-napi (median / p99)", "compat (median / p99)",
    "`zeromq` 6.8.0 (median / p99)", "zmq-napi / `zeromq` (median)"], lines)
}

function brokerTable(rows) {
  const lines = [...byShape(rows, "broker")].map(([shape, impl]) => [
    shape, rate(impl.native), rate(impl["zmq-napi"]), rate(impl.zeromq), rate(impl.compat),
    ratio(impl["zmq-napi"], impl.native), ratio(impl["zmq-napi"], impl.zeromq),
  ])
  return table(["broker, tcp", "libzmq `zmq_proxy` (C++)", "zmq-napi `Proxy`", "`zeromq` 6.8.0 `Proxy`", "compat `proxy()`",
    "`Proxy` / libzmq", "`Proxy` / `zeromq`"], lines)
}

const JS_IMPLS = [["zmq-napi", "zmq-napi idiomatic"], ["zmq-napi-fast", "zmq-napi batch"], ["compat", "compat"], ["zeromq", "`zeromq` 6.8.0"]]

function manyTable(rows) {
  const plain = byShape(rows, "tcp").get("64 B") ?? {}
  const many = byShape(rows, "many").get("64 B") ?? {}
  const lines = [["native", "native libzmq"], ...JS_IMPLS].map(([id, label]) => [
    label, rate(many[id]), rate(plain[id]), ratio(many[id], plain[id]),
    measured(many[id]) ? many[id].idleCpuMsPerSec.toFixed(1) : "",
  ])
  return table(["64 B, tcp, beside 1,000 idle sockets", "busy PUSH → PULL", "plain PUSH → PULL", "with idle / plain", "idle CPU, ms/s"], lines)
}

function allocTable(rows) {
  const lines = [...byShape(rows, "alloc")].map(([shape, impl]) => [
    shape, ...JS_IMPLS.map(([id]) => (measured(impl[id]) ? `${impl[id].objectsPerMessage.toFixed(1)} / ${Math.round(impl[id].bytesPerMessage)} B` : "n/a")),
  ])
  return table(["allocations per received message (objects / bytes)", ...JS_IMPLS.map(([, label]) => label)], lines)
}

/** Every table the results have, in README order. */
export function markdown(results) {
  const {rows} = results
  const has = id => rows.some(row => row.scenarioId === id)
  const parts = []
  if (has("tcp")) parts.push(throughputTable(rows, "tcp", "PUSH → PULL, tcp"))
  if (has("ipc")) parts.push(throughputTable(rows, "ipc", "PUSH → PULL, ipc"))
  if (has("curve")) parts.push(throughputTable(rows, "curve", "PUSH → PULL, tcp, CURVE"))
  if (has("fanout")) parts.push(throughputTable(rows, "fanout", "PUB → 10 SUB, tcp (delivered)"))
  if (has("many")) parts.push(manyTable(rows))
  if (has("lat-tcp")) parts.push(latencyTable(rows, "lat-tcp", "REQ/REP round trip, tcp"))
  if (has("lat-ipc")) parts.push(latencyTable(rows, "lat-ipc", "REQ/REP round trip, ipc"))
  if (has("lat-dealer")) parts.push(latencyTable(rows, "lat-dealer", "DEALER↔DEALER round trip, tcp"))
  if (has("broker")) parts.push(brokerTable(rows))
  if (has("alloc")) parts.push(allocTable(rows))
  const {machine: m} = results
  const footer = `_${results.mode} run of ${results.startedAt}${results.repeat > 1 ? `, median of ${results.repeat} trials per row` : ""}: ${m.cpu}, ${m.cores} cores, Node ${m.node}, libzmq ${m.libzmq.native}._`
  return [...parts, footer].join("\n\n") + "\n"
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2] ?? join(root, "bench", "results", "latest.json")
  process.stdout.write(markdown(JSON.parse(readFileSync(file, "utf8"))))
}
