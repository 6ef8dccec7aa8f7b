// A Proxy (zmq_proxy_steerable on a thread of its own): ROUTER/DEALER with a capture socket,
// requests through it, statistics, pause and resume, then terminate() and run() resolving.
import assert from "node:assert/strict"
import * as zmq from "zmq-napi"

const ROUNDS = 50

const frontEnd = new zmq.Router()
await frontEnd.bind("inproc://valgrind-front")
const backEnd = new zmq.Dealer()
await backEnd.bind("tcp://127.0.0.1:*")
// Read before run(): a running proxy owns its sockets, options included.
const backAddress = backEnd.lastEndpoint
const capture = new zmq.Push()
await capture.bind("inproc://valgrind-capture")
const captured = new zmq.Pull()
captured.connect("inproc://valgrind-capture")

const proxy = new zmq.Proxy(frontEnd, backEnd, {capture})
const running = proxy.run()

const client = new zmq.Request()
client.connect("inproc://valgrind-front")
const worker = new zmq.Reply()
worker.connect(backAddress)

for (let round = 0; round < ROUNDS; round++) {
  if (round === ROUNDS / 2) {
    proxy.pause()
    proxy.resume()
  }
  await client.send(`ping ${round}`)
  assert.equal((await worker.receive())[0].toString(), `ping ${round}`)
  await worker.send(`pong ${round}`)
  assert.equal((await client.receive())[0].toString(), `pong ${round}`)
}
// The capture socket has a copy of the first request as the ROUTER read it: routing id, delimiter, body.
assert.equal((await captured.receive()).at(-1).toString(), "ping 0")

const statistics = await proxy.statistics()
assert.equal(statistics.frontEnd.messagesIn, ROUNDS)
assert.equal(statistics.backEnd.messagesIn, ROUNDS)
proxy.terminate()
await running
// The proxy owned its three sockets and closed them when it ended.
assert.ok(frontEnd.closed && backEnd.closed && capture.closed)

for (const socket of [captured, client, worker]) socket.close()
console.log("proxy ok")
