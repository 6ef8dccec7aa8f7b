// Pub-sub message envelopes (the guide's psenvpub and psenvsub): the key is
// a frame of its own, before the content, so subscribers filter on the key
// without looking into the content.
import {Subscriber, XPublisher} from "zmq-napi"

async function main(): Promise<void> {
  const publisher = new XPublisher()
  await publisher.bind("tcp://127.0.0.1:*")
  const subscriber = new Subscriber()
  subscriber.connect(publisher.lastEndpoint!)
  subscriber.subscribe("B")
  // The XPublisher hears of the subscription: from now on nothing is lost.
  await publisher.receive()

  for (let n = 0; n < 3; n++) {
    await publisher.send(["A", "We don't want to see this"])
    await publisher.send(["B", "We would like to see this"])
  }
  for (let n = 0; n < 3; n++) {
    const [address, contents] = await subscriber.receive()
    console.log(`[${address}] ${contents}`)
  }
  subscriber.close()
  publisher.close()
}

void main()
