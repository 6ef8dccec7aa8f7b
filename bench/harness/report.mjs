// The machine description and the printed table.
import {readFileSync} from "node:fs"
import os from "node:os"
import {join} from "node:path"
import {root} from "./paths.mjs"
import {haveTime} from "./procs.mjs"

export function machine(versions) {
  let cpu = os.cpus()[0]?.model ?? "unknown"
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpu
  } catch {
    // not Linux
  }
  let nativeLibzmq = "unknown"
  try {
    nativeLibzmq = JSON.parse(readFileSync(join(root, "deps", "versions.json"), "utf8")).libzmq.version
  } catch {
    // no pinned deps
  }
  return {
    cpu,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    libzmq: {"zmq-napi": versions["zmq-napi"] ?? "unavailable", native: nativeLibzmq, zeromq: versions.zeromq ?? "unavailable"},
    timeTool: haveTime ? "/usr/bin/time" : "missing (apt package `time`): native CPU and RSS are n/a",
  }
}

export function describeMachine(m) {
  return [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGB} GB, ${m.os}`,
    `node ${m.node}; libzmq: zmq-napi ${m.libzmq["zmq-napi"]}, native perf tools ${m.libzmq.native}, zeromq package ${m.libzmq.zeromq}`,
    ...(haveTime ? [] : [`note: ${m.timeTool}`]),
  ].join("\n")
}

export function sizeLabel(size, parts) {
  const one = size >= 1 << 20 ? `${size / (1 << 20)} MiB` : size >= 1024 ? `${size / 1024} KiB` : `${size} B`
  return parts === 1 ? one : `${parts}×${one}`
}

function rate(value) {
  if (value === undefined) return ""
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`
  return value.toFixed(0)
}

function num(value, digits) {
  return value === undefined || value === null || Number.isNaN(value) ? "" : value.toFixed(digits)
}

function ratio(value) {
  return value === undefined ? "" : `${value.toFixed(value >= 10 ? 1 : 2)}×`
}

const COLUMNS = [
  ["scenario", "l"], ["size", "l"], ["impl", "l"], ["msgs/s", "r"], ["MB/s", "r"],
  ["µs", "r"], ["CPU s/M", "r"], ["RSS MB", "r"], ["idle ms/s", "r"], ["obj/msg", "r"],
  ["B/msg", "r"], ["/native", "r"], ["/zeromq", "r"],
]

/** What the rows of a kind of scenario show, below the table when the run has one. */
const NOTES = {
  broker: [
    "broker thr: DEALER → ROUTER/DEALER broker → DEALER over tcp, three processes; impl is the broker's (native:",
    "libzmq's zmq_proxy_steerable in C++; zmq-napi: Proxy; zeromq: its Proxy; compat: proxy()), the endpoints are",
    "always zmq-napi fast. CPU s/M and RSS are the broker process's, over its whole run (start-up included).",
  ],
  fanout: [
    "PUB→10 SUB: XPUB → 10 SUB sockets in one process, each subscribed to a tenth; no high-water marks, nothing",
    "dropped, each subscriber checked for exactly its tenth. msgs/s: delivered, all subscribers together.",
  ],
  alloc: [
    "alloc: the JS receiver's allocations per message over a fixed window of messages after a warm-up (PUSH → PULL,",
    "tcp; bench/scenarios.mjs), from V8's sampling heap profiler sampling every allocation; obj/msg counts V8",
    "allocations (small objects allocated together may be folded into one), B/msg their bytes on the JS heap.",
  ],
  many: [
    "+1000 idle: PUSH → PULL into a process that also holds 1,000 idle connected PULL sockets, each with a receive",
    "pending (compare with tcp thr 64 B). idle ms/s: that process's CPU ms per second while only the idle sockets are open.",
  ],
}

/** One table line per row; errors are numbered and listed below the table. */
export function formatTable(rows) {
  const errors = []
  const cells = rows.map(row => {
    const base = [row.scenario, sizeLabel(row.size, row.parts), row.impl]
    const blank = Array(COLUMNS.length - base.length - 1).fill("")
    if (row.status === "n/a") return [...base, "n/a", ...blank]
    if (row.error) {
      errors.push(row)
      return [...base, `ERROR [${errors.length}]`, ...blank]
    }
    let micro = ""
    if (row.kind === "lat") {
      micro = row.medianUs !== undefined
        ? `${num(row.medianUs, 1)} / ${num(row.p99Us, 1)}`
        : `mean ${num(row.meanUs, 1)}`
    }
    return [
      ...base,
      rate(row.msgsPerSec),
      num(row.mbPerSec, 1),
      micro,
      num(row.cpuPerMillion, 2),
      num(row.peakRssMB, 1),
      num(row.idleCpuMsPerSec, 1),
      num(row.objectsPerMessage, 2),
      num(row.bytesPerMessage, 0),
      ratio(row.ratios?.native),
      ratio(row.ratios?.zeromq),
    ]
  })
  // A column no row of this run fills (idle ms/s outside the "many" rows) is left out.
  const shown = COLUMNS.map((_, index) => index).filter(index => cells.some(line => line[index] !== ""))
  const columns = shown.map(index => COLUMNS[index])
  const kept = cells.map(line => shown.map(index => line[index]))
  const widths = columns.map(([title], index) => Math.max(title.length, ...kept.map(line => String(line[index]).length)))
  const pad = (text, index) => (columns[index][1] === "l" ? String(text).padEnd(widths[index]) : String(text).padStart(widths[index]))
  const lines = [columns.map(([title], index) => pad(title, index)).join("  ")]
  lines.push(widths.map(width => "-".repeat(width)).join("  "))
  let previous = ""
  for (const [index, line] of kept.entries()) {
    const group = `${rows[index].scenario} ${line[1]}`
    if (previous && group !== previous) lines.push("")
    previous = group
    lines.push(line.map(pad).join("  ").trimEnd())
  }
  lines.push(
    "",
    "µs: round trip, median / p99 (native: mean only, = 2 × remote_lat's one-way figure). CPU s/M: CPU seconds per",
    "million messages (round trips) of the receiver (client), all its threads. Ratios: throughput rows msgs/s ÷",
    "reference (higher is better); latency rows µs ÷ reference, mean vs native, median vs zeromq (lower is better).",
  )
  for (const [kind, note] of Object.entries(NOTES)) {
    if (rows.some(row => row.kind === kind)) lines.push(...note)
  }
  const unavailable = new Set(rows.filter(row => row.status === "n/a" && row.note).map(row => `n/a: ${row.scenario} ${row.impl}: ${row.note}`))
  lines.push(...unavailable)
  for (const [index, row] of errors.entries()) {
    lines.push(`[${index + 1}] ${row.scenario} ${sizeLabel(row.size, row.parts)} ${row.impl}: ${row.error}`)
  }
  return lines.join("\n")
}
