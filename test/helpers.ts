/**
 * Shared test helpers: unique endpoints per transport (ports always from the
 * OS), and child processes for lifecycle tests that must observe exit codes
 * and signals.
 */
import {type ChildProcess, execFile, spawn} from "node:child_process"
import {randomUUID} from "node:crypto"
import * as fs from "node:fs"
import {tmpdir} from "node:os"
import * as path from "node:path"

export type Transport = "tcp" | "ipc" | "inproc"
export const transports: Transport[] = ["tcp", "ipc", "inproc"]

/** The package root (the compiled CommonJS entry is dist/cjs/index.js under it). */
export const packageRoot = path.resolve(__dirname, "..")

/** An address to bind to: tcp port chosen by the OS, ipc/inproc names unique to this call. */
export function bindAddress(transport: Transport): string {
  switch (transport) {
    case "tcp": return "tcp://127.0.0.1:*"
    case "ipc": return `ipc://${path.join(tmpdir(), `zmq-napi-${randomUUID()}.sock`)}`
    case "inproc": return `inproc://zmq-napi-${randomUUID()}`
  }
}

/** Binds `socket` on `transport` and returns the address peers connect to. */
export async function bound(socket: {bind(address: string): Promise<void>; readonly lastEndpoint: string | null},
                            transport: Transport): Promise<string> {
  await socket.bind(bindAddress(transport))
  return socket.lastEndpoint!
}

export interface ChildResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** The child was still running after `timeoutMs` and was killed by us. */
  timedOut: boolean
}

/**
 * How long a child may run before it counts as hung (a limit on a hang, never
 * a way to wait). Under AddressSanitizer (`npm run test:sanitize` sets
 * ASAN_OPTIONS) everything runs several times slower: 20 workers started in
 * turn took over 5 s there on a busy machine.
 */
const CHILD_HANG_MS = process.env.ASAN_OPTIONS === undefined ? 5000 : 60_000

export interface ChildOptions {
  /** Default CHILD_HANG_MS. */
  timeoutMs?: number
  args?: string[]
  entry?: string
  /** Called with the output so far whenever the child writes, to react while it runs. */
  onOutput?: (stdout: string, stderr: string) => void
  /** Runs the child under `ulimit -n fileLimit` (a shell sets it, then execs node, so it applies to node alone). */
  fileLimit?: number
}

/**
 * Runs `source` (CommonJS) in a fresh `node` process where `zmq` is the
 * package's compiled entry (`entry`, relative to the package root). Resolves
 * when the child exits, or after `timeoutMs` (then the child is killed with
 * SIGKILL and `timedOut` is true).
 */
export function runChild(source: string, options: ChildOptions = {}): Promise<ChildResult> {
  return startChild(source, options).result
}

/**
 * As runChild, but returns at once: the child process (to signal it while it
 * runs) and its result to come. The result waits for the child's output to
 * end too, not only for its exit, so that none of what it wrote is missing.
 */
export function startChild(source: string,
                           {timeoutMs = CHILD_HANG_MS, args = [], entry = "dist/cjs/index.js", onOutput, fileLimit}: ChildOptions = {}):
    {child: ChildProcess; result: Promise<ChildResult>} {
  const module = path.join(packageRoot, entry)
  if (!fs.existsSync(module)) throw new Error(`${module} is missing: run \`npm run build:ts\` first`)
  const prelude = `const zmq = require(${JSON.stringify(module)});\n`
  const argv = [process.execPath, ...args, "-e", prelude + source]
  const child = fileLimit === undefined
    ? spawn(argv[0]!, argv.slice(1), {stdio: ["ignore", "pipe", "pipe"]})
    : spawn("bash", ["-c", 'ulimit -n "$1" && shift && exec "$@"', "bash", String(fileLimit), ...argv],
            {stdio: ["ignore", "pipe", "pipe"]})
  const result = new Promise<ChildResult>(resolve => {
    let stdout = ""
    let stderr = ""
    let timedOut = false
    child.stdout!.on("data", chunk => { stdout += chunk; onOutput?.(stdout, stderr) })
    child.stderr!.on("data", chunk => { stderr += chunk; onOutput?.(stdout, stderr) })
    const timer = setTimeout(() => { timedOut = true; child.kill("SIGKILL") }, timeoutMs)
    // "close", not "exit": at "exit" the last of the child's output may still be on its way.
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, stdout, stderr, timedOut})
    })
  })
  return {child, result}
}

/**
 * Child source (for runChild) defining `measureIdle(done)`: prints the event
 * loop utilisation over the next 300 ms as JSON `{utilization}` (the share of
 * time the loop was not waiting for I/O: about 1 when it spins, about 0 when
 * it is idle), then runs `done`.
 */
export const measureIdleSource = `
  const {performance} = require("node:perf_hooks")
  function measureIdle(done) {
    const start = performance.eventLoopUtilization()
    setTimeout(() => {
      console.log(JSON.stringify({utilization: performance.eventLoopUtilization(start).utilization}))
      done()
    }, 300)
  }
`

/** An Error as libzmq failures carry it. */
export type ZmqError = Error & {code?: string; errno?: number; address?: string}

/** The error of a call that may throw or return a rejected promise; fails the test if it succeeds. */
export async function failure(call: () => unknown): Promise<ZmqError> {
  try {
    await call()
  } catch (error) {
    return error as ZmqError
  }
  throw new Error("expected a failure, but the call succeeded")
}

/**
 * Child source (for runChild): runs `workerBody` in a Worker (with `zmq` and
 * `parentPort` defined), runs `onMessage` when the worker posts a message
 * (printing the message first with `logMessages`), prints "worker exit <code>"
 * when it exits, and then does a round trip on the main thread over the shared
 * default context, printing "main ok".
 */
export function withWorker(workerBody: string, onMessage: string, {logMessages = false} = {}): string {
  const entry = JSON.stringify(path.join(packageRoot, "dist/cjs/index.js"))
  return `
    const {Worker} = require("node:worker_threads")
    const worker = new Worker(${JSON.stringify(`
      const zmq = require(${entry})
      const {parentPort} = require("node:worker_threads")
      ${workerBody}
    `)}, {eval: true})
    worker.on("error", error => { console.error("worker error", error); process.exitCode = 1 })
    worker.on("message", message => { ${logMessages ? "console.log(message); " : ""}${onMessage} })
    worker.once("exit", async code => {
      console.log("worker exit " + code)
      const pull = new zmq.Pull()
      pull.bindSync("inproc://after-worker")
      const push = new zmq.Push()
      push.connect("inproc://after-worker")
      await push.send("main ok")
      console.log(String((await pull.receive())[0]))
      push.close()
      pull.close()
    })
  `
}

/**
 * The environment for a child process that runs a tool rather than our code (tsc, a foreign peer): without the
 * AddressSanitizer runtime that `npm run test:sanitize` preloads (docs/sanitizers.md), which would
 * only make it many times slower.
 */
export function toolEnv(): NodeJS.ProcessEnv {
  const {LD_PRELOAD: _preloaded, ...env} = process.env
  return env
}

/**
 * Runs tsc --noEmit on `file` as a consumer of the package would compile it
 * (importing "zmq-napi" by name); resolves with its exit code and output.
 */
export function typeCheck(file: string, skipLibCheck: boolean): Promise<{code: number; output: string}> {
  const tsc = path.join(packageRoot, "node_modules/typescript/bin/tsc")
  const args = [tsc, "--noEmit", "--strict", "--module", "node16", "--moduleResolution", "node16",
    "--target", "ES2022", "--types", "node", "--typeRoots", path.join(packageRoot, "node_modules/@types"),
    "--skipLibCheck", String(skipLibCheck), file]
  return new Promise(resolve => {
    execFile(process.execPath, args, {cwd: packageRoot, env: toolEnv()}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr})
    })
  })
}

/** A Buffer whose ArrayBuffer was transferred away (detached): byteLength 0, its memory gone. */
export function detachedBuffer(): Buffer {
  const buffer = Buffer.from(new ArrayBuffer(16))
  structuredClone(buffer.buffer, {transfer: [buffer.buffer]})
  return buffer
}
