/**
 * A fuzzing child process: runs one batch (fuzz/api/runner.mjs) in its main
 * thread, or inside a worker thread, and writes the batch's reports to
 * stdout, one JSON line each (pipes are synchronous on Linux, so the last
 * "begin" line is out before a crash). The configuration is argv[2], JSON.
 * It never calls process.exit: it has to end by itself.
 */
import {Worker, isMainThread, parentPort, workerData} from "node:worker_threads"
import {runBatch} from "./runner.mjs"

const write = (report) => process.stdout.write(`${JSON.stringify(report)}\n`)

// Open stdout before the batch counts its starting resources, so that its pipe is not taken for a leak.
if (isMainThread) process.stdout.write("")

if (!isMainThread) {
  runBatch(workerData, (report) => parentPort.postMessage(report))
} else {
  const config = JSON.parse(process.argv[2])
  if (config.worker) {
    const worker = new Worker(new URL(import.meta.url), {workerData: config})
    worker.on("message", write)
    worker.on("error", (error) => write({t: "finding", i: -1, call: "(worker)", problem: `worker error: ${error?.stack ?? error}`}))
    worker.on("exit", (code) => write({t: "worker exit", code}))
  } else {
    runBatch(config, write)
  }
}
