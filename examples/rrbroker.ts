// A request-reply broker, written by hand (the guide's rrclient, rrworker
// and rrbroker). Request clients talk to the broker's Router; Reply workers
// to its Dealer. The broker moves every message across as it is, envelope
// and all: the Router adds the client's routing id on the way in and uses it
// to route the reply back out. `msgqueue.ts` does the same with a Proxy.
import {Dealer, type Readable, Reply, Request, Router, type Writable} from "zmq-napi"

const clients = 3
const workers = 2
const requestsPerClient = 4

/** Moves every message from `from` to `to` until `from` is closed. */
async function forward(from: Readable, to: Writable): Promise<void> {
  for await (const message of from) await to.send(message)
}

function worker(address: string): Reply {
  const responder = new Reply()
  responder.connect(address)
  void (async () => {
    for await (const [request] of responder) await responder.send(`World (for ${request})`)
  })()
  return responder
}

async function client(id: number, address: string): Promise<void> {
  const requester = new Request()
  requester.connect(address)
  for (let n = 0; n < requestsPerClient; n++) {
    await requester.send(`Hello ${id}.${n}`)
    const [reply] = await requester.receive()
    console.log(`Client ${id} received reply: ${reply}`)
  }
  requester.close()
}

async function main(): Promise<void> {
  const frontend = new Router()
  await frontend.bind("tcp://127.0.0.1:*")
  const backend = new Dealer()
  await backend.bind("tcp://127.0.0.1:*")
  const broker = Promise.all([forward(frontend, backend), forward(backend, frontend)])

  const responders = Array.from({length: workers}, () => worker(backend.lastEndpoint!))
  await Promise.all(Array.from({length: clients}, (_, id) => client(id, frontend.lastEndpoint!)))

  for (const socket of [...responders, frontend, backend]) socket.close()
  await broker
  console.log("Broker: done")
}

void main()
