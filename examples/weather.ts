// Weather updates: a publisher sends "zipcode temperature humidity" for a
// few zip codes; two subscribers each filter by their zip code's prefix and
// average what they get (the guide's wuserver and wuclient).
//
// A subscriber's filter reaches the publisher a moment after it connects,
// and a publisher drops what nobody has subscribed to yet. So the publisher
// here is an XPublisher, which also receives the subscriptions: it starts
// once both filters have arrived, and no update is lost.
import {Subscriber, XPublisher} from "zmq-napi"

const zipcodes = ["10001", "20002", "60601", "94103"]
const rounds = 100

/** A fixed pseudo-random sequence (a linear congruential generator), so every run prints the same. */
function* randomNumbers(seed: number): Generator<number> {
  for (let state = seed; ; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    yield state / 2 ** 31
  }
}

async function publish(publisher: XPublisher, subscribers: number): Promise<void> {
  for (let seen = 0; seen < subscribers; seen++) {
    const [subscription] = await publisher.receive()
    // \x01 subscribes, \x00 unsubscribes; the filter follows.
    console.log(`Publisher: a subscriber filters on "${subscription!.subarray(1).toString().trim()}"`)
  }
  const random = randomNumbers(42)
  for (let round = 0; round < rounds; round++) {
    for (const zipcode of zipcodes) {
      const temperature = Math.floor(random.next().value * 215) - 80
      const humidity = Math.floor(random.next().value * 50) + 10
      await publisher.send(`${zipcode} ${temperature} ${humidity}`)
    }
  }
}

async function subscribe(address: string, zipcode: string): Promise<void> {
  const subscriber = new Subscriber()
  subscriber.connect(address)
  // The trailing space keeps "10001" from also matching "100010".
  subscriber.subscribe(`${zipcode} `)
  let total = 0
  for (let count = 0; count < rounds; count++) {
    const [update] = await subscriber.receive()
    total += Number(update!.toString().split(" ")[1])
  }
  subscriber.close()
  console.log(`Average temperature for zipcode '${zipcode}' was ${(total / rounds).toFixed(1)}F`)
}

async function main(): Promise<void> {
  const publisher = new XPublisher()
  await publisher.bind("tcp://127.0.0.1:*")
  const subscribers = [subscribe(publisher.lastEndpoint!, "10001"), subscribe(publisher.lastEndpoint!, "94103")]
  await publish(publisher, subscribers.length)
  await Promise.all(subscribers)
  publisher.close()
}

void main()
