// process.exit() with work pending (no cleanup hooks run: the atexit handler closes what is open and
// waits for the contexts): a referenced receive, sends queued at the high-water mark to a peer that
// does not read, a running Proxy, an observer, and a socket of a custom context.
import assert from "node:assert/strict"
import * as zmq from "zmq-napi"

const pull = new zmq.Pull()
await pull.bind("tcp://127.0.0.1:*")
const push = new zmq.Push({sendHighWaterMark: 1, linger: 0})
push.connect(pull.lastEndpoint)
await push.send("first")
assert.equal((await pull.receive())[0].toString(), "first")

// A peer that never reads: sends pile up in libzmq, then in the JS queue.
const stuck = new zmq.Push({sendHighWaterMark: 1, linger: 0})
const deaf = new zmq.Pull({receiveHighWaterMark: 1})
await deaf.bind("inproc://valgrind-deaf")
stuck.connect("inproc://valgrind-deaf")
for (let count = 0; count < 10; count++) void stuck.send(Buffer.alloc(70 * 1024, count))
const events = pull.events
void events.receive()

const frontEnd = new zmq.Router()
await frontEnd.bind("inproc://valgrind-exit-front")
const backEnd = new zmq.Dealer()
await backEnd.bind("inproc://valgrind-exit-back")
void new zmq.Proxy(frontEnd, backEnd).run()

const context = new zmq.Context()
const other = new zmq.Reply({context})
await other.bind("tcp://127.0.0.1:*")
void other.receive()

void pull.receive()
console.log("exit-pending ok")
process.exit(0)
