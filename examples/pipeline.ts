// Divide and conquer: a ventilator hands out tasks, three workers do them
// in parallel, a sink collects the results (the guide's taskvent, taskwork2
// and tasksink2). The ventilator tells the sink that a batch starts, and when
// the sink has every result it broadcasts KILL, which ends the workers.
//
// The workers listen for KILL on a Subscriber. The sink's control socket is
// an XPublisher that reports each worker's subscription: once all three have
// arrived, every worker will hear the KILL, so the batch may start (where the
// guide asks you to press Enter when the workers are ready).
import {setTimeout as work} from "node:timers/promises"
import {Poller, Pull, Push, Subscriber, XPublisher} from "zmq-napi"

const workers = 3
const tasks = 30

interface Addresses {
  ventilator: string
  sink: string
  control: string
}

async function worker(id: number, addresses: Addresses): Promise<void> {
  const receiver = new Pull()
  receiver.connect(addresses.ventilator)
  const sender = new Push()
  sender.connect(addresses.sink)
  const controller = new Subscriber()
  controller.connect(addresses.control)
  controller.subscribe()

  // Wait for a task or the kill signal, whichever comes first.
  const poller = new Poller<Pull | Subscriber>().add(receiver).add(controller)
  let done = 0
  for (;;) {
    const ready = await poller.wait()
    if (ready.some(({socket}) => socket === controller)) break
    const [workload] = await receiver.receive()
    await work(Number(workload))  // the "work": wait for as many milliseconds
    await sender.send(String(id))
    done++
  }
  for (const socket of [receiver, sender, controller]) socket.close()
  console.log(`Worker ${id}: killed after ${done} tasks`)
}

async function sink(receiver: Pull, control: XPublisher): Promise<void> {
  const [start] = await receiver.receive()
  console.log(`Sink: batch ${start} started`)
  for (let result = 0; result < tasks; result++) await receiver.receive()
  console.log(`Sink: received all ${tasks} results`)
  await control.send("KILL")
}

async function ventilator(sender: Push, sinkAddress: string): Promise<void> {
  // The start of the batch goes to the sink directly.
  const toSink = new Push()
  toSink.connect(sinkAddress)
  await toSink.send("0")
  toSink.close()

  let expected = 0
  for (let task = 0; task < tasks; task++) {
    const workload = (task % 5) + 1  // milliseconds
    expected += workload
    await sender.send(String(workload))
  }
  console.log(`Ventilator: sent ${tasks} tasks, total expected cost ${expected} msec`)
}

async function main(): Promise<void> {
  const sender = new Push()
  await sender.bind("tcp://127.0.0.1:*")
  const receiver = new Pull()
  await receiver.bind("tcp://127.0.0.1:*")
  // "allSubs": report every worker's subscription, not only the first of each filter.
  const control = new XPublisher({verbosity: "allSubs"})
  await control.bind("tcp://127.0.0.1:*")
  const addresses = {ventilator: sender.lastEndpoint!, sink: receiver.lastEndpoint!, control: control.lastEndpoint!}

  const running = Array.from({length: workers}, (_, id) => worker(id, addresses))
  for (let ready = 0; ready < workers; ready++) await control.receive()

  await Promise.all([sink(receiver, control), ventilator(sender, addresses.sink)])
  await Promise.all(running)
  for (const socket of [sender, receiver, control]) socket.close()
}

void main()
