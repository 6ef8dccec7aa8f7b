// Hello World: a Reply server and a Request client (the guide's hwserver and
// hwclient, in one program). The client sends "Hello" ten times; the server
// answers each with "World".
import {Reply, Request} from "zmq-napi"

async function server(responder: Reply): Promise<void> {
  for await (const [request] of responder) {
    console.log(`Received request: [${request}]`)
    await responder.send("World")
  }
}

async function client(address: string): Promise<void> {
  const requester = new Request()
  requester.connect(address)
  for (let n = 0; n < 10; n++) {
    await requester.send("Hello")
    const [reply] = await requester.receive()
    console.log(`Received reply ${n} [${reply}]`)
  }
  requester.close()
}

async function main(): Promise<void> {
  const responder = new Reply()
  await responder.bind("tcp://127.0.0.1:*")
  const serving = server(responder)
  await client(responder.lastEndpoint!)
  responder.close()
  await serving
}

void main()
