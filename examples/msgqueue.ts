// The request-reply broker of `rrbroker.ts`, with libzmq's proxy doing the
// forwarding (the guide's msgqueue): `Proxy` runs zmq_proxy on a thread of
// its own, so no message passes through JavaScript.
import {Dealer, Proxy, Reply, Request, Router} from "zmq-napi"

const clients = 3
const workers = 2
const requestsPerClient = 4

async function main(): Promise<void> {
  const proxy = new Proxy(new Router(), new Dealer())
  await proxy.frontEnd.bind("tcp://127.0.0.1:*")
  await proxy.backEnd.bind("tcp://127.0.0.1:*")
  const frontAddress = proxy.frontEnd.lastEndpoint!
  const backAddress = proxy.backEnd.lastEndpoint!
  const running = proxy.run()

  const responders = Array.from({length: workers}, () => {
    const responder = new Reply()
    responder.connect(backAddress)
    void (async () => {
      for await (const [request] of responder) await responder.send(`World (for ${request})`)
    })()
    return responder
  })

  await Promise.all(Array.from({length: clients}, async (_, id) => {
    const requester = new Request()
    requester.connect(frontAddress)
    for (let n = 0; n < requestsPerClient; n++) {
      await requester.send(`Hello ${id}.${n}`)
      const [reply] = await requester.receive()
      console.log(`Client ${id} received reply: ${reply}`)
    }
    requester.close()
  }))

  for (const responder of responders) responder.close()
  // The proxy ends and closes its two sockets.
  proxy.terminate()
  await running
  console.log("Broker: done")
}

void main()
