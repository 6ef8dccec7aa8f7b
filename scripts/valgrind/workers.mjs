// Worker threads sharing the default context with the main thread (inproc between them), ending
// with their sockets open: one by itself (the environment's cleanup hook closes them), one by
// terminate() while a receive is pending.
import assert from "node:assert/strict"
import {once} from "node:events"
import {isMainThread, parentPort, Worker, workerData} from "node:worker_threads"
import * as zmq from "zmq-napi"

const ENDPOINT = "inproc://valgrind-workers"
const MESSAGES = 50

if (isMainThread) {
  const pull = new zmq.Pull()
  await pull.bind(ENDPOINT)

  const workers = ["ends", "terminated"].map(ending => new Worker(new URL(import.meta.url), {workerData: {ending}}))
  const exits = workers.map(worker => once(worker, "exit"))
  for (const worker of workers) worker.on("error", error => { throw error })
  // Listened to from the start: a worker's message with no listener yet would be lost.
  const waiting = once(workers[1], "message")

  const counts = new Map()
  for (let count = 0; count < workers.length * MESSAGES; count++) {
    const [ending] = await pull.receive()
    counts.set(ending.toString(), (counts.get(ending.toString()) ?? 0) + 1)
  }
  assert.deepEqual(Object.fromEntries(counts), {ends: MESSAGES, terminated: MESSAGES})

  // The second worker says when its receive is pending; it is terminated then.
  const [message] = await waiting
  assert.equal(message, "waiting")
  await workers[1].terminate()
  const [[endedCode], [terminatedCode]] = await Promise.all(exits)
  assert.equal(endedCode, 0)
  assert.equal(terminatedCode, 1)

  pull.close()
  console.log("workers ok")
} else {
  const {ending} = workerData
  const push = new zmq.Push()
  push.connect(ENDPOINT)
  for (let count = 0; count < MESSAGES; count++) await push.send(ending)
  // Left open: a bound socket, a connected one, and the push above.
  const idle = new zmq.Pull()
  await idle.bind("tcp://127.0.0.1:*")
  const dealer = new zmq.Dealer()
  dealer.connect(idle.lastEndpoint)
  if (ending === "terminated") {
    const never = idle.receive()
    parentPort.postMessage("waiting")
    await never
  }
}
