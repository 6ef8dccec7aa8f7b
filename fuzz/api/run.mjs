/**
 * The parent side: runs a batch in a child process (fuzz/api/child.mjs) and
 * turns what the child says, and how it ends, into findings:
 *   - a finding line (an error of the wrong shape, an unhandled rejection, ...)
 *   - the child dying by a signal or with a non-zero code: a crash, named by
 *     the last call it began
 *   - a promise a call returned that never settled, although its socket,
 *     context, ... was closed
 *   - the child not exiting after its work (a leaked handle; the resources it
 *     still had are in the finding), or no progress at all for STALL_MS (a
 *     hang): it is then killed, being ours.
 * The child runs in a temporary directory: certificate functions write files.
 */
import {spawn} from "node:child_process"
import {mkdtempSync, rmSync} from "node:fs"
import {tmpdir} from "node:os"
import {join} from "node:path"
import {createInterface} from "node:readline"
import {fileURLToPath} from "node:url"

const CHILD = fileURLToPath(new URL("./child.mjs", import.meta.url))

/** How long a child may go without a word before it counts as hung (a failure detector, not a wait). */
export const STALL_MS = 60_000

/**
 * config: {seed, calls, cover, apiNames, worker}. Resolves with
 * {findings, calls, members, pendingMax, exit} once the child is gone.
 */
export function runChild(config) {
  const directory = mkdtempSync(join(tmpdir(), "zmq-napi-fuzz-"))
  const child = spawn(process.execPath, [CHILD, JSON.stringify(config)], {cwd: directory, stdio: ["ignore", "pipe", "pipe"]})
  const findings = []
  const pending = new Set()
  let last = {i: -1, call: "(before the first call)"}
  let done
  let stderr = ""
  let stall

  const stalled = () => {
    findings.push(done
      ? {...last, problem: `the child did not exit after its work; still active: ${done.resources.join(", ") || "(nothing Node lists: a native handle)"}`}
      : {...last, problem: `no progress for ${STALL_MS} ms: hung in or after this call`})
    child.kill("SIGKILL")
  }
  const progress = () => {
    clearTimeout(stall)
    stall = setTimeout(stalled, STALL_MS)
  }
  progress()

  child.stderr.on("data", (chunk) => { stderr += chunk })
  createInterface({input: child.stdout}).on("line", (line) => {
    progress()
    let report
    try {
      report = JSON.parse(line)
    } catch {
      findings.push({...last, problem: `the child wrote: ${line}`})
      return
    }
    if (report.t === "begin") last = {i: report.i, call: report.call}
    else if (report.t === "pending") pending.add(report.i)
    else if (report.t === "settled") pending.delete(report.i)
    else if (report.t === "finding") findings.push({i: report.i, call: report.call, problem: report.problem})
    else if (report.t === "done") done = report
    else if (report.t === "worker exit" && report.code !== 0) findings.push({...last, problem: `the worker exited with code ${report.code}`})
  })

  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      clearTimeout(stall)
      rmSync(directory, {recursive: true, force: true})
      if (signal !== null || code !== 0) {
        findings.push({...last, problem: `the child ended with ${signal ?? `code ${code}`}: ${stderr.trim().split("\n").slice(-5).join(" | ")}`})
      } else if (!done) {
        findings.push({...last, problem: `the child exited before its work was done: calls ${[...pending].join(", ")} left promises that never settled`})
      }
      resolve({findings, calls: done?.calls ?? last.i + 1, members: done?.members, exit: {code, signal}})
    })
  })
}
