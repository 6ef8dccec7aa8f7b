/**
 * Context.close() with everything in flight at once, in a child process:
 * receives waiting on sockets of many types (classic and draft), sends
 * waiting at the high-water mark, a running Proxy, observers (both modes), a
 * Poller wait, and an Authenticator whose async callback still decides a
 * handshake. Every promise settles once, with ETERM (or `end` for an
 * observer), every callback fires once, and the child then exits 0 by itself.
 *
 * The child writes what settled, and how, when it exits: by then whatever
 * will ever settle has settled, and anything that fired twice shows twice.
 * Legacy sockets are not here: they live in the default context only
 * (lib/compat/context.ts), which cannot be closed.
 */
import * as path from "node:path"
import {expect, it} from "vitest"
import {packageRoot, runChild} from "../../helpers"
import {PEER_TIMEOUT_MS} from "./support"

const draft = JSON.stringify(path.join(packageRoot, "dist/cjs/draft.js"))

const child = `
  const draft = require(${draft})
  const outcomes = {}
  const record = (name, outcome) => (outcomes[name] ??= []).push(outcome)
  const settles = (name, promise) =>
    promise.then(() => record(name, "resolved"), error => record(name, error.code ?? String(error)))
  process.on("exit", () => console.log(JSON.stringify(outcomes)))

  const context = new zmq.Context()
  const at = (Type, options = {}) => new Type({context, ...options})
  const tcp = "tcp://127.0.0.1:*"

  ;(async () => {
    // Receives with nothing to read, one socket of each type.
    const receivers = {
      Pull: zmq.Pull, Dealer: zmq.Dealer, Router: zmq.Router, Subscriber: zmq.Subscriber, Pair: zmq.Pair,
      Reply: zmq.Reply, XSubscriber: zmq.XSubscriber, Server: draft.Server, Gather: draft.Gather, Peer: draft.Peer,
    }
    for (const [name, Type] of Object.entries(receivers)) {
      const socket = at(Type)
      await socket.bind(tcp)
      settles(name + " receive", socket.receive())
    }
    const client = at(draft.Client)
    client.connect("inproc://nobody")
    settles("Client receive", client.receive())
    const dish = at(draft.Dish)
    dish.join("group")
    await dish.bind("udp://127.0.0.1:*")
    settles("Dish receive", dish.receive())
    // A Request whose request went out, waiting for the reply.
    const request = at(zmq.Request, {linger: 0})
    request.connect("tcp://127.0.0.1:1")
    await request.send("question")
    settles("Request receive", request.receive())

    // Sends waiting at the high-water mark: inproc to a reader that never reads.
    const filled = async (name, Sender, Receiver) => {
      const sender = at(Sender, {sendHighWaterMark: 1})
      const receiver = at(Receiver, {receiveHighWaterMark: 1})
      await receiver.bind("inproc://" + name)
      sender.connect("inproc://" + name)
      while (sender.writable) await sender.send("fill")
      settles(name + " send", sender.send("one too many"))
    }
    await filled("Push", zmq.Push, zmq.Pull)
    await filled("Scatter", draft.Scatter, draft.Gather)

    // A running proxy.
    const frontEnd = at(zmq.Router)
    const backEnd = at(zmq.Dealer)
    await frontEnd.bind(tcp)
    await backEnd.bind(tcp)
    settles("Proxy run", new zmq.Proxy(frontEnd, backEnd).run())

    // Observers: one waiting in receive(), one in event emitter mode; each ends once.
    const observed = at(zmq.Pair)
    ;(async () => {
      for (;;) {
        const event = await observed.events.receive()
        if (event.type === "end") return record("Observer receive", "end")
      }
    })().catch(error => record("Observer receive", error.code))
    const emitting = at(zmq.Pair)
    emitting.events.on("end", () => record("Observer emitter", "end"))

    // A poller wait.
    const polled = at(zmq.Pull)
    await polled.bind(tcp)
    settles("Poller wait", new zmq.Poller().add(polled).wait())

    // A PLAIN handshake that the authenticator's async callback is still deciding.
    let release
    let called
    const calling = new Promise(resolve => { called = resolve })
    const authenticator = new zmq.Authenticator({context, onError: error => record("onError", String(error))})
      .configureCallback("*", () => {
        record("ZAP callback", "called")
        called()
        return new Promise(resolve => { release = resolve })
      })
      .start()
    const server = at(zmq.Pull, {plainServer: true})
    await server.bind(tcp)
    settles("PLAIN server receive", server.receive())
    const plainClient = at(zmq.Push, {plainUsername: "user", plainPassword: "secret"})
    plainClient.connect(server.lastEndpoint)
    await calling

    context.close()
    record("closed", context.closed && !authenticator.running)
    // The callback decides after the close: the answer has nowhere to go, and that is no error.
    release(true)
  })().catch(error => { console.error(error); process.exitCode = 2 })
`

it("closes with everything in flight: each promise settles once (ETERM), each callback fires once, exit 0", async () => {
  const result = await runChild(child, {timeoutMs: PEER_TIMEOUT_MS})
  expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
  const once = (outcome: string | boolean) => [outcome]
  expect(JSON.parse(result.stdout)).toEqual({
    "Pull receive": once("ETERM"),
    "Dealer receive": once("ETERM"),
    "Router receive": once("ETERM"),
    "Subscriber receive": once("ETERM"),
    "Pair receive": once("ETERM"),
    "Reply receive": once("ETERM"),
    "XSubscriber receive": once("ETERM"),
    "Server receive": once("ETERM"),
    "Gather receive": once("ETERM"),
    "Peer receive": once("ETERM"),
    "Client receive": once("ETERM"),
    "Dish receive": once("ETERM"),
    "Request receive": once("ETERM"),
    "Push send": once("ETERM"),
    "Scatter send": once("ETERM"),
    "Proxy run": once("ETERM"),
    "Observer receive": once("end"),
    "Observer emitter": once("end"),
    "Poller wait": once("ETERM"),
    "PLAIN server receive": once("ETERM"),
    "ZAP callback": once("called"),
    "closed": once(true),
  })
}, PEER_TIMEOUT_MS)
