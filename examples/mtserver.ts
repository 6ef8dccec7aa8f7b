// A multithreaded server (the guide's mtserver): a Router takes the clients'
// requests over tcp and a Proxy hands them to Reply workers, each in a
// worker thread of its own, through a Dealer bound on inproc://. The
// process-wide default context is shared by every thread, so inproc://
// reaches across threads.
import {isMainThread, parentPort, Worker} from "node:worker_threads"
import {Dealer, Proxy, Reply, Request, Router} from "zmq-napi"

const workerAddress = "inproc://workers"
const threads = 3
const requests = 10

/** In each worker thread: answer requests until the main thread says stop. */
async function serve(): Promise<void> {
  const responder = new Reply()
  responder.connect(workerAddress)
  parentPort!.once("message", () => responder.close())
  parentPort!.postMessage("ready")
  for await (const [request] of responder) await responder.send(`World (for ${request})`)
}

async function main(): Promise<void> {
  const proxy = new Proxy(new Router(), new Dealer())
  await proxy.frontEnd.bind("tcp://127.0.0.1:*")
  await proxy.backEnd.bind(workerAddress)
  // Once it runs, the proxy owns its sockets: read the address first.
  const address = proxy.frontEnd.lastEndpoint!
  const running = proxy.run()

  const workers = Array.from({length: threads}, () => new Worker(__filename))
  await Promise.all(workers.map(worker => new Promise(resolve => worker.once("message", resolve))))

  const requester = new Request()
  requester.connect(address)
  for (let n = 0; n < requests; n++) {
    await requester.send(`Hello ${n}`)
    const [reply] = await requester.receive()
    console.log(`Received reply ${n} [${reply}]`)
  }
  requester.close()

  for (const worker of workers) worker.postMessage("stop")
  await Promise.all(workers.map(worker => new Promise(resolve => worker.once("exit", resolve))))
  proxy.terminate()
  await running
  console.log(`Server: ${threads} worker threads stopped`)
}

void (isMainThread ? main() : serve())
