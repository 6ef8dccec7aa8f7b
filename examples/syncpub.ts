// Node coordination (the guide's syncpub and syncsub): the publisher waits
// until every subscriber has confirmed over Request/Reply that it is
// listening, then publishes 1000 updates and "END".
// No subscriber is a slow joiner that misses the start.
//
// The subscribers run in worker threads and connect over inproc://, where a
// connect hands the publisher its subscription at once: a subscriber that
// subscribed before it confirmed is known to the publisher by the time the
// confirmation arrives. (Over tcp:// a subscription and a confirmation travel
// on different connections, and either may arrive first; there, let the
// subscriber confirm only once a first message from the publisher reached it.)
import {isMainThread, Worker, workerData} from "node:worker_threads"
import {Publisher, Reply, Request, Subscriber} from "zmq-napi"

const subscribers = 3
const updates = 1000

async function subscriber(id: number): Promise<void> {
  const subscriber = new Subscriber()
  subscriber.connect("inproc://syncpub")
  subscriber.subscribe()

  const syncClient = new Request()
  syncClient.connect("inproc://sync")
  await syncClient.send("")
  await syncClient.receive()
  syncClient.close()

  let received = 0
  for await (const [update] of subscriber) {
    if (update!.toString() === "END") break
    received++
  }
  subscriber.close()
  console.log(`Subscriber ${id}: received ${received} updates`)
}

async function publisher(): Promise<void> {
  const publisher = new Publisher()
  await publisher.bind("inproc://syncpub")
  const syncService = new Reply()
  await syncService.bind("inproc://sync")

  const threads = Array.from({length: subscribers}, (_, id) => new Worker(__filename, {workerData: id}))
  for (let ready = 0; ready < subscribers; ready++) {
    await syncService.receive()
    await syncService.send("")
  }
  console.log(`Publisher: ${subscribers} subscribers are ready, broadcasting ${updates} updates`)
  for (let n = 0; n < updates; n++) await publisher.send("Rhubarb")
  await publisher.send("END")

  await Promise.all(threads.map(thread => new Promise(resolve => thread.once("exit", resolve))))
  publisher.close()
  syncService.close()
}

void (isMainThread ? publisher() : subscriber(workerData as number))
