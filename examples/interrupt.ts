// Handling Ctrl-C cleanly (the guide's interrupt): on SIGINT the server
// closes its socket, which ends its receive loop, and the process exits by
// itself with nothing left open. So that the example ends on its own, it
// sends itself the SIGINT once it has served a request; press Ctrl-C instead
// in a real server.
import {Reply, Request} from "zmq-napi"

async function main(): Promise<void> {
  const server = new Reply()
  await server.bind("tcp://127.0.0.1:*")
  process.once("SIGINT", () => {
    console.log("W: interrupt received, closing the server...")
    server.close()
  })

  const client = new Request()
  client.connect(server.lastEndpoint!)
  void client.send("Hello").then(() => client.receive()).then(([reply]) => {
    console.log(`Client: received [${reply}]`)
    client.close()
    process.kill(process.pid, "SIGINT")
  })

  // Ends when the socket is closed.
  for await (const [request] of server) {
    console.log(`Server: received [${request}]`)
    await server.send("World")
  }
  console.log("Server: closed cleanly")
}

void main()
