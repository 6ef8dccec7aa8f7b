/**
 * Every way out of a process or a worker, with every kind of work pending:
 * each case is a child process that sets the work up, says "pending", and
 * leaves by one path. It must end with the path's code or signal, promptly
 * (nothing pending holds an exit up), and with no abort, assertion or crash.
 *
 * The cases are two tables crossed, less the pairs other files already test
 * (`covered`). A natural end is not a path here: each kind of work keeps the
 * process alive, as in `zeromq` (exit.test.ts and poller/exit.test.ts test
 * natural exits with unref()'d sockets).
 */
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import {type ChildResult, packageRoot, runChild, withWorker} from "../../helpers"
import {PEER_TIMEOUT_MS} from "./support"

const compat = JSON.stringify(path.join(packageRoot, "dist/cjs/compat/index.js"))
const draft = JSON.stringify(path.join(packageRoot, "dist/cjs/draft.js"))
const tcp = JSON.stringify("tcp://127.0.0.1:*")

/** Kinds of pending work: the body of an async function that returns once the work is pending. */
const work = {
  "a pending receive": `
    const pull = new zmq.Pull()
    await pull.bind(${tcp})
    pull.receive()`,
  "a send waiting at the high-water mark": `
    const pull = new zmq.Pull({receiveHighWaterMark: 1})
    await pull.bind("inproc://exit-paths-hwm")
    const push = new zmq.Push({sendHighWaterMark: 1})
    push.connect("inproc://exit-paths-hwm")
    while (push.writable) await push.send("fill")
    push.send("waits")`,
  "a running Proxy": `
    const frontEnd = new zmq.Router()
    const backEnd = new zmq.Dealer()
    await frontEnd.bind(${tcp})
    await backEnd.bind(${tcp})
    new zmq.Proxy(frontEnd, backEnd).run()`,
  "an Observer's receive": `
    const pair = new zmq.Pair()
    await pair.bind(${tcp})
    ;(async () => { for await (const event of pair.events) {} })()`,
  "a Poller wait": `
    const pull = new zmq.Pull()
    await pull.bind(${tcp})
    new zmq.Poller().add(pull).wait()`,
  "a legacy queued send": `
    // Bound with no peer: libzmq has nowhere to put it, so it stays in the legacy send queue.
    const push = require(${compat}).socket("push")
    push.bindSync(${tcp})
    push.send("queued", 0, () => {})`,
  "an Authenticator's pending async decision": `
    let called
    const calling = new Promise(resolve => { called = resolve })
    new zmq.Authenticator().configureCallback("*", () => { called(); return new Promise(() => {}) }).start()
    const server = new zmq.Pull({plainServer: true})
    await server.bind(${tcp})
    server.receive()
    new zmq.Push({plainUsername: "user", plainPassword: "secret"}).connect(server.lastEndpoint)
    await calling`,
  "a draft socket's receive": `
    const server = new (require(${draft}).Server)()
    await server.bind(${tcp})
    server.receive()`,
} as const

type Work = keyof typeof work

interface ExitPath {
  /** Child source that runs `setUp` (an async function's body), then leaves. */
  source(setUp: string): string
  expected: Partial<ChildResult>
  /** What the path itself writes on stderr. */
  stderr?: RegExp
}

/** In the main thread: set up, say "pending", then `leave`. */
const mainThread = (leave: string) => (setUp: string) => `
  ;(async () => {
    ${setUp}
    console.log("pending")
    ${leave}
  })()
`

/** In a worker: set up, then `leave` inside it, or the main thread terminates it once it is pending. */
const inWorker = (leave: string, onPending: string) => (setUp: string) =>
  withWorker(`;(async () => { ${setUp}; parentPort.postMessage("pending"); ${leave} })()`, onPending)

/** Ways out: how the child leaves, and what it must end with. */
const exits: Record<string, ExitPath> = {
  "process.exit(3)": {source: mainThread("process.exit(3)"), expected: {code: 3, signal: null, stdout: "pending\n"}},
  "an uncaught exception": {
    source: mainThread(`setImmediate(() => { throw new Error("uncaught on purpose") })`),
    expected: {code: 1, signal: null, stdout: "pending\n"},
    stderr: /Error: uncaught on purpose/,
  },
  "an unhandled rejection": {
    source: mainThread(`Promise.reject(new Error("rejected on purpose"))`),
    expected: {code: 1, signal: null, stdout: "pending\n"},
    stderr: /Error: rejected on purpose/,
  },
  "SIGTERM, whose handler calls process.exit(5)": {
    source: mainThread(`process.on("SIGTERM", () => process.exit(5)); process.kill(process.pid, "SIGTERM")`),
    expected: {code: 5, signal: null, stdout: "pending\n"},
  },
  "SIGINT without a handler": {
    source: mainThread(`process.kill(process.pid, "SIGINT")`),
    expected: {code: null, signal: "SIGINT", stdout: "pending\n"},
  },
  "worker.terminate()": {
    source: inWorker("", "worker.terminate()"),
    expected: {code: 0, signal: null, stdout: "worker exit 1\nmain ok\n"},
  },
  "process.exit(7) inside a worker": {
    source: inWorker("process.exit(7)", ""),
    expected: {code: 0, signal: null, stdout: "worker exit 7\nmain ok\n"},
  },
}

/** Pairs tested elsewhere: exit.test.ts, worker.test.ts, proxy/, poller/ and observer/lifecycle.test.ts. */
const covered = new Set<string>([
  "process.exit(3) × a pending receive", "process.exit(3) × a send waiting at the high-water mark",
  "process.exit(3) × a running Proxy", "process.exit(3) × an Observer's receive", "process.exit(3) × a Poller wait",
  "worker.terminate() × a pending receive", "worker.terminate() × a running Proxy", "worker.terminate() × a Poller wait",
  "process.exit(7) inside a worker × a pending receive", "process.exit(7) inside a worker × a running Proxy",
])

/** How long context termination takes decides whether this warning shows, and a loaded machine decides that. */
const SLOW_EXIT_WARNING = /^\(node:\d+\) WARNING: Waiting for queued ZeroMQ messages to be delivered\..*\n/m

describe.concurrent("leaving with work pending", () => {
  for (const [exitName, exit] of Object.entries(exits)) {
    for (const workName of Object.keys(work) as Work[]) {
      if (covered.has(`${exitName} × ${workName}`)) continue
      it(`${exitName} with ${workName}`, async () => {
        const result = await runChild(exit.source(work[workName]), {timeoutMs: PEER_TIMEOUT_MS})
        expect(result).toMatchObject({...exit.expected, timedOut: false})
        const stderr = result.stderr.replace(SLOW_EXIT_WARNING, "")
        if (exit.stderr) expect(stderr).toMatch(exit.stderr)
        else expect(stderr).toBe("")
        expect(stderr).not.toMatch(/Assertion|FATAL|Segmentation|Aborted|core dumped/)
      }, PEER_TIMEOUT_MS)
    }
  }
})
