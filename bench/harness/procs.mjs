// Child processes for the benchmark harness: each runs in its own process
// group (so a timeout kills it and anything it started, /usr/bin/time's child
// included), optionally under `/usr/bin/time` for its CPU time and peak RSS,
// with its stdout split into lines and its stderr kept for error messages.
import {spawn} from "node:child_process"
import {existsSync, readFileSync, rmSync} from "node:fs"
import {createServer} from "node:net"
import {join} from "node:path"

export const TIME = "/usr/bin/time"
export const haveTime = existsSync(TIME)

const live = new Set()

/** Kills every process group still running (on Ctrl-C, or at exit). */
export function killAll() {
  for (const proc of live) proc.kill()
}

let timeFiles = 0

export class Proc {
  /**
   * @param {string} command
   * @param {string[]} args
   * @param {{label: string, timed?: boolean, tmpdir: string, stdin?: boolean}} options
   */
  constructor(command, args, {label, timed = false, tmpdir, stdin = false}) {
    this.label = label
    this.timeFile = timed && haveTime ? join(tmpdir, `time-${process.pid}-${++timeFiles}.txt`) : null
    const argv = this.timeFile ? [TIME, "-f", "%U %S %M", "-o", this.timeFile, command, ...args] : [command, ...args]
    this.child = spawn(argv[0], argv.slice(1), {
      detached: true,
      stdio: [stdin ? "pipe" : "ignore", "pipe", "pipe"],
    })
    live.add(this)
    this.lines = []
    this.stdout = ""
    this.stderr = ""
    this.waiters = []
    let partial = ""
    this.child.stdout.setEncoding("utf8")
    this.child.stdout.on("data", chunk => {
      this.stdout += chunk
      partial += chunk
      let newline
      while ((newline = partial.indexOf("\n")) >= 0) {
        this.lines.push(partial.slice(0, newline))
        partial = partial.slice(newline + 1)
      }
      this.wake()
    })
    this.child.stderr.setEncoding("utf8")
    this.child.stderr.on("data", chunk => {
      this.stderr = (this.stderr + chunk).slice(-4000)
    })
    this.exit = null
    this.exited = new Promise(resolve => {
      this.child.on("error", error => {
        this.stderr += `\nspawn failed: ${error.message}`
        this.exit = {code: null, signal: null, error}
        live.delete(this)
        this.wake()
        resolve(this.exit)
      })
      this.child.on("close", (code, signal) => {
        // /usr/bin/time reports a killed child as "Command terminated by signal N" and exits 128+N.
        this.exit ??= {code, signal}
        live.delete(this)
        this.wake()
        resolve(this.exit)
      })
    })
    if (stdin) this.child.stdin.on("error", () => {})
  }

  wake() {
    for (const waiter of this.waiters.splice(0)) waiter()
  }

  /** Resolves with the first stdout JSON line that has `key`; rejects on exit or timeout. */
  async waitFor(key, timeoutMs) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      for (const line of this.lines) {
        if (!line.startsWith("{")) continue
        let object
        try {
          object = JSON.parse(line)
        } catch {
          continue
        }
        if (key in object) return object
      }
      if (this.exit) throw new Error(`${this.label} exited (${describeExit(this.exit)}) before reporting ${key}${this.errorTail()}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`${this.label} timed out after ${(timeoutMs / 1000).toFixed(0)} s waiting for ${key}${this.errorTail()}`)
      await new Promise(resolve => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Waits for the process to exit; on timeout kills it and throws. */
  async waitExit(timeoutMs) {
    let timer
    const timeout = new Promise(resolve => (timer = setTimeout(resolve, timeoutMs, null)))
    const exit = await Promise.race([this.exited, timeout])
    clearTimeout(timer)
    if (exit === null) {
      this.kill()
      await this.exited
      throw new Error(`${this.label} did not exit within ${(timeoutMs / 1000).toFixed(0)} s${this.errorTail()}`)
    }
    return exit
  }

  /** Throws unless the process exited with code 0. */
  async expectSuccess(timeoutMs) {
    const exit = await this.waitExit(timeoutMs)
    if (exit.code !== 0) throw new Error(`${this.label} failed (${describeExit(exit)})${this.errorTail()}`)
  }

  writeLine(text) {
    this.child.stdin?.write(`${text}\n`)
  }

  closeStdin() {
    this.child.stdin?.end()
  }

  kill() {
    if (this.exit || this.child.pid === undefined) return
    try {
      process.kill(-this.child.pid, "SIGKILL")
    } catch {
      // already gone
    }
  }

  /** User+system CPU seconds and peak RSS (KB) from /usr/bin/time, or null. */
  timeUsage() {
    if (!this.timeFile || !existsSync(this.timeFile)) return null
    const text = readFileSync(this.timeFile, "utf8")
    rmSync(this.timeFile, {force: true})
    const match = /(\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(text.trim())
    if (!match) return null
    return {cpuSeconds: Number(match[1]) + Number(match[2]), maxRssKB: Number(match[3])}
  }

  /** Rejects if the process exits unsuccessfully (race it against waiting on its peer). */
  failure() {
    return this.exited.then(exit => {
      if (exit.code !== 0) throw new Error(`${this.label} failed (${describeExit(exit)})${this.errorTail()}`)
      return new Promise(() => {})
    })
  }

  errorTail() {
    const tail = this.stderr.split("\n").map(line => line.trim()).filter(Boolean).slice(-6).join("\n  ")
    return tail ? `:\n  ${tail}` : ""
  }
}

export function describeExit({code, signal, error}) {
  if (error) return error.message
  if (signal) return `signal ${signal}`
  if (code > 128 && code < 160) return `code ${code}, i.e. signal ${code - 128}`
  return `code ${code}`
}

/** A TCP port free right now on 127.0.0.1 (for the native tools, which need a fixed address). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const {port} = server.address()
      server.close(() => resolve(port))
    })
  })
}
