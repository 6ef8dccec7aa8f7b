// PUSH/PULL over tcp and inproc: small frames, multipart, frames of 64 KiB and more (handed over
// without a copy on receive, freed by the Buffer's finalizer), and a burst past the high-water
// marks, so sends queue and leave in packs (sendPacked) and receives come in batches.
import assert from "node:assert/strict"
import * as zmq from "zmq-napi"

const LARGE = 256 * 1024
const BURST = 3000
const HIGH_WATER_MARK = 16

const messages = [
  ["small"],
  ["multi", "part", ""],
  [Buffer.alloc(LARGE, 7)],
  ["header", Buffer.alloc(LARGE, 9), "trailer"],
]

for (const address of ["tcp://127.0.0.1:*", "inproc://valgrind-push-pull"]) {
  const pull = new zmq.Pull({receiveHighWaterMark: HIGH_WATER_MARK})
  await pull.bind(address)
  const push = new zmq.Push({sendHighWaterMark: HIGH_WATER_MARK})
  push.connect(pull.lastEndpoint)

  for (const message of messages) await push.send(message)
  for (const message of messages) assert.deepEqual(await pull.receive(), message.map(frame => Buffer.from(frame)))

  const sending = Promise.all(Array.from({length: BURST}, (_, index) => push.send([String(index), "x"])))
  for (let index = 0; index < BURST; index++) {
    const [number, rest] = await pull.receive()
    assert.equal(number.toString(), String(index))
    assert.equal(rest.toString(), "x")
  }
  await sending

  push.close()
  pull.close()
}

// Runs the finalizers of the received large frames while the program still runs.
globalThis.gc()
console.log("push-pull ok")
