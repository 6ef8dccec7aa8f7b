// Shared by the benchmark worker processes (bench/impl/*.mjs): the message
// shapes, the end-of-run marker, the receive tally and the report protocol.
//
// A worker talks to the harness (bench/run.mjs) with one JSON object per line
// on stdout; anything else it has to say goes to stderr.

/** Writes one protocol line for the harness. */
export function emit(object) {
  process.stdout.write(JSON.stringify(object) + "\n")
}

/** The payload of a benchmark message: `parts` frames of `size` bytes (one Buffer when parts is 1). */
export function makeMessage(size, parts) {
  const frames = []
  for (let index = 0; index < parts; index++) frames.push(Buffer.alloc(size, 0x61 + index))
  return parts === 1 ? frames[0] : frames
}

/**
 * The fan-out rows' messages: one per topic, the topic's name first (a SUB
 * filters on the prefix), `size` bytes in all. The publisher cycles through them.
 */
export function topicMessages(topics, size) {
  return topics.map(topic => Buffer.concat([Buffer.from(topic), Buffer.alloc(size - topic.length, 0x61)]))
}

/** The fan-out rows' topics: "t0" … "t9" for 10 subscribers (bench/native/fanout.cpp names them alike). */
export function topicNames(subscribers) {
  return Array.from({length: subscribers}, (_, index) => `t${index}`)
}

/**
 * The message that ends a duration-bound run: it has a different number of
 * frames than the benchmark messages, so the receiver needs only a length
 * check per message to spot it. `topic` leads it for a SUB that filters.
 */
export function endMarker(parts, topic = "") {
  return parts === 1 ? [Buffer.from(`${topic}end`), Buffer.from("end")] : Buffer.from(`${topic}end`)
}

/** How many sends go between two looks at the clock in a duration-bound sender. */
export const CLOCK_STRIDE = 1024

/**
 * The stride of a sender that cycles through `variants` messages (topics):
 * a multiple of it, so every variant is sent equally often.
 */
export function strideFor(variants) {
  return CLOCK_STRIDE - (CLOCK_STRIDE % variants)
}

/**
 * Decides how long a sender runs: `count` messages exactly, or until
 * `duration` seconds have passed (checked every stride of messages).
 * `next()` returns how many messages to send in the next stride, 0 when done.
 * `variants`: the number of messages the sender cycles through.
 */
export function sendPlan({count, duration, variants = 1}) {
  const stride = strideFor(variants)
  let remaining = count ?? Infinity
  const deadline = count === undefined ? performance.now() + duration * 1000 : Infinity
  let sent = 0
  return {
    next() {
      if (remaining <= 0 || performance.now() >= deadline) return 0
      const n = Math.min(stride, remaining)
      remaining -= n
      sent += n
      return n
    },
    get sent() {
      return sent
    },
  }
}

/**
 * Counts received messages. The receive loops do, per message,
 * `if (++tally.count === tally.next && tally.tick()) break`: one comparison
 * in the common case. `tick()` starts the clock at the first message, takes
 * an RSS sample every `sampleEvery` messages, calls each of `marks` (a
 * [count, function] list in count order) once that many messages have
 * arrived, and returns true once `expect` messages have arrived.
 */
export class Tally {
  constructor({expect, sampleEvery, marks} = {}) {
    this.count = 0
    this.next = 1
    this.expect = expect ?? Infinity
    this.sampleEvery = sampleEvery ?? 0
    this.marks = marks ?? []
    this.samples = []
    this.start = 0n
    this.stop = 0n
    this.cpuStart = null
    this.cpuStop = null
  }

  tick() {
    const count = this.count
    if (count === 1) {
      this.start = process.hrtime.bigint()
      this.cpuStart = cpuNow()
    }
    if (this.sampleEvery > 0 && count % this.sampleEvery === 0) {
      this.samples.push([count, process.memoryUsage.rss()])
    }
    while (this.marks.length > 0 && this.marks[0][0] <= count) this.marks.shift()[1]()
    if (count >= this.expect) {
      this.finish()
      return true
    }
    let next = this.expect
    if (this.sampleEvery > 0) next = Math.min(next, (Math.floor(count / this.sampleEvery) + 1) * this.sampleEvery)
    if (this.marks.length > 0) next = Math.min(next, this.marks[0][0])
    this.next = next === Infinity ? -1 : next
    return false
  }

  /** Stops the clock (the end marker arrived, or `expect` was reached). */
  finish() {
    if (this.cpuStop !== null) return
    this.stop = process.hrtime.bigint()
    this.cpuStop = cpuNow()
  }

  report() {
    this.finish()
    return {
      count: this.count,
      seconds: this.count > 0 ? Number(this.stop - this.start) / 1e9 : 0,
      cpuSeconds: this.cpuStart !== null ? this.cpuStop - this.cpuStart : 0,
      maxRssKB: process.resourceUsage().maxRSS,
      rssSamples: this.samples.length > 0 ? this.samples : undefined,
    }
  }
}

/** CPU seconds of the whole process so far, all threads. */
function cpuNow() {
  const {user, system} = process.cpuUsage()
  return (user + system) / 1e6
}

/**
 * The process's CPU over `seconds` of doing nothing but what its sockets do
 * on their own (the "many sockets" rows' idle window).
 */
export async function idleWindow(seconds) {
  const cpuBefore = cpuNow()
  const before = performance.now()
  await new Promise(resolve => setTimeout(resolve, seconds * 1000))
  return {cpuSeconds: cpuNow() - cpuBefore, seconds: (performance.now() - before) / 1000}
}

/**
 * One report for several receivers of one process (the fan-out's
 * subscribers): every count, from the first message any of them got to the
 * last, and each one's count.
 */
export function combinedReport(tallies) {
  const started = tallies.filter(tally => tally.count > 0)
  for (const tally of started) tally.finish()
  const first = started.reduce((a, b) => (b.start < a.start ? b : a), started[0])
  const last = started.reduce((a, b) => (b.stop > a.stop ? b : a), started[0])
  return {
    count: tallies.reduce((sum, tally) => sum + tally.count, 0),
    seconds: first ? Number(last.stop - first.start) / 1e9 : 0,
    cpuSeconds: first ? last.cpuStop - first.cpuStart : 0,
    maxRssKB: process.resourceUsage().maxRSS,
    counts: tallies.map(tally => tally.count),
  }
}

/**
 * Times request/reply round trips. `roundTrip()` performs one and resolves
 * when the reply arrived; the loop runs `warmup` unmeasured ones first, then
 * measures until `duration` seconds passed or `maxSamples` were taken.
 */
export async function measureRoundTrips(roundTrip, {duration, warmup = 100, maxSamples = 2_000_000}) {
  for (let index = 0; index < warmup; index++) await roundTrip()
  const samples = new Float64Array(maxSamples)
  const deadline = performance.now() + duration * 1000
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  let n = 0
  while (n < maxSamples && (n & 63 || performance.now() < deadline)) {
    const t0 = process.hrtime.bigint()
    await roundTrip()
    samples[n++] = Number(process.hrtime.bigint() - t0) / 1000
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const cpu = process.cpuUsage(cpuStart)
  return {...latencyStats(samples.subarray(0, n)), seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6}
}

/** Median, p99 and mean (µs) of round-trip samples. */
export function latencyStats(samples) {
  const sorted = Float64Array.from(samples).sort()
  const pick = q => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  let sum = 0
  for (const value of sorted) sum += value
  return {count: sorted.length, medianUs: pick(0.5), p99Us: pick(0.99), meanUs: sum / sorted.length}
}

let stdin = null

/** This process's stdin from the harness: its first line, and its end. */
function harnessInput() {
  if (stdin) return stdin
  let text = ""
  let gotLine
  let ended
  stdin = {
    firstLine: new Promise(resolve => (gotLine = resolve)),
    end: new Promise(resolve => (ended = resolve)),
  }
  process.stdin.setEncoding("utf8")
  process.stdin.on("data", chunk => {
    text += chunk
    const newline = text.indexOf("\n")
    if (newline >= 0) gotLine(text.slice(0, newline))
  })
  const finish = () => {
    gotLine(text)
    ended()
  }
  process.stdin.on("end", finish)
  process.stdin.on("close", finish)
  return stdin
}

/**
 * The endpoint to connect to: given in the arguments, or (so that both
 * processes of a row can start at once) sent later by the harness as the
 * first line on stdin.
 */
export async function connectAddress(connect) {
  if (connect) return connect
  const line = (await harnessInput().firstLine).trim()
  if (!line) throw new Error("no endpoint arrived on stdin")
  return line
}

/** Resolves when the harness closes this process's stdin (time to shut down). */
export function stdinClosed() {
  return harnessInput().end
}
