// Reading from several sockets at once (the guide's mspoller): one Poller
// waits on a task Pull and a weather Subscriber, and the program handles
// whichever has a message, until it has had all of both.
import {Poller, Pull, Push, Subscriber, XPublisher} from "zmq-napi"

const count = 5

async function main(): Promise<void> {
  const ventilator = new Push()
  await ventilator.bind("tcp://127.0.0.1:*")
  const weatherServer = new XPublisher()
  await weatherServer.bind("tcp://127.0.0.1:*")

  const receiver = new Pull()
  receiver.connect(ventilator.lastEndpoint!)
  const subscriber = new Subscriber()
  subscriber.connect(weatherServer.lastEndpoint!)
  subscriber.subscribe("10001 ")
  // The XPublisher hears of the subscription: from now on no update is lost.
  await weatherServer.receive()

  for (let n = 0; n < count; n++) {
    await ventilator.send(`task ${n}`)
    await weatherServer.send(`10001 ${20 + n} ${50 + n}`)
  }

  const poller = new Poller<Pull | Subscriber>().add(receiver).add(subscriber)
  let tasks = 0
  let updates = 0
  while (tasks < count || updates < count) {
    for (const {socket} of await poller.wait()) {
      const [message] = await socket.receive()
      if (socket === receiver) {
        tasks++
        console.log(`Process task: ${message}`)
      } else {
        updates++
        console.log(`Process weather update: ${message}`)
      }
    }
  }
  for (const socket of [ventilator, weatherServer, receiver, subscriber]) socket.close()
}

void main()
