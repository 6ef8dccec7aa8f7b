/**
 * The server under attack, run as a child process of the fuzzer (so that a
 * crash shows as its exit signal): one bound socket per target of
 * targets.mjs, each serving its good clients (echo, report or deliver), and
 * the fuzzer's questions over the IPC channel.
 *
 * argv[2]: the JSON list of socket types. Messages:
 *   to the fuzzer:   {ready: [{name, port}], serverKey}   {received: name, text}   {id, rss}
 *   from the fuzzer: {op: "deliver", id, name, marker}    {op: "stop", id}   {op: "memory", id}   {op: "exit"}
 */
import * as zmq from "../../dist/esm/index.mjs"
import * as draft from "../../dist/esm/draft.mjs"
import {repeatUntil} from "./repeat.mjs"
import {MARKER_PREFIX, ORACLE_GROUP, PLAIN_PASSWORD, PLAIN_USERNAME, targetsOf} from "./targets.mjs"
import {SERVER_OPTIONS} from "./timing.mjs"

const serverKeys = zmq.curveKeyPair()
const authenticator = new zmq.Authenticator()
  .configurePlain("*", {[PLAIN_USERNAME]: PLAIN_PASSWORD})
  .configureCurve("*", zmq.CURVE_ALLOW_ANY)
  .start()

const mechanismOptions = {
  NULL: {},
  PLAIN: {plainServer: true},
  CURVE: {curveServer: true, curveSecretKey: serverKeys.secretKey},
}

/**
 * An echo that cannot leave at once is dropped (EAGAIN) rather than waited
 * for: the echoing loop must never stop reading. A PAIR or CHANNEL takes a new
 * peer only once its old pipe has ended, and a pipe whose peer has gone ends
 * only after the socket has read every message left in it (libzmq delays the
 * end of a socket's pipe until its delimiter is read). An echo waiting for a
 * writable pipe while garbage messages of a gone peer sit unread in the only
 * one would refuse every later peer for ever. The oracle repeats its marker,
 * so a dropped echo only delays it.
 */
const ECHO_OPTIONS = {sendTimeout: 0}

const sockets = new Map()
const ready = []
for (const target of targetsOf(JSON.parse(process.argv[2]))) {
  const Class = target.draft ? draft[target.type] : zmq[target.type]
  const socket = new Class({...SERVER_OPTIONS, ...(target.raw ? {} : mechanismOptions[target.mechanism]),
    ...(target.type === "Request" ? {relaxed: true} : {}), ...(target.exchange === "echo" ? ECHO_OPTIONS : {})})
  await socket.bind("tcp://127.0.0.1:*")
  prepare(socket, target.type)
  sockets.set(target.name, socket)
  if (target.exchange !== "deliver") void serve(socket, target)
  // What a sending server's peers send it (an XPUB's subscriptions, a REQ's answers) is read and dropped, so it cannot pile up.
  else if (typeof socket.receive === "function") void drain(socket)
  const endpoint = socket.lastEndpoint
  ready.push({name: target.name, port: Number(endpoint.slice(endpoint.lastIndexOf(":") + 1))})
}

/** What a receiving server needs before a good client's marker can arrive. */
function prepare(socket, type) {
  if (type === "Subscriber") socket.subscribe(MARKER_PREFIX)
  if (type === "XSubscriber") void socket.send(Buffer.concat([Buffer.from([1]), Buffer.from(MARKER_PREFIX)]))
  if (type === "Dish") socket.join(ORACLE_GROUP)
}

/** Echoes or reports what arrives, garbage included (echoes to peers that are gone are dropped by libzmq). */
async function serve(socket, target) {
  await untilClosed(socket, async () => {
    const message = await socket.receive()
    if (target.exchange !== "report") return echo(socket, target.type, message)
    const text = Buffer.concat(message.filter(Buffer.isBuffer)).toString("latin1")
    if (text.includes(MARKER_PREFIX)) process.send({received: target.name, text})
  })
}

function drain(socket) {
  return untilClosed(socket, () => socket.receive())
}

/** Runs `step` again and again until the socket is closed (which fails what it waits for: the end, not an error). */
async function untilClosed(socket, step) {
  try {
    for (;;) await step()
  } catch (error) {
    if (!socket.closed) throw error
  }
}

async function echo(socket, type, message) {
  switch (type) {
    case "Server":
    case "Peer":
      // [body, {routingId}]: back to the sender.
      await socket.send(message[0], {routingId: message[1].routingId}).catch(ignoreUndeliverable)
      return
    case "Channel":
      await socket.send(message[0]).catch(ignoreUndeliverable)
      return
    case "Stream":
      // [routing id, data]; empty data is a connection or disconnection notice.
      if (message[1]?.length) await socket.send(message).catch(ignoreUndeliverable)
      return
    default:
      await socket.send(message).catch(ignoreUndeliverable)
  }
}

/** An echo to a peer that is gone (EHOSTUNREACH) or that cannot take it now (EAGAIN, see ECHO_OPTIONS) is dropped. */
function ignoreUndeliverable(error) {
  if (error.code !== "EHOSTUNREACH" && error.code !== "EAGAIN") throw error
}

/** Sends `marker` once, as a `type` server does. */
function deliverOnce(socket, type, marker) {
  return type === "Radio" ? socket.send(marker, {group: ORACLE_GROUP}) : socket.send(marker)
}

const deliveries = new Map()
process.on("message", async request => {
  switch (request.op) {
    case "deliver": {
      const delivery = {stopped: false}
      deliveries.set(request.id, delivery)
      const socket = sockets.get(request.name)
      const type = request.name.slice(0, request.name.indexOf("/"))
      try {
        await repeatUntil(() => deliverOnce(socket, type, request.marker), () => delivery.stopped)
      } catch (error) {
        // A send still waiting for a peer when "exit" closes the socket fails: the end, not an error.
        if (!socket.closed) throw error
      }
      deliveries.delete(request.id)
      return
    }
    case "stop": {
      const delivery = deliveries.get(request.id)
      if (delivery) delivery.stopped = true
      return
    }
    case "memory":
      // After a full collection, what is left is what the process holds: libzmq's memory and ours.
      globalThis.gc()
      process.send({id: request.id, rss: process.memoryUsage().rss})
      return
    case "exit":
      for (const socket of sockets.values()) socket.close()
      authenticator.stop()
      process.disconnect()
      return
  }
})

process.send({ready, serverKey: serverKeys.publicKey})
