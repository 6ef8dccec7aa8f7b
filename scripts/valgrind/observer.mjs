// Socket events (zmq_socket_monitor read by an inproc PAIR): bind, accept, handshake, disconnect,
// close and the end of the feed, in both modes (receive() and listeners).
import assert from "node:assert/strict"
import * as zmq from "zmq-napi"

async function next(observer, type) {
  for (;;) {
    const event = await observer.receive()
    if (event.type === type) return event
  }
}

const pull = new zmq.Pull()
const observer = pull.events
await pull.bind("tcp://127.0.0.1:*")
assert.equal((await next(observer, "bind")).address, pull.lastEndpoint)

const push = new zmq.Push()
const pushEvents = new zmq.Observer(push)
const connected = new Promise(resolve => pushEvents.on("handshake", resolve))
push.connect(pull.lastEndpoint)
await next(observer, "accept")
await next(observer, "handshake")
await connected

push.close()
await next(observer, "disconnect")
pull.close()
await next(observer, "close")
await next(observer, "end")
console.log("observer ok")
