/**
 * The oracle: after each round, a good zmq-napi client of every socket under
 * attack must complete an exchange with it (targets.mjs says which). Every
 * wait has a deadline that names the socket and the step that stalled.
 */
import * as zmq from "../../dist/esm/index.mjs"
import * as draft from "../../dist/esm/draft.mjs"
import {Finding, withDeadline} from "./finding.mjs"
import {repeatUntil} from "./repeat.mjs"
import {MARKER_PREFIX, ORACLE_GROUP, PLAIN_PASSWORD, PLAIN_USERNAME} from "./targets.mjs"
import {EXCHANGE_DEADLINE_MS} from "./timing.mjs"

const clientKeys = zmq.curveKeyPair()

function clientOptions(target, serverKey) {
  const options = {linger: 0}
  if (target.mechanism === "PLAIN") Object.assign(options, {plainUsername: PLAIN_USERNAME, plainPassword: PLAIN_PASSWORD})
  if (target.mechanism === "CURVE") {
    Object.assign(options, {curveServerKey: serverKey, curvePublicKey: clientKeys.publicKey, curveSecretKey: clientKeys.secretKey})
  }
  // A REQ that may send again before an answer, so that its marker can be repeated.
  if (target.client === "Request") options.relaxed = true
  return options
}

/** The text of a received message, its Buffers only (draft sockets add a properties object). */
function textOf(message) {
  return Buffer.concat(message.filter(Buffer.isBuffer)).toString("latin1")
}

/**
 * Receives until a message contains `marker`. A Reply answers every other
 * request first: a REP receives again only after answering, and its first
 * request may be an earlier round's marker (a bound Request's sending loop
 * can still hold one for its next peer when the oracle stops it).
 */
async function receiveMarker(client, marker) {
  for (;;) {
    if (textOf(await client.receive()).includes(marker)) return
    if (client instanceof zmq.Reply) await client.send("")
  }
}

/** A connected good client, and how it sends a marker to the server. */
async function connectClient(target, endpoint, serverKey) {
  const Class = draft[target.client] ?? zmq[target.client]
  const client = new Class(clientOptions(target, serverKey))
  if (target.client === "Subscriber") client.subscribe(MARKER_PREFIX)
  if (target.client === "Dish") client.join(ORACLE_GROUP)
  if (target.client === "Peer") {
    const routingId = client.connectPeer(endpoint)
    return {client, send: marker => client.send(marker, {routingId})}
  }
  client.connect(endpoint)
  if (target.client === "Stream") {
    // A STREAM socket announces each connection with an empty message from its routing id.
    const [routingId] = await client.receive()
    return {client, send: marker => client.send([routingId, marker])}
  }
  if (target.client === "Radio") return {client, send: marker => client.send(marker, {group: ORACLE_GROUP})}
  return {client, send: marker => client.send(marker)}
}

export class Oracle {
  constructor(server) {
    this.server = server
    this.exchanges = 0
  }

  /** Checks every target at once; the first failure is the finding. */
  async check(targets, label) {
    await Promise.all(targets.map(target => this.exchange(target, `${MARKER_PREFIX}${label}:${target.name}`)))
  }

  async exchange(target, marker) {
    const endpoint = `tcp://127.0.0.1:${this.server.ports.get(target.name)}`
    const step = what => `${target.name}: ${what} (good ${target.client} client, ${target.exchange} exchange)`
    const {client, send} = await withDeadline(connectClient(target, endpoint, this.server.serverKey),
      EXCHANGE_DEADLINE_MS, step("connecting"))
    try {
      if (target.exchange === "deliver") {
        // The server's sending loop is not waited for: a send of it may wait for a peer until the next round's client.
        const delivery = this.server.deliver(target.name, marker)
        try {
          await withDeadline(receiveMarker(client, marker), EXCHANGE_DEADLINE_MS, step("receiving what the server sends"))
        } finally {
          this.server.stop(delivery)
        }
      } else {
        let arrived = false
        const arrival = target.exchange === "echo"
          ? receiveMarker(client, marker)
          : this.server.received(target.name, marker)
        arrival.then(() => { arrived = true }, () => {})
        // A send may wait for a peer for ever (a refused PAIR connection): the arrival decides, and close() ends the send.
        repeatUntil(() => send(marker), () => arrived).catch(() => {})
        await withDeadline(arrival, EXCHANGE_DEADLINE_MS,
          step(target.exchange === "echo" ? "receiving the echo" : "the server receiving"))
      }
      this.exchanges++
    } catch (error) {
      if (error instanceof Finding) throw error
      throw new Finding(step("failed"), error.stack)
    } finally {
      client.close()
    }
  }
}
