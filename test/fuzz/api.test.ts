/**
 * The API fuzzer's short run (npm run fuzz:api is the long one): every
 * member of zmq-napi, zmq-napi/draft and zmq-napi/compat called at least once
 * with a hostile argument, in a child process, then a sample of them again
 * inside a worker thread. No crash, hang, leak, unsettled promise, unhandled
 * rejection or error of the wrong shape (fuzz/api/oracle.mjs).
 */
import {describe, expect, it} from "vitest"
// @ts-expect-error: plain ESM without declarations, loaded as the CLI loads it
import {runChild} from "../../fuzz/api/run.mjs"

interface Finding {i: number; call: string; problem: string}
interface Result {findings: Finding[]; calls: number; members: number; exit: {code: number | null; signal: string | null}}

const SEED = 14
const API_NAMES = ["modern", "draft", "compat"]
/** Enough for the worker to touch each API's classes with several values. */
const WORKER_CALLS = 1500
/** A failure detector for a loaded machine, well above the run's usual 10-30 s (the child's own hang detector is run.mjs STALL_MS). */
const RUN_TIMEOUT_MS = 180_000

const run = (config: object): Promise<Result> => runChild({seed: SEED, apiNames: API_NAMES, ...config})
const described = (result: Result) => result.findings.map(finding => `call ${finding.i}: ${finding.call}\n  ${finding.problem}`)

describe("API fuzzing (short run)", () => {
  it("every member of both APIs, once each, with hostile arguments", async () => {
    const {members} = await run({calls: 1, cover: true})
    expect(members).toBeGreaterThan(3000)
    const result = await run({calls: members, cover: true})
    expect(described(result)).toEqual([])
    expect(result.exit).toEqual({code: 0, signal: null})
    expect(result.calls).toBe(members)
  }, RUN_TIMEOUT_MS)

  it("inside a worker thread", async () => {
    const result = await run({calls: WORKER_CALLS, cover: false, worker: true})
    expect(described(result)).toEqual([])
    expect(result.exit).toEqual({code: 0, signal: null})
    expect(result.calls).toBe(WORKER_CALLS)
  }, RUN_TIMEOUT_MS)
})
