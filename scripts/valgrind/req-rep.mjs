// REQ/REP over tcp: round trips of single and multipart requests, replies echoed back.
import assert from "node:assert/strict"
import * as zmq from "zmq-napi"

const ROUNDS = 200

const reply = new zmq.Reply()
await reply.bind("tcp://127.0.0.1:*")
const request = new zmq.Request()
request.connect(reply.lastEndpoint)

const serving = (async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const frames = await reply.receive()
    await reply.send(["re", ...frames])
  }
})()

for (let round = 0; round < ROUNDS; round++) {
  const frames = round % 2 === 0 ? [`request ${round}`] : [`request ${round}`, Buffer.alloc(round, round)]
  await request.send(frames)
  assert.deepEqual(await request.receive(), ["re", ...frames].map(frame => Buffer.from(frame)))
}
await serving

request.close()
reply.close()
console.log("req-rep ok")
