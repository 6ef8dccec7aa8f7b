#!/usr/bin/env node
/**
 * API fuzzing: every public function, constructor, method, accessor and
 * socket option of zmq-napi, zmq-napi/draft and zmq-napi/compat, called with
 * hostile arguments in every state (fresh, bound, closed, context closed,
 * running), in child processes, and once more inside a worker thread.
 * See fuzz/api/*.mjs: surface, hostile values, states, oracle, runner.
 *
 *   npm run fuzz:api -- [--seed S] [--calls N] [--forever]
 *
 * --calls is per batch; a batch covers the whole surface first when N is at
 * least its size. Prints each finding with the seed and call index that
 * replay it; the exit code is 1 if there were any.
 */
import {parseArgs} from "node:util"
import {runChild} from "./api/run.mjs"

const {values} = parseArgs({options: {
  seed: {type: "string"},
  calls: {type: "string", default: "5000"},
  forever: {type: "boolean", default: false},
}})

const API_NAMES = ["modern", "draft", "compat"]
const calls = Number(values.calls)
let seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed)
let total = 0
let findings = 0

do {
  for (const worker of [false, true]) {
    // The first batch of a seed walks the surface in order (every member at least once), the rest draw at random.
    const started = Date.now()
    const result = await runChild({seed, calls, cover: !worker, apiNames: API_NAMES, worker})
    total += result.calls
    findings += result.findings.length
    console.log(`seed ${seed}${worker ? " (worker)" : ""}: ${result.calls} calls over ${result.members ?? "?"} members, ` +
      `${result.findings.length} findings, ${((Date.now() - started) / 1000).toFixed(1)} s`)
    for (const finding of result.findings) {
      console.log(`  FINDING seed ${seed} call ${finding.i}${worker ? " (worker)" : ""}: ${finding.call}\n    ${finding.problem}`)
    }
  }
  seed = (seed + 1) % 2 ** 31
} while (values.forever)

console.log(`${total} calls, ${findings} findings`)
if (findings > 0) process.exitCode = 1
