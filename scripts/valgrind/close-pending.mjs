// Close while operations are pending: receives and queued sends reject with EBADF when their socket
// closes and with ETERM when their context closes; a Poller wait on a closed socket rejects; an
// observer ends.
import assert from "node:assert/strict"
import * as zmq from "zmq-napi"

async function rejection(promise) {
  try {
    await promise
  } catch (error) {
    return error.code
  }
  throw new Error("resolved, expected a rejection")
}

const pull = new zmq.Pull()
await pull.bind("inproc://valgrind-close")
const receiving = [pull.receive(), pull.receive()]
const polling = new zmq.Poller().add(pull).wait()
pull.close()
assert.deepEqual(await Promise.all(receiving.map(rejection)), ["EBADF", "EBADF"])
assert.ok(await rejection(polling))

// Sends at the high-water mark toward a peer that does not read: inproc holds two messages (each
// side's high-water mark), the rest wait in the JS queue.
const deaf = new zmq.Pull({receiveHighWaterMark: 1})
await deaf.bind("inproc://valgrind-deaf")
const push = new zmq.Push({sendHighWaterMark: 1, linger: 0})
const observer = push.events
push.connect(deaf.lastEndpoint)
const sending = Array.from({length: 20}, (_, index) => push.send(Buffer.alloc(100 * 1024, index)))
const queued = sending.at(-1)
push.close()
assert.equal(await rejection(queued), "EBADF")
await Promise.allSettled(sending)
// The closed PUSH is gone from libzmq (its observer ends) once its inproc peer lets go of the
// messages it never read.
deaf.close()
for (;;) if ((await observer.receive()).type === "end") break

const context = new zmq.Context()
const dealer = new zmq.Dealer({context})
await dealer.bind("tcp://127.0.0.1:*")
const waiting = dealer.receive()
context.close()
assert.equal(await rejection(waiting), "ETERM")

console.log("close-pending ok")
