// A CURVE handshake (libsodium) with the client's key checked by a ZAP handler (the
// Authenticator), then encrypted traffic both ways; a client with an unknown key is refused.
// Also the key utilities: a key pair, the public key of a secret key, Z85 both ways.
import assert from "node:assert/strict"
import * as zmq from "zmq-napi"

const server = zmq.curveKeyPair()
const client = zmq.curveKeyPair()
const stranger = zmq.curveKeyPair()
assert.equal(zmq.curvePublic(server.secretKey), server.publicKey)
assert.equal(zmq.z85Encode(zmq.z85Decode(client.publicKey)), client.publicKey)

const authenticator = new zmq.Authenticator().configureCurve("*", [client.publicKey]).start()

const reply = new zmq.Reply({curveServer: true, curveSecretKey: server.secretKey})
await reply.bind("tcp://127.0.0.1:*")

// Refused: the server's monitor (started before the client connects) reports the failed authentication.
const events = reply.events
const refused = new zmq.Request({
  curvePublicKey: stranger.publicKey, curveSecretKey: stranger.secretKey, curveServerKey: server.publicKey,
})
refused.connect(reply.lastEndpoint)
for (;;) {
  const event = await events.receive()
  if (event.type === "handshake:error:auth") break
}
refused.close()

const request = new zmq.Request({
  curvePublicKey: client.publicKey, curveSecretKey: client.secretKey, curveServerKey: server.publicKey,
})
request.connect(reply.lastEndpoint)
for (let round = 0; round < 20; round++) {
  await request.send(`secret ${round}`)
  const [received] = await reply.receive()
  assert.equal(received.toString(), `secret ${round}`)
  await reply.send(`answer ${round}`)
  const [answer] = await request.receive()
  assert.equal(answer.toString(), `answer ${round}`)
}

request.close()
reply.close()
authenticator.stop()
console.log("curve ok")
