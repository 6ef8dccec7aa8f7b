// A slow subscriber and the high-water mark: a publisher never waits for its
// subscribers. When one falls behind, its queue fills up to the high-water
// mark and what comes after is dropped, for that subscriber only. Numbered
// updates let the subscriber see what it missed (as in the guide's
// "suicidal snail", which then gives up rather than go on with a gap).
import {Subscriber, XPublisher} from "zmq-napi"

const updates = 10_000

async function main(): Promise<void> {
  // Over inproc:// the queue between the two holds sendHighWaterMark +
  // receiveHighWaterMark messages.
  const publisher = new XPublisher({sendHighWaterMark: 100})
  await publisher.bind("inproc://updates")
  const subscriber = new Subscriber({receiveHighWaterMark: 100})
  subscriber.connect("inproc://updates")
  subscriber.subscribe()
  await publisher.receive()

  // The subscriber is busy elsewhere while all of these are published.
  for (let n = 0; n < updates; n++) await publisher.send(String(n))
  console.log(`Publisher: published ${updates} updates without waiting`)

  const kept: number[] = []
  while (subscriber.readable) {
    for (const [update] of await subscriber.receiveBatch()) kept.push(Number(update!.toString()))
  }
  const gapAfter = kept.findIndex((number, index) => number !== index)
  console.log(`Subscriber: kept updates 0 to ${kept.length - 1} (${kept.length} of ${updates}), ` +
    `${gapAfter === -1 ? "in order without a gap" : `a gap after ${gapAfter}`}; ` +
    `${updates - kept.length} were dropped at the high-water mark`)
  console.log("Subscriber: too slow for this publisher, giving up")
  subscriber.close()
  publisher.close()
}

void main()
