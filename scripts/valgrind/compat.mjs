// The legacy API (zmq-napi/compat): 'message' events for small, multipart and large frames, send
// callbacks, REQ/REP with a handler, the legacy monitor, and close with linger.
import assert from "node:assert/strict"
import {once} from "node:events"
import * as zmq from "zmq-napi/compat"

const LARGE = 128 * 1024
const COUNT = 500

const pull = zmq.socket("pull")
pull.bindSync("tcp://127.0.0.1:*")
const address = pull.getsockopt(zmq.options.last_endpoint)
const push = zmq.socket("push")
push.connect(address)

const received = []
const allReceived = new Promise(resolve => {
  pull.on("message", (...frames) => {
    received.push(frames)
    if (received.length === COUNT + 1) resolve()
  })
})
const sent = new Promise((resolve, reject) => {
  push.send(["large", Buffer.alloc(LARGE, 3)], 0, error => (error ? reject(error) : resolve()))
})
for (let index = 0; index < COUNT; index++) push.send(String(index))
await sent
await allReceived
assert.equal(received[0][0].toString(), "large")
assert.ok(received[0][1].equals(Buffer.alloc(LARGE, 3)))
for (let index = 0; index < COUNT; index++) assert.equal(received[index + 1][0].toString(), String(index))

const rep = zmq.socket("rep")
rep.monitor(1e9, 0)
const listening = once(rep, "listen")
rep.bindSync("tcp://127.0.0.1:*")
await listening
rep.on("message", (...frames) => rep.send(["re", ...frames]))
const req = zmq.socket("req")
const accepted = once(rep, "accept")
req.connect(rep.getsockopt(zmq.options.last_endpoint))
await accepted
req.send(["a", "b"])
const reply = await once(req, "message")
assert.deepEqual(reply.map(String), ["re", "a", "b"])

const disconnected = once(rep, "disconnect")
req.close()
await disconnected
rep.unmonitor()
rep.close()
push.close()
pull.close()
console.log("compat ok")
