// A Poller (zmq_poll, each socket's readiness, a DescriptorWatch on a dup() of a plain descriptor):
// a wait that resolves when a message arrives, a writable socket, a named pipe that becomes readable,
// and a wait ended by a timeout.
import assert from "node:assert/strict"
import {execFileSync} from "node:child_process"
import * as fs from "node:fs"
import {tmpdir} from "node:os"
import {join} from "node:path"
import * as zmq from "zmq-napi"

const pull = new zmq.Pull()
await pull.bind("tcp://127.0.0.1:*")
const push = new zmq.Push()
push.connect(pull.lastEndpoint)

const directory = fs.mkdtempSync(join(tmpdir(), "zmq-napi-valgrind-"))
const fifo = join(directory, "fifo")
execFileSync("mkfifo", [fifo])
// Read end opened O_RDWR: open() does not block and the pipe never reports end-of-file.
const reader = fs.openSync(fifo, fs.constants.O_RDWR)
const writer = fs.openSync(fifo, fs.constants.O_WRONLY)

const poller = new zmq.Poller().add(pull, "readable").add(reader, "readable")
assert.deepEqual(await poller.wait({timeout: 0}), [])

let waiting = poller.wait()
await push.send("message")
let ready = await waiting
assert.equal(ready.length, 1)
assert.equal(ready[0].socket, pull)
assert.equal((await pull.receive())[0].toString(), "message")

waiting = poller.wait()
fs.writeSync(writer, "byte")
ready = await waiting
assert.deepEqual(ready, [{fd: reader, readable: true, writable: false}])
fs.readSync(reader, Buffer.alloc(4))

const writable = await new zmq.Poller().add(push, "writable").wait()
assert.equal(writable[0].socket, push)

// Nothing arrives: the timeout ends the wait with nothing ready.
assert.deepEqual(await poller.wait({timeout: 10}), [])

fs.closeSync(reader)
fs.closeSync(writer)
fs.rmSync(directory, {recursive: true})
push.close()
pull.close()
console.log("poller ok")
