/**
 * Running out of file descriptors (DESIGN.md §4.8: "Nothing crashes the
 * process"; reliability.md T4): every libzmq call that needs a descriptor
 * must fail with EMFILE, never abort the process.
 *
 * libzmq 4.3.4 asserted (errno_assert → abort, SIGABRT) when getifaddrs()
 * failed while resolving a bind address such as tcp://127.0.0.1:* (it tries
 * the host as an interface name first, and getifaddrs opens a netlink
 * socket). deps/patches/libzmq/0002-* turns that into an error. The same
 * resolver runs in the I/O thread for a connect with a source address, where
 * the abort took the process down with no call to blame.
 *
 * Each case runs in a child `node` under `ulimit -n`, so the exhaustion and
 * a possible SIGABRT stay out of the test runner. The child prints one JSON
 * line; the test asserts on it and on the exit status.
 */
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import {type ChildResult, packageRoot, runChild} from "../../helpers"

/** Low enough to exhaust in a few dozen sockets, high enough for node to start (it uses ~20). */
const DESCRIPTOR_LIMIT = 64

/** Runs `source` under `ulimit -n limit`; `compat` is the legacy API, `report` prints a JSON line. */
function runLimitedChild(source: string, limit = DESCRIPTOR_LIMIT, timeoutMs = 10_000): Promise<ChildResult> {
  const compat = path.join(packageRoot, "dist/cjs/compat/index.js")
  const prelude = `const compat = require(${JSON.stringify(compat)});\n`
    + `const report = value => console.log(JSON.stringify(value));\n`
    + `const failure = e => ({code: e.code, errno: e.errno, message: e.message});\n`
  return runChild(prelude + source, {fileLimit: limit, timeoutMs})
}

/** The child's JSON report (its last stdout line); fails with the child's output when there is none. */
function reportOf(result: ChildResult): Record<string, any> {
  const line = result.stdout.trim().split("\n").pop() ?? ""
  try {
    return JSON.parse(line)
  } catch {
    throw new Error(`child printed no report: code=${result.code} signal=${result.signal}\n`
      + `stdout: ${result.stdout}\nstderr: ${result.stderr}`)
  }
}

// EMFILE (24) is what Linux reports when the process has no descriptor left
// (ENFILE would be the system-wide table), from eventfd(), socket() and
// getifaddrs() alike; libzmq passes errno through and the binding turns it
// into `code`, `errno` and a text.
// zeromq's text for EMFILE (libzmq says "Too many open files").
const EMFILE = {code: "EMFILE", errno: 24, message: "Too many open file descriptors"}

describe("descriptor exhaustion", () => {
  it("creating and binding sockets until descriptors run out fails with EMFILE, and a bind on tcp://127.0.0.1:* rejects with EMFILE instead of aborting", async () => {
    // Each socket takes one descriptor (its mailbox's eventfd), each tcp bind
    // one more (the listener), and the bind briefly a third (getifaddrs'
    // netlink socket). Which call hits the limit first depends on how many
    // descriptors node started with, so a spare socket created up front is
    // bound last if the loop ended at a constructor: either way one bind runs
    // with no descriptor left.
    const result = await runLimitedChild(`
      const spare = new zmq.Pull()
      const sockets = [spare]
      const out = {bound: 0}
      ;(async () => {
        for (;;) {
          let socket
          try {
            socket = new zmq.Pull()
          } catch (e) {
            out.construct = failure(e)
            break
          }
          sockets.push(socket)
          try {
            await socket.bind("tcp://127.0.0.1:*")
            out.bound++
          } catch (e) {
            out.bind = failure(e)
            break
          }
        }
        if (!out.bind) {
          await spare.bind("tcp://127.0.0.1:*").then(() => { out.bind = "resolved" }, e => { out.bind = failure(e) })
        }
        for (const socket of sockets) socket.close()
        report(out)
      })()
    `)
    expect(result.signal, result.stderr).toBeNull()
    expect(result.timedOut).toBe(false)
    const out = reportOf(result)
    expect(out.bind).toEqual(EMFILE)
    if (out.construct) expect(out.construct).toEqual(EMFILE)
    // The limit was reached by real work, not by a failure on the first try.
    expect(out.bound).toBeGreaterThan(5)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
  })

  it("with no descriptor left, binds on tcp and ipc reject with EMFILE, and they work again once descriptors are freed", async () => {
    const result = await runLimitedChild(`
      const fs = require("fs")
      const os = require("os")
      const path = require("path")
      const socket = new zmq.Pull()
      // Hold every remaining descriptor, so that the next one libzmq asks for fails.
      const held = []
      try { for (;;) held.push(fs.openSync("/dev/null", "r")) } catch (e) { if (e.code !== "EMFILE") throw e }
      const ipc = "ipc://" + path.join(os.tmpdir(), "zmq-napi-emfile-" + process.pid + ".sock")
      const out = {}
      const attempt = (name, address) => socket.bind(address).then(
        () => { out[name] = "resolved" }, e => { out[name] = failure(e) })
      ;(async () => {
        await attempt("loopback", "tcp://127.0.0.1:*")  // getifaddrs() fails: the patched path
        await attempt("wildcard", "tcp://*:*")           // socket() fails: already an error upstream
        await attempt("ipc", ipc)                         // socket(AF_UNIX) fails
        for (const fd of held) fs.closeSync(fd)
        await attempt("afterwards", "tcp://127.0.0.1:*")
        out.endpoint = socket.lastEndpoint
        socket.close()
        report(out)
      })()
    `)
    expect(result.signal, result.stderr).toBeNull()
    const out = reportOf(result)
    expect(out).toMatchObject({loopback: EMFILE, wildcard: EMFILE, ipc: EMFILE, afterwards: "resolved"})
    expect(out.endpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
  })

  it("a connect with a source address retries while descriptors are exhausted, and delivers once they are freed", async () => {
    // tcp://<source>;<destination> resolves the source in libzmq's I/O thread
    // (through the same getifaddrs path) at every connect attempt. Before the
    // patch the first attempt aborted the process from that thread.
    const result = await runLimitedChild(`
      const fs = require("fs")
      const pull = new zmq.Pull()
      const push = compat.socket("push", {reconnect_ivl: 20, linger: 0})
      push.monitor(10, 0)
      const out = {retries: 0}
      ;(async () => {
        await pull.bind("tcp://127.0.0.1:*")
        const port = pull.lastEndpoint.split(":").pop()
        const held = []
        try { for (;;) held.push(fs.openSync("/dev/null", "r")) } catch (e) { if (e.code !== "EMFILE") throw e }
        // Every attempt made now fails to open its socket; libzmq reports
        // each failure as connect_retry. Free the descriptors on the first one.
        push.on("connect_retry", () => {
          if (out.retries++ === 0) for (const fd of held.splice(0)) fs.closeSync(fd)
        })
        push.connect("tcp://127.0.0.1:0;127.0.0.1:" + port)
        push.send("through")
        const [message] = await pull.receive()
        out.received = message.toString()
        push.close()
        pull.close()
        report(out)
      })()
    `)
    expect(result.signal, result.stderr).toBeNull()
    expect(result.timedOut).toBe(false)
    const out = reportOf(result)
    expect(out.retries).toBeGreaterThanOrEqual(1)
    expect(out.received).toBe("through")
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
  })
})
