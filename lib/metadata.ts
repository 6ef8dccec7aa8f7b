/**
 * Received-message metadata: who sent a message. libzmq keeps, for every
 * connection, the properties its handshake established — the peer's
 * `Socket-Type`, its `Peer-Address`, the `User-Id` a ZAP
 * handler returned, and any property that handler returned or the peer sent
 * with `ZMQ_METADATA` — and attaches them to each message (`zmq_msg_gets`).
 *
 * Reading them costs a lookup per property per message, so a socket reads
 * them only when its `receiveMetadata` option asks; by default the receive
 * path never looks. They are recorded against the message (the array of
 * frames) that receive() resolves to, and `metadataOf(message)` returns them.
 */

/**
 * The properties libzmq itself sets on a connection; read whenever metadata is
 * on. Not "Routing-Id": libzmq 4.3.4 files the peer's routing id under the
 * ZMTP name "Identity" and looks "Identity" up as "Routing-Id", so neither
 * name finds it (a ROUTER has it as the message's first frame anyway).
 */
export const STANDARD_METADATA = ["Socket-Type", "Peer-Address", "User-Id"] as const

/**
 * The metadata of a received message's connection: the properties asked for
 * that the connection has (others are absent). Values are strings as libzmq
 * holds them; the object is frozen and may be shared by messages from the
 * same connection.
 */
export interface MessageMetadata {
  /** The peer's socket type, e.g. "DEALER" (every ZMTP 3 connection). */
  readonly "Socket-Type"?: string
  /** The peer's address: its IP for tcp://, absent for ipc:// without one. */
  readonly "Peer-Address"?: string
  /** The user id the ZAP handler returned for this connection (PLAIN, CURVE, NULL with a ZAP domain). */
  readonly "User-Id"?: string
  /** Further properties named in `receiveMetadata`: a ZAP handler's, or the peer's `X-` properties. */
  readonly [property: string]: string | undefined
}

/**
 * The `receiveMetadata` option of a socket: false (the default) reads none;
 * true reads the standard properties; a list of names reads those too.
 */
export type ReceiveMetadata = boolean | readonly string[]

const metadataByMessage = new WeakMap<object, MessageMetadata>()

/**
 * The metadata of a message that a socket with `receiveMetadata` received;
 * undefined for a message received without it, or that came over a
 * connection with no metadata (inproc://).
 */
export function metadataOf(message: readonly unknown[]): MessageMetadata | undefined {
  return metadataByMessage.get(message)
}

/** @internal Records a received message's metadata (src-native/metadata.h: one entry per message, undefined for none). */
export function recordMetadata(message: object, entry: MessageMetadata | undefined): void {
  if (entry !== undefined) metadataByMessage.set(message, entry)
}

/**
 * @internal The property names the native receive reads for an option value,
 * or undefined for none; a TypeError names the option for anything else.
 */
export function metadataNames(option: unknown): readonly string[] | undefined {
  if (option === false || option === undefined) return undefined
  if (option === true) return STANDARD_METADATA
  if (!Array.isArray(option) || !option.every(name => typeof name === "string" && name.length > 0)) {
    throw new TypeError("receiveMetadata must be a boolean or an array of property names")
  }
  return [...new Set([...STANDARD_METADATA, ...option as string[]])]
}
