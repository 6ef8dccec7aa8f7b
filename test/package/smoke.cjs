// The installed package from the outside, through CommonJS: a PUSH/PULL round trip over tcp and a
// REQ/REP round trip over inproc with the modern API, and a PUSH/PULL pair with the legacy one.
// Prints one line naming the runtime; any failure is an uncaught error (exit code 1).
const assert = require("node:assert/strict")
const zmq = require("zmq-napi")
const compat = require("zmq-napi/compat")
const draft = require("zmq-napi/draft")

async function modern() {
  const push = new zmq.Push({linger: 0})
  const pull = new zmq.Pull({linger: 0})
  await push.bind("tcp://127.0.0.1:*")
  pull.connect(push.lastEndpoint)
  await push.send(["cjs", Buffer.from([1, 2, 3])])
  const [topic, body] = await pull.receive()
  assert.equal(topic.toString(), "cjs")
  assert.deepEqual([...body], [1, 2, 3])

  const reply = new zmq.Reply({linger: 0})
  const request = new zmq.Request({linger: 0})
  await reply.bind("inproc://smoke-cjs")
  request.connect("inproc://smoke-cjs")
  await request.send("ping")
  const [ping] = await reply.receive()
  await reply.send(`${ping}-pong`)
  const [pong] = await request.receive()
  assert.equal(pong.toString(), "ping-pong")
  assert.equal(typeof draft.Server, "function")
  for (const socket of [push, pull, reply, request]) socket.close()
}

function legacy() {
  return new Promise((resolve) => {
    const pull = compat.socket("pull")
    const push = compat.socket("push")
    pull.bindSync("tcp://127.0.0.1:*")
    push.connect(pull.getsockopt(compat.ZMQ_LAST_ENDPOINT))
    pull.on("message", (msg) => {
      assert.equal(msg.toString(), "legacy")
      push.close()
      pull.close()
      resolve()
    })
    push.send("legacy")
  })
}

modern()
  .then(legacy)
  .then(() => console.log(`cjs ok: node ${process.version} ${process.arch}, libzmq ${zmq.version}`))
