// A load-balancing broker, Router to Router (the guide's lbbroker). Clients
// and workers are Request sockets with routing ids of their own choosing, so
// both sides of the broker know every peer by name. Workers announce they
// are READY; the broker keeps a queue of idle workers and hands each client
// request to the one that has waited longest, so no worker gets a second
// task while another is idle. It reads from clients only while a worker is
// free: a Poller watches the frontend only then.
import {Poller, Request, Router} from "zmq-napi"

const clients = 6
const workers = 3

async function client(id: number, address: string): Promise<void> {
  const requester = new Request({routingId: `client-${id}`})
  requester.connect(address)
  await requester.send("HELLO")
  const [reply] = await requester.receive()
  console.log(`client-${id}: ${reply}`)
  requester.close()
}

function worker(id: number, address: string): Request {
  const name = `worker-${id}`
  const requester = new Request({routingId: name})
  requester.connect(address)
  void (async () => {
    await requester.send("READY")
    // Each request comes as [client, "", request]; the reply goes back in the same envelope.
    for await (const [clientId, , request] of requester) {
      await requester.send([clientId!, "", `OK from ${name} (${request})`])
    }
  })()
  return requester
}

async function broker(frontend: Router, backend: Router): Promise<void> {
  const idle: Buffer[] = []
  const poller = new Poller<Router>().add(backend)
  let served = 0
  while (served < clients) {
    for (const {socket} of await poller.wait()) {
      if (socket === backend) {
        // [worker, "", "READY"] or [worker, "", client, "", reply]
        const [workerId, , clientId, , reply] = await backend.receive()
        idle.push(workerId!)
        if (reply !== undefined) {
          await frontend.send([clientId!, "", reply])
          served++
        }
      } else {
        // [client, "", request]: to the worker idle longest.
        const [clientId, , request] = await frontend.receive()
        await backend.send([idle.shift()!, "", clientId!, "", request!])
      }
    }
    if (idle.length > 0 && !poller.has(frontend)) poller.add(frontend)
    if (idle.length === 0 && poller.has(frontend)) poller.remove(frontend)
  }
}

async function main(): Promise<void> {
  const frontend = new Router()
  await frontend.bind("tcp://127.0.0.1:*")
  const backend = new Router()
  await backend.bind("tcp://127.0.0.1:*")

  const requesters = Array.from({length: workers}, (_, id) => worker(id, backend.lastEndpoint!))
  const served = Array.from({length: clients}, (_, id) => client(id, frontend.lastEndpoint!))
  await broker(frontend, backend)
  await Promise.all(served)
  for (const socket of [...requesters, frontend, backend]) socket.close()
  console.log(`Broker: served ${clients} clients with ${workers} workers`)
}

void main()
