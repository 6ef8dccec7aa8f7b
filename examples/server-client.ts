// Draft sockets: Server and Client (zmq-napi/draft). A Server serves many
// Clients; each message it receives says which client sent it (a routing id,
// a number), and each reply names the client it goes to. Unlike Router and
// Dealer there are no envelope frames: a message is one frame, and the
// routing id travels beside it.
import {Client, Server} from "zmq-napi/draft"

const clients = 3

async function serve(server: Server): Promise<void> {
  for (let n = 0; n < clients; n++) {
    const [request, {routingId}] = await server.receive()
    await server.send(`Hello, ${request}`, {routingId})
  }
}

async function ask(name: string, address: string): Promise<void> {
  const client = new Client()
  client.connect(address)
  await client.send(name)
  const [reply] = await client.receive()
  console.log(`${name} received: ${reply}`)
  client.close()
}

async function main(): Promise<void> {
  const server = new Server()
  await server.bind("tcp://127.0.0.1:*")
  const names = Array.from({length: clients}, (_, n) => `client ${n}`)
  await Promise.all([serve(server), ...names.map(name => ask(name, server.lastEndpoint!))])
  server.close()
}

void main()
