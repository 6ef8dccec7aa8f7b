// Type-checked with tsc --strict (no skipLibCheck) under moduleResolution node16 (as an ES
// module) and bundler: the package's declarations resolve for every entry point and type real use.
import zmq, {Context, Dealer, Observer, Poller, Proxy, Router, curveKeyPair, type Event} from "zmq-napi"
import compat from "zmq-napi/compat"
import {Dish, Radio, Server} from "zmq-napi/draft"

const context: Context = new Context({blocky: false})
const dealer = new Dealer({context, routingId: "d1", linger: 0})
const router = new zmq.Router({context})
const observer: Observer = dealer.events
observer.on("connect", (event) => {
  const address: string = event.address
  void address
})
const keys: {publicKey: string; secretKey: string} = curveKeyPair()
const proxy = new Proxy(new Router(), new zmq.Dealer())
const poller = new Poller()
void [router, keys, proxy, poller]

async function use(): Promise<void> {
  await router.bind("tcp://127.0.0.1:*")
  dealer.connect(router.lastEndpoint ?? "")
  await dealer.send(["a", Buffer.alloc(1)])
  const [id, body]: Buffer[] = await router.receive()
  void [id, body]
  for await (const event of dealer.events) {
    const e: Event = event
    if (e.type === "end") break
  }
}
void use

async function drafts(): Promise<void> {
  const server = new Server()
  const [message, {routingId}] = await server.receive()
  await server.send(message, {routingId})
  const dish = new Dish()
  dish.join("weather")
  const [, {group}] = await dish.receive()
  await new Radio().send("sunny", {group})
}
void drafts

const legacy = compat.socket("dealer")
legacy.on("message", (...frames: Buffer[]) => void frames)
legacy.close()
