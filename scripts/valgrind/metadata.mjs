// Received-message metadata (zmq_msg_gets on each message's last frame): a PULL asking for the
// standard properties and a peer's own (ZMQ_METADATA), and a ROUTER, whose routing-id frame has none.
import assert from "node:assert/strict"
import * as zmq from "zmq-napi"

const pull = new zmq.Pull({receiveMetadata: ["X-Region"]})
await pull.bind("tcp://127.0.0.1:*")
const push = new zmq.Push({metadata: "X-Region:eu-west"})
push.connect(pull.lastEndpoint)
for (let index = 0; index < 20; index++) await push.send(["hello", String(index)])
for (let index = 0; index < 20; index++) {
  const message = await pull.receive()
  assert.equal(message[1].toString(), String(index))
  assert.deepEqual(zmq.metadataOf(message), {"Socket-Type": "PUSH", "Peer-Address": "127.0.0.1", "X-Region": "eu-west"})
}

const router = new zmq.Router({receiveMetadata: true})
await router.bind("tcp://127.0.0.1:*")
const dealer = new zmq.Dealer()
dealer.connect(router.lastEndpoint)
await dealer.send("from dealer")
const message = await router.receive()
assert.equal(message[1].toString(), "from dealer")
assert.deepEqual(zmq.metadataOf(message), {"Socket-Type": "DEALER", "Peer-Address": "127.0.0.1"})

for (const socket of [push, pull, dealer, router]) socket.close()
console.log("metadata ok")
