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
 * The message that ends a duration-bound run: it has a different number of
 * frames than the benchmark messages, so the receiver needs only a length
 * check per message to spot it.
 */
export function endMarker(parts) {
  return parts === 1 ? [Buffer.from("end"), Buffer.from("end")] : Buffer.from("end")
}

/** How many sends go between two looks at the clock in a duration-bound sender. */
export const CLOCK_STRIDE = 1024

/**
 * Decides how long a sender runs: `count` messages exactly, or until
 * `duration` seconds have passed (checked every CLOCK_STRIDE messages).
 * `next()` returns how many messages to send in the next stride, 0 when done.
 */
export function sendPlan({count, duration}) {
  let remaining = count ?? Infinity
  const deadline = count === undefined ? performance.now() + duration * 1000 : Infinity
  let sent = 0
  return {
    next() {
      if (remaining <= 0 || performance.now() >= deadline) return 0
      const n = Math.min(CLOCK_STRIDE, remaining)
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
 * an RSS sample every `sampleEvery` messages, and returns true once `expect`
 * messages have arrived.
 */
export class Tally {
  constructor({expect, sampleEvery} = {}) {
    this.count = 0
    this.next = 1
    this.expect = expect ?? Infinity
    this.sampleEvery = sampleEvery ?? 0
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
      this.cpuStart = process.cpuUsage()
    }
    if (this.sampleEvery > 0 && count % this.sampleEvery === 0) {
      this.samples.push([count, process.memoryUsage.rss()])
    }
    if (count >= this.expect) {
      this.finish()
      return true
    }
    let next = this.expect
    if (this.sampleEvery > 0) next = Math.min(next, (Math.floor(count / this.sampleEvery) + 1) * this.sampleEvery)
    this.next = next === Infinity ? -1 : next
    return false
  }

  /** Stops the clock (the end marker arrived, or `expect` was reached). */
  finish() {
    if (this.cpuStop !== null) return
    this.stop = process.hrtime.bigint()
    this.cpuStop = process.cpuUsage(this.cpuStart ?? undefined)
  }

  report() {
    this.finish()
    return {
      count: this.count,
      seconds: this.count > 0 ? Number(this.stop - this.start) / 1e9 : 0,
      cpuSeconds: this.cpuStart ? (this.cpuStop.user + this.cpuStop.system) / 1e6 : 0,
      maxRssKB: process.resourceUsage().maxRSS,
      rssSamples: this.samples.length > 0 ? this.samples : undefined,
    }
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
