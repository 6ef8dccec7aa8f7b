#!/usr/bin/env node
// zmq-napi benchmarks: `npm run bench [-- options]`. See bench/README.md.
//
//   --quick              short rows (the whole run in under a minute)
//   --duration S         seconds per row (default 2, quick 0.2)
//   --impl a,b           only these implementations (native, zeromq, zmq-napi, zmq-napi-fast, compat)
//   --scenario a,b       only these scenarios (bench/scenarios.mjs: tcp, ipc, inproc, lat-tcp, lat-ipc,
//                        lat-dealer, broker, curve, fanout, many, alloc)
//   --size a,b           only these message sizes in bytes (64, 1024, ...; "mp" for the multipart row)
//   --repeat N           run each row N times and keep the median trial (default 1)
//   --rss-soak N         instead: N 64 B messages over tcp into the zmq-napi idiomatic receiver,
//                        RSS sampled every 100k messages
//   --soak-sender X      the soak's sender: native (remote_thr, default), zmq-napi, zmq-napi-fast
//   --no-save            print only, write no JSON
//   --markdown           instead: print the README's Performance tables from bench/results/latest.json
//                        (bench/markdown.mjs)
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs"
import {tmpdir} from "node:os"
import {join} from "node:path"
import {parseArgs} from "node:util"
import {killAll, Proc} from "./harness/procs.mjs"
import {describeMachine, formatTable, machine, sizeLabel} from "./harness/report.mjs"
import {root} from "./harness/paths.mjs"
import {BROKER_ENDPOINTS, throughput} from "./harness/runners.mjs"
import {IMPLS, measure, OURS, SCENARIOS} from "./scenarios.mjs"

const {values: options} = parseArgs({
  options: {
    "quick": {type: "boolean", default: false},
    "duration": {type: "string"},
    "impl": {type: "string"},
    "scenario": {type: "string"},
    "size": {type: "string"},
    "repeat": {type: "string"},
    "rss-soak": {type: "string"},
    "soak-sender": {type: "string", default: "native"},
    "no-save": {type: "boolean", default: false},
    "markdown": {type: "boolean", default: false},
  },
})

const list = value => (value === undefined ? undefined : new Set(value.split(",").map(item => item.trim())))
const duration = Number(options.duration ?? (options.quick ? 0.2 : 2))
if (!(duration > 0)) throw new Error("--duration must be a positive number of seconds")
const repeat = Number(options.repeat ?? 1)
if (!Number.isInteger(repeat) || repeat < 1) throw new Error("--repeat must be a positive integer")

const ctx = {tmpdir: mkdtempSync(join(tmpdir(), "zmq-napi-bench-")), serial: 0}
let interrupted = false
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    interrupted = true
    killAll()
    rmSync(ctx.tmpdir, {recursive: true, force: true})
    process.exit(130)
  })
}

/** Library versions per implementation; an implementation that cannot load is reported once. */
async function probe(id) {
  const proc = new Proc(process.execPath, [join(root, "bench", "impl", "worker.mjs"), id, "probe"], {label: `${id} probe`, tmpdir: ctx.tmpdir})
  try {
    const {version} = await proc.waitFor("version", 30_000)
    await proc.expectSuccess(10_000)
    return {version}
  } catch (error) {
    proc.kill()
    return {error: `cannot load: ${error.message}`}
  } finally {
    await proc.exited
  }
}

function planRows() {
  const impls = list(options.impl)
  const scenarios = list(options.scenario)
  const sizes = list(options.size)
  const rows = []
  for (const scenario of SCENARIOS) {
    if (scenarios && !scenarios.has(scenario.id)) continue
    for (const shape of scenario.shapes) {
      const sizeKey = shape.parts > 1 ? "mp" : String(shape.size)
      if (sizes && !sizes.has(sizeKey)) continue
      for (const impl of IMPLS) {
        if (impls && !impls.has(impl.id)) continue
        if (scenario.impls && !scenario.impls.has(impl.id)) continue
        rows.push({scenario: scenario.label, scenarioId: scenario.id, kind: scenario.kind, transport: scenario.transport,
          pattern: scenario.pattern, curve: scenario.curve, subscribers: scenario.subscribers,
          sockets: scenario.sockets, window: scenario.window, ...shape, impl: impl.label, implId: impl.id})
      }
    }
  }
  return rows
}

/**
 * Measures a row `--repeat` times (interleaving is not worth the restarts)
 * and keeps the median trial by its headline figure; any failed trial makes
 * the row an error.
 */
async function measureRepeated(row) {
  const trials = []
  for (let trial = 0; trial < repeat; trial++) {
    let result
    try {
      result = await measure(row, duration, ctx)
    } catch (error) {
      return {error: error.message}
    }
    if (result.status === "n/a") return result
    trials.push(result)
  }
  if (trials.length === 1) return trials[0]
  const score = result => (row.kind === "lat" ? result.medianUs ?? result.meanUs : -result.count / result.seconds)
  const sorted = [...trials].sort((a, b) => score(a) - score(b))
  const chosen = sorted[Math.floor((sorted.length - 1) / 2)]
  const figure = result => (row.kind === "lat" ? result.medianUs ?? result.meanUs : result.count / result.seconds)
  return {...chosen, trials: trials.map(figure)}
}

function derive(row, result) {
  Object.assign(row, result)
  if (row.status === "n/a" || row.error) return
  if (row.kind !== "lat" && row.kind !== "alloc") {
    row.msgsPerSec = row.count / row.seconds
    row.mbPerSec = (row.msgsPerSec * row.size * row.parts) / 1e6
  }
  if (row.cpuSeconds !== undefined) row.cpuPerMillion = (row.cpuSeconds / row.count) * 1e6
  if (row.maxRssKB !== undefined) row.peakRssMB = row.maxRssKB / 1024
}

function addRatios(rows) {
  const key = row => `${row.scenarioId}|${row.size}|${row.parts}`
  const find = (row, implId) => rows.find(other => other.implId === implId && key(other) === key(row) && !other.error && other.status !== "n/a")
  for (const row of rows) {
    if (!OURS.has(row.implId) || row.error || row.kind === "alloc") continue
    const nat = find(row, "native")
    const zmq = find(row, "zeromq")
    row.ratios = {}
    if (row.kind === "lat") {
      if (nat) row.ratios.native = row.meanUs / nat.meanUs
      if (zmq) row.ratios.zeromq = row.medianUs / zmq.medianUs
    } else {
      if (nat) row.ratios.native = row.msgsPerSec / nat.msgsPerSec
      if (zmq) row.ratios.zeromq = row.msgsPerSec / zmq.msgsPerSec
    }
  }
}

function progress(row) {
  const what = `${row.scenario} ${sizeLabel(row.size, row.parts)} ${row.impl}`
  let text
  if (row.error) text = `ERROR ${row.error.split("\n")[0]}`
  else if (row.status === "n/a") text = "n/a"
  else if (row.kind === "lat") text = row.medianUs !== undefined ? `median ${row.medianUs.toFixed(1)} µs, p99 ${row.p99Us.toFixed(1)} µs` : `mean ${row.meanUs.toFixed(1)} µs`
  else if (row.kind === "alloc") text = `${row.objectsPerMessage.toFixed(2)} objects, ${row.bytesPerMessage.toFixed(0)} B per message`
  else text = `${Math.round(row.msgsPerSec).toLocaleString("en-US")} msgs/s, ${row.mbPerSec.toFixed(1)} MB/s`
  process.stderr.write(`  ${what.padEnd(36)} ${text}  [${row.wallSeconds.toFixed(1)} s]\n`)
}

function save(name, data) {
  if (options["no-save"]) return
  const dir = join(root, "bench", "results")
  mkdirSync(dir, {recursive: true})
  const stamp = data.startedAt.replace(/[:.]/g, "-")
  const text = JSON.stringify(data, null, 2) + "\n"
  writeFileSync(join(dir, `${name === "bench" ? "" : `${name}-`}${stamp}.json`), text)
  writeFileSync(join(dir, `${name === "bench" ? "" : `${name}-`}latest.json`), text)
  process.stdout.write(`\nwrote bench/results/${name === "bench" ? "" : `${name}-`}${stamp}.json and ${name === "bench" ? "" : `${name}-`}latest.json\n`)
}

/** Newest modification time under `dir` of files ending in one of `exts`. */
function newest(dir, exts) {
  let time = 0
  if (!existsSync(dir)) return time
  for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (entry.isFile() && exts.some(ext => entry.name.endsWith(ext))) {
      time = Math.max(time, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs)
    }
  }
  return time
}

/** Warns when the measured build is older than its sources (the bench runs dist/ and build/Release). */
function staleBuildWarnings() {
  const warnings = []
  const dist = join(root, "dist", "cjs", "index.js")
  if (existsSync(dist) && newest(join(root, "lib"), [".ts"]) > statSync(dist).mtimeMs) {
    warnings.push("dist/ is older than lib/: run `npm run build:ts` to measure the current code")
  }
  const addon = join(root, "build", "Release", "zmq_napi.node")
  if (existsSync(addon) && newest(join(root, "src-native"), [".cc", ".cpp", ".h", ".hpp"]) > statSync(addon).mtimeMs) {
    warnings.push("build/Release/zmq_napi.node is older than src-native/: run `npm run build:addon` to measure the current code")
  }
  return warnings
}

async function benchmarks() {
  const startedAt = new Date().toISOString()
  const rows = planRows()
  const needed = [...new Set(rows.map(row => row.implId).filter(id => id !== "native"))]
  if (rows.some(row => row.kind === "broker")) needed.push(BROKER_ENDPOINTS)
  const probes = {}
  for (const id of new Set([...needed, "zmq-napi", "zeromq"])) probes[id] = await probe(id)
  const versions = Object.fromEntries(Object.entries(probes).filter(([, p]) => p.version).map(([id, p]) => [id, p.version]))
  const info = machine(versions)
  process.stdout.write(`${describeMachine(info)}\n`)
  const warnings = staleBuildWarnings()
  for (const warning of warnings) process.stdout.write(`WARNING: ${warning}\n`)
  process.stderr.write(`${rows.length} rows, ${duration} s each${repeat > 1 ? `, ${repeat} trials` : ""}${options.quick ? " (quick)" : ""}\n`)

  const clock = performance.now()
  for (const row of rows) {
    if (interrupted) break
    let result
    const rowClock = performance.now()
    const loadError = probes[row.implId]?.error ?? (row.kind === "broker" ? probes[BROKER_ENDPOINTS]?.error : undefined)
    if (loadError) {
      result = {error: loadError}
    } else {
      result = await measureRepeated(row)
    }
    derive(row, result)
    row.wallSeconds = (performance.now() - rowClock) / 1000
    progress(row)
  }
  addRatios(rows)
  const wall = (performance.now() - clock) / 1000
  process.stdout.write(`\n${formatTable(rows)}\n\n${rows.length} rows in ${wall.toFixed(0)} s\n`)
  save("bench", {startedAt, mode: options.quick ? "quick" : "full", duration, repeat, warnings, wallSeconds: wall, machine: info, rows})
  return rows.some(row => row.error)
}

async function rssSoak() {
  const count = Number(options["rss-soak"])
  if (!Number.isInteger(count) || count < 200_000) throw new Error("--rss-soak needs a message count of at least 200000")
  const sender = options["soak-sender"]
  const startedAt = new Date().toISOString()
  const versions = {"zmq-napi": (await probe("zmq-napi")).version, zeromq: (await probe("zeromq")).version}
  const info = machine(versions)
  const every = 100_000
  process.stdout.write(`${describeMachine(info)}\nRSS soak: ${count.toLocaleString("en-US")} × 64 B over tcp into the zmq-napi idiomatic receiver (sender: ${sender}), RSS every ${every.toLocaleString("en-US")} messages\n`)
  const result = await throughput("zmq-napi", {transport: "tcp", size: 64, parts: 1, count, expect: count, sampleEvery: every, sender}, ctx)
  const samples = (result.rssSamples ?? []).map(([n, rss]) => ({messages: n, rssMB: rss / 2 ** 20}))
  const half = Math.floor(samples.length / 2)
  const maxOf = part => Math.max(...part.map(sample => sample.rssMB))
  const firstMax = maxOf(samples.slice(0, half))
  const secondMax = maxOf(samples.slice(half))
  const growth = secondMax - firstMax
  const flat = growth <= Math.max(2, 0.05 * firstMax)
  const step = Math.max(1, Math.round(samples.length / 20))
  const lines = samples.filter((_, index) => index % step === 0 || index === samples.length - 1)
    .map(sample => `  ${sample.messages.toLocaleString("en-US").padStart(12)}  ${sample.rssMB.toFixed(1).padStart(7)} MB`)
  const rate = result.count / result.seconds
  process.stdout.write([
    "    messages      RSS",
    ...lines,
    `${Math.round(rate).toLocaleString("en-US")} msgs/s, ${((result.cpuSeconds / result.count) * 1e6).toFixed(2)} CPU s/M, peak RSS ${(result.maxRssKB / 1024).toFixed(1)} MB`,
    `max RSS first half ${firstMax.toFixed(1)} MB, second half ${secondMax.toFixed(1)} MB (${growth >= 0 ? "+" : ""}${growth.toFixed(1)} MB): ${flat ? "FLAT" : "GROWING"}`,
  ].join("\n") + "\n")
  save("soak", {startedAt, count, sender, machine: info, msgsPerSec: rate, cpuSeconds: result.cpuSeconds,
    peakRssMB: result.maxRssKB / 1024, firstHalfMaxMB: firstMax, secondHalfMaxMB: secondMax, flat, samples})
  return !flat
}

/** Prints the README's tables from the latest results. */
async function printMarkdown() {
  const {markdown} = await import("./markdown.mjs")
  process.stdout.write(markdown(JSON.parse(readFileSync(join(root, "bench", "results", "latest.json"), "utf8"))))
  return false
}

let failed
try {
  if (options.markdown) failed = await printMarkdown()
  else failed = options["rss-soak"] !== undefined ? await rssSoak() : await benchmarks()
} catch (error) {
  process.stderr.write(`bench failed: ${error.stack ?? error}\n`)
  failed = true
} finally {
  rmSync(ctx.tmpdir, {recursive: true, force: true})
}
process.exitCode = failed ? 1 : 0
