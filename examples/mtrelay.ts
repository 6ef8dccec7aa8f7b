// Signalling between threads with Pair sockets over inproc:// (the guide's
// mtrelay): step 1 tells step 2 it is ready, step 2 tells step 3 (the main
// thread). Each step runs in a thread of its own; the default context is
// shared by every thread, so inproc:// reaches across them. The signal
// collects the steps it passed, and the main thread prints it (output from
// several threads would interleave in no fixed order).
import {isMainThread, Worker, workerData} from "node:worker_threads"
import {Pair} from "zmq-napi"

async function step1(): Promise<void> {
  const xmitter = new Pair()
  xmitter.connect("inproc://step2")
  await xmitter.send("step 1 ready")
  xmitter.close()
}

async function step2(): Promise<void> {
  const receiver = new Pair()
  await receiver.bind("inproc://step2")
  const first = new Worker(__filename, {workerData: "step1"})
  const [signal] = await receiver.receive()
  receiver.close()

  const xmitter = new Pair()
  xmitter.connect("inproc://step3")
  await xmitter.send(`${signal}, step 2 ready`)
  xmitter.close()
  await new Promise(resolve => first.once("exit", resolve))
}

async function step3(): Promise<void> {
  const receiver = new Pair()
  await receiver.bind("inproc://step3")
  const second = new Worker(__filename, {workerData: "step2"})
  const [signal] = await receiver.receive()
  receiver.close()
  console.log(`Signal received: ${signal}`)
  await new Promise(resolve => second.once("exit", resolve))
  console.log("Test successful!")
}

void (isMainThread ? step3() : workerData === "step2" ? step2() : step1())
