/**
 * The sockets under test: every socket type, classic and draft, bound under
 * every mechanism, and what a good client of each is. The server child and
 * the oracle both read this table, so they agree on types, credentials and
 * the way each pair exchanges a message.
 *
 * Exchanges (who sends the oracle's marker, and how its arrival is seen):
 *   echo     the good client sends, the server echoes it back to that client
 *   report   the good client sends, the server tells the fuzzer it arrived
 *   deliver  the server sends (asked by the fuzzer), the good client receives
 */

/** PLAIN credentials of the good clients (the fuzzer's PLAIN transcripts use them too, to get past the handshake). */
export const PLAIN_USERNAME = "fuzz"
export const PLAIN_PASSWORD = "fuzz-password"

/** The group of Radio/Dish exchanges and the topic prefix of every marker (a Subscriber server subscribes to it). */
export const ORACLE_GROUP = "oracle"
export const MARKER_PREFIX = "oracle:"

/**
 * `zmtp`: the type on the wire; `peer`: a type the server accepts as a peer;
 * `client`: the zmq-napi class of the good client; `draft`: from zmq-napi/draft.
 */
export const SOCKET_TYPES = {
  Pair: {zmtp: "PAIR", peer: "PAIR", client: "Pair", exchange: "echo"},
  Publisher: {zmtp: "PUB", peer: "SUB", client: "Subscriber", exchange: "deliver"},
  Subscriber: {zmtp: "SUB", peer: "PUB", client: "Publisher", exchange: "report"},
  Request: {zmtp: "REQ", peer: "REP", client: "Reply", exchange: "deliver"},
  Reply: {zmtp: "REP", peer: "REQ", client: "Request", exchange: "echo"},
  Dealer: {zmtp: "DEALER", peer: "DEALER", client: "Dealer", exchange: "echo"},
  Router: {zmtp: "ROUTER", peer: "DEALER", client: "Dealer", exchange: "echo"},
  Pull: {zmtp: "PULL", peer: "PUSH", client: "Push", exchange: "report"},
  Push: {zmtp: "PUSH", peer: "PULL", client: "Pull", exchange: "deliver"},
  XPublisher: {zmtp: "XPUB", peer: "SUB", client: "Subscriber", exchange: "deliver"},
  XSubscriber: {zmtp: "XSUB", peer: "PUB", client: "Publisher", exchange: "report"},
  Stream: {zmtp: "STREAM", peer: undefined, client: "Stream", exchange: "echo", raw: true},
  Server: {zmtp: "SERVER", peer: "CLIENT", client: "Client", exchange: "echo", draft: true},
  Client: {zmtp: "CLIENT", peer: "SERVER", client: "Server", exchange: "deliver", draft: true},
  Radio: {zmtp: "RADIO", peer: "DISH", client: "Dish", exchange: "deliver", draft: true},
  Dish: {zmtp: "DISH", peer: "RADIO", client: "Radio", exchange: "report", draft: true},
  Gather: {zmtp: "GATHER", peer: "SCATTER", client: "Scatter", exchange: "report", draft: true},
  Scatter: {zmtp: "SCATTER", peer: "GATHER", client: "Gather", exchange: "deliver", draft: true},
  Peer: {zmtp: "PEER", peer: "PEER", client: "Peer", exchange: "echo", draft: true},
  Channel: {zmtp: "CHANNEL", peer: "CHANNEL", client: "Channel", exchange: "echo", draft: true},
}

export const MECHANISMS = ["NULL", "PLAIN", "CURVE"]

/** The sockets of a campaign: `types` (default: all) under every mechanism; a STREAM socket speaks raw TCP, so NULL only. */
export function targetsOf(types = Object.keys(SOCKET_TYPES)) {
  const targets = []
  for (const type of types) {
    const spec = SOCKET_TYPES[type]
    if (!spec) throw new RangeError(`types: unknown socket type ${type} (known: ${Object.keys(SOCKET_TYPES).join(", ")})`)
    for (const mechanism of spec.raw ? ["NULL"] : MECHANISMS) {
      targets.push({name: `${type}/${mechanism}`, type, mechanism, ...spec})
    }
  }
  return targets
}
