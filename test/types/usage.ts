/**
 * A program written against `zeromq` v6's declarations, the way its README
 * and API documentation use each public export. It must compile unchanged
 * against zmq-napi (tsconfig.json) and, to show it uses zeromq's shapes and
 * not ours, against zeromq's own declarations (tsconfig.zeromq.json): the
 * module name "zeromq-under-test" is mapped to one or the other.
 *
 * Never run, only compiled.
 */
import * as zmq from "zeromq-under-test"
import {
  capability, Context, context, curveKeyPair, Dealer, Observer, Pair, Proxy, Publisher, Pull, Push, Reply, Request, Router,
  Socket, Stream, Subscriber, version, XPublisher, XSubscriber,
} from "zeromq-under-test"
import type {
  Event, EventOfType, EventType, Message, MessageLike, Readable, RouterConnectOptions, SocketOptions,
  StreamConnectOptions, Writable,
} from "zeromq-under-test"

export async function producerConsumer(): Promise<void> {
  const sock = new zmq.Push()
  await sock.bind("tcp://127.0.0.1:3000")
  await sock.send("some work")

  const worker = new zmq.Pull()
  worker.connect("tcp://127.0.0.1:3000")
  for await (const [msg] of worker) {
    const text: string = msg!.toString()
    console.log("work: %s", text)
  }
}

export async function pubSub(): Promise<void> {
  const pub = new Publisher()
  await pub.bind("tcp://127.0.0.1:3001")
  await pub.send(["kitty cats", "meow!"])
  await pub.send(["numbers", 42])

  const sub = new Subscriber()
  sub.connect("tcp://127.0.0.1:3001")
  sub.subscribe("kitty cats")
  sub.unsubscribe()
  for await (const [topic, msg] of sub) {
    console.log("received a message related to:", topic, "containing message:", msg)
  }
}

export async function reqRep(): Promise<void> {
  const reply = new Reply()
  await reply.bind("tcp://127.0.0.1:3002")
  for await (const [msg] of reply) {
    await reply.send(2 * parseInt(msg!.toString(), 10))
  }
  const request = new Request({routingId: "client", receiveTimeout: 1000})
  request.connect("tcp://127.0.0.1:3002")
  await request.send("4")
  const [result]: Message[] = await request.receive()
  console.log(result)
}

export async function everySocket(): Promise<void> {
  const ctx = new Context({ioThreads: 2, blocky: false, maxSockets: 1024, ipv6: false})
  const limit: number = ctx.maxSocketsLimit
  ctx.maxMessageSize = 1024
  const options: SocketOptions<Dealer> = {context: ctx, linger: 0, routingId: "dealer", sendHighWaterMark: 10}
  const dealer = new Dealer(options)
  const routingId: string | null = dealer.routingId
  const router = new Router({mandatory: true, handover: true, linger: 0})
  const connectOptions: RouterConnectOptions = {routingId: "peer"}
  router.connect("tcp://127.0.0.1:3003", connectOptions)
  const stream = new Stream({notify: true})
  const streamOptions: StreamConnectOptions = {routingId: "raw"}
  stream.connect("tcp://127.0.0.1:3004", streamOptions)
  await stream.send(["raw", "bytes"])
  const pair = new Pair({context})
  const xpub = new XPublisher({noDrop: true, manual: false, welcomeMessage: "hello", invertMatching: false})
  xpub.verbosity = "allSubs"
  xpub.verbosity = null
  const xsub = new XSubscriber()
  await xsub.send(Buffer.from([1]))
  const pub = new Publisher({conflate: true, noDrop: false})
  const push = new Push({sendTimeout: 0, conflate: true})
  const pull = new Pull({receiveHighWaterMark: 5})

  const endpoint: string | null = dealer.lastEndpoint
  const mechanism: null | "plain" | "curve" | "gssapi" = dealer.securityMechanism
  const type: number = dealer.type
  const proxy: string | null = dealer.socksProxy
  const domain: string | null = dealer.zapDomain
  dealer.zapDomain = "global"
  dealer.plainUsername = "user"
  dealer.curveServer = false
  if (capability.curve) {
    const {publicKey, secretKey} = curveKeyPair()
    dealer.curvePublicKey = publicKey
    dealer.curveSecretKey = secretKey
    dealer.curveServerKey = publicKey
  }
  const readyToRead: boolean = dealer.readable && dealer.writable && !dealer.closed
  const sameContext: Context = dealer.context
  dealer.bindSync("inproc://sync")
  dealer.unbindSync("inproc://sync")
  await dealer.unbind("inproc://none").catch(() => undefined)
  dealer.disconnect("inproc://none")
  const message: MessageLike[] = [null, "text", 1, Buffer.alloc(1), new Uint8Array(1), new ArrayBuffer(1)]
  await dealer.send(message)
  const frames: Message[] = await dealer.receive()

  const generic: Socket = dealer
  const writable: Writable = push
  const readable: Readable = pull
  // The generic forms zeromq v6 declares: the message shape and the arguments after it.
  const typedWritable: Writable<MessageLike[], []> = push
  const typedReadable: Readable<Message[]> = pull
  const pairs = async (socket: Readable<[Message, Message]>): Promise<Buffer> => (await socket.receive())[1]
  void [typedWritable, typedReadable, pairs]
  const all: Socket[] = [dealer, router, stream, pair, xpub, xsub, pub, push, pull]
  for (const socket of all) socket.close()
  console.log(limit, routingId, endpoint, mechanism, type, proxy, domain, readyToRead, sameContext, frames,
              generic, writable, readable, version.length)
}

export async function events(): Promise<void> {
  const socket = new Dealer()
  socket.events.on("bind", event => {
    const address: string = event.address
    console.log(`Socket bound to ${address}`)
  })
  socket.events.on("connect:retry", (event: EventOfType<"connect:retry">) => {
    const interval: number = event.interval
    console.log(interval)
  })
  socket.events.on("handshake:error:auth", event => {
    const status: 300 | 400 | 500 = event.error.status
    console.log(status)
  })
  socket.events.off("bind", () => undefined)

  const observer = new Observer(socket)
  for await (const event of observer) {
    const type: EventType = event.type
    switch (event.type) {
      case "bind:error":
        console.log(event.address, event.error.code, event.error.errno)
        break
      case "handshake:error:protocol":
        console.log(event.error.code)
        break
      case "end":
        break
      default:
        console.log(type)
    }
  }
  const next: Event = await socket.events.receive()
  console.log(next, socket.events.closed)
  socket.events.close()
}

export async function proxy(): Promise<void> {
  const frontEnd = new Router()
  const backEnd = new Dealer()
  const p = new Proxy(frontEnd, backEnd)
  const front: Router = p.frontEnd
  const back: Dealer = p.backEnd
  await front.bind("tcp://*:3005")
  await back.bind("tcp://*:3006")
  const done: Promise<void> = p.run()
  p.pause()
  p.resume()
  p.terminate()
  await done
  const untyped: Proxy = new Proxy(new Pull(), new Push())
  console.log(untyped)
}
