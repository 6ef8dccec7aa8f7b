// The installed package from the outside, through ESM: named and default imports of both entry
// points are the same module instance as CommonJS gives, and a PUSH/PULL round trip works.
import assert from "node:assert/strict"
import {createRequire} from "node:module"
import zmq, {Pull, Push, version} from "zmq-napi"
import compat, {socket} from "zmq-napi/compat"
import {Client, Server} from "zmq-napi/draft"

const require = createRequire(import.meta.url)
assert.equal(Push, require("zmq-napi").Push, "ESM and CommonJS share one module instance")
assert.equal(zmq.Push, Push)
assert.equal(compat.socket, socket)
assert.equal(version, "4.3.4")

const push = new Push({linger: 0})
const pull = new Pull({linger: 0})
await push.bind("tcp://127.0.0.1:*")
pull.connect(push.lastEndpoint)
await push.send("esm")
const [message] = await pull.receive()
assert.equal(message.toString(), "esm")
push.close()
pull.close()

// A draft socket pair: the thread-safe sockets' own readiness path in the prebuild.
const server = new Server({linger: 0})
const client = new Client({linger: 0})
await server.bind("tcp://127.0.0.1:*")
client.connect(server.lastEndpoint)
await client.send("hi")
const [hi, {routingId}] = await server.receive()
await server.send(`${hi} back`, {routingId})
const [back] = await client.receive()
assert.equal(back.toString(), "hi back")
server.close()
client.close()
console.log(`esm ok: node ${process.version} ${process.arch}`)
