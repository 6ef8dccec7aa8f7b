// Draft sockets (thread-safe, no ZMQ_FD: readiness from a libzmq poller's descriptor), with their
// message properties: Server/Client with routing ids, Radio/Dish with groups, over tcp.
import assert from "node:assert/strict"
import {setTimeout as delay} from "node:timers/promises"
import {Client, Dish, Radio, Server} from "zmq-napi/draft"

const ROUNDS = 50

const server = new Server()
await server.bind("tcp://127.0.0.1:*")
const clients = [new Client(), new Client()]
for (const client of clients) client.connect(server.lastEndpoint)

const serving = (async () => {
  for (let count = 0; count < clients.length * ROUNDS; count++) {
    const [request, {routingId}] = await server.receive()
    await server.send(`re:${request}`, {routingId})
  }
})()
await Promise.all(clients.map(async (client, index) => {
  for (let round = 0; round < ROUNDS; round++) {
    await client.send(`${index}:${round}`)
    const [reply] = await client.receive()
    assert.equal(reply.toString(), `re:${index}:${round}`)
  }
}))
await serving

const dish = new Dish()
await dish.bind("tcp://127.0.0.1:*")
const radio = new Radio()
radio.connect(dish.lastEndpoint)
dish.join("news")
// The join must reach the radio before it keeps anything for the dish: markers go out until one
// arrives (the timer only paces them; the arrival is the signal).
let joined = false
const firstMarker = dish.receive().then(message => { joined = true; return message })
while (!joined) {
  await radio.send("marker", {group: "news"})
  await delay(2)
}
assert.equal((await firstMarker)[0].toString(), "marker")
await radio.send("weather", {group: "other"})
await radio.send("headline", {group: "news"})
for (;;) {
  const [body, {group}] = await dish.receive()
  if (body.toString() === "marker") continue
  assert.equal(body.toString(), "headline")
  assert.equal(group.toString(), "news")
  break
}

for (const socket of [radio, dish, server, ...clients]) socket.close()
console.log("draft ok")
