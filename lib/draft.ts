/**
 * zmq-napi/draft: libzmq's draft socket types. The classes of `zeromq/draft`
 * (Server, Client, Radio, Dish, Gather, Scatter, Datagram) with their shapes,
 * plus Peer and Channel, which `zeromq` v6 lacks.
 *
 * All but Datagram are thread-safe sockets in libzmq: they have no ZMQ_FD
 * (the native layer polls them through libzmq's poller,
 * src-native/thread_safe_signal.h) and no multipart messages, so a message is
 * one frame; sending more is a TypeError. Instead, messages carry properties:
 * the peer's routing id (Server, Peer) or a group (Radio, Dish), given with
 * `send(message, {routingId})` / `send(message, {group})` and received as the
 * element after the frame: `const [frame, {routingId}] = await server.receive()`.
 *
 * Importing this module always works. Where libzmq was built without draft
 * APIs (a system libzmq, `npm_config_zmq_shared`), constructing one of these
 * sockets throws an ENOTSUP error that says so.
 */
import {draftSocketTypes, GROUP_MAX_LENGTH} from "./constants"
import {codeError} from "./errors"
import type {Message, MessageLike} from "./message"
import {binding, capability} from "./native"
import type {SocketOptionProperties, SocketOptionsFor, SocketTypeName} from "./option-table"
import {
  connectPeer, defineSocketOptions, type MessageProperties, type SendOptions, Socket, type SocketOptions,
  usableNativeSocket,
} from "./socket"
import {defineReadable, type Readable, setUp, type Writable} from "./socket-types"

type Options<S extends SocketTypeName> = SocketOptions & SocketOptionsFor<S>

/** The routing id of a Server's or Peer's peer: where a message goes, or where it came from. */
export interface ServerRoutingOptions {
  routingId: number
}

/** A Radio's message group. */
export interface RadioGroupOptions {
  group: Buffer | string
}

/** The group a Dish received a message under. */
export interface DishGroupOptions {
  group: Buffer
}

/** A thread-safe socket's message: one frame (an array of one is accepted too). */
type Single = MessageLike | [MessageLike]

/** The socket type number, once it is known that this libzmq has draft sockets. */
function draftType(name: keyof typeof draftSocketTypes, className: string): number {
  if (!capability.draft) {
    throw codeError("ENOTSUP",
      `${className} is a draft socket type, and this libzmq (${binding.version}) was built without draft APIs ` +
      "(capability.draft is false): build zmq-napi with its bundled libzmq (without npm_config_zmq_shared) to use it")
  }
  return draftSocketTypes[name]
}

function checkSendOptions(options: unknown, property: string): Record<string, unknown> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`options must be an object with ${property}, got ${options === null ? "null" : typeof options}`)
  }
  return options as Record<string, unknown>
}

/** The properties of a Server's or Peer's send: a routing id libzmq gave a peer (never 0). */
function routed(options: unknown): MessageProperties {
  const {routingId} = checkSendOptions(options, "routingId")
  if (typeof routingId !== "number" || !Number.isInteger(routingId)) {
    throw new TypeError(`options.routingId must be an integer, got ${typeof routingId}`)
  }
  if (routingId < 1 || routingId > 0xffffffff) {
    throw new RangeError(`options.routingId must be between 1 and ${0xffffffff}, got ${routingId}`)
  }
  return {routingId}
}

/** A group name: a string or bytes, at most GROUP_MAX_LENGTH bytes and no NUL (libzmq keeps it as a C string). */
function checkGroup(group: unknown, name: string): string | Uint8Array {
  if (typeof group !== "string" && !(group instanceof Uint8Array)) {
    throw new TypeError(`${name} must be a string or a Buffer, got ${group === null ? "null" : typeof group}`)
  }
  const bytes = typeof group === "string" ? Buffer.from(group) : group
  if (bytes.byteLength > GROUP_MAX_LENGTH) {
    throw new RangeError(`${name} must be at most ${GROUP_MAX_LENGTH} bytes, got ${bytes.byteLength}`)
  }
  if (bytes.includes(0)) throw new TypeError(`${name} must not contain NUL bytes`)
  return group
}

function grouped(options: unknown): MessageProperties {
  const {group} = checkSendOptions(options, "group")
  return {group: checkGroup(group, "options.group")}
}

/** Runs `check` for a send, turning its exception into the send's rejection. */
function withProperties(check: () => MessageProperties,
                        send: (properties: MessageProperties) => Promise<void>): Promise<void> {
  let properties: MessageProperties
  try {
    properties = check()
  } catch (error) {
    return Promise.reject(error)
  }
  return send(properties)
}

export interface Server extends Readable<[Message, ServerRoutingOptions]>, SocketOptionProperties<"server"> {}
/**
 * Serves many Clients: each received message says which client sent it
 * (`routingId`), and each reply names the client it goes to.
 */
export class Server extends Socket {
  constructor(options: Options<"server"> = {}) { super(draftType("server", "Server"), options) }

  /**
   * Sends to the client with `routingId` (from a message it sent); rejects
   * with EHOSTUNREACH when no such client is connected.
   */
  send(message: Single, options: ServerRoutingOptions & SendOptions): Promise<void> {
    return withProperties(() => routed(options), properties => this.sendMessage(message, options, properties))
  }
}
defineReadable(Server)
defineSocketOptions(Server.prototype, "server", true, true)

export interface Client extends Readable<[Message]>, Writable<Single>, SocketOptionProperties<"client"> {}
/** Talks to Servers: requests and replies in any order, one frame each. */
export class Client extends Socket {
  constructor(options: Options<"client"> = {}) { super(draftType("client", "Client"), options) }
}
setUp(Client, "client", true, true)

export interface Radio extends SocketOptionProperties<"radio"> {}
/** Publishes each message under a group; Dishes that joined the group receive it. */
export class Radio extends Socket {
  constructor(options: Options<"radio"> = {}) { super(draftType("radio", "Radio"), options) }

  /** Sends under `group` (at most 255 bytes). */
  send(message: Single, options: RadioGroupOptions & SendOptions): Promise<void> {
    return withProperties(() => grouped(options), properties => this.sendMessage(message, options, properties))
  }
}
defineSocketOptions(Radio.prototype, "radio", true, false)

export interface Dish extends Readable<[Message, DishGroupOptions]>, SocketOptionProperties<"dish"> {}
/** Receives what Radios send under the groups it joined, exact match. */
export class Dish extends Socket {
  constructor(options: Options<"dish"> = {}) { super(draftType("dish", "Dish"), options) }

  /** Joins groups (EINVAL from libzmq for one already joined). */
  join(...groups: (Buffer | string)[]): void {
    const native = usableNativeSocket(this)
    for (const [index, group] of groups.entries()) native.join(checkGroup(group, `groups[${index}]`))
  }

  /** Leaves groups (EINVAL from libzmq for one not joined). */
  leave(...groups: (Buffer | string)[]): void {
    const native = usableNativeSocket(this)
    for (const [index, group] of groups.entries()) native.leave(checkGroup(group, `groups[${index}]`))
  }
}
defineReadable(Dish)
defineSocketOptions(Dish.prototype, "dish", false, true)

export interface Gather extends Readable<[Message]>, SocketOptionProperties<"gather"> {}
/** Receives from Scatters, fair-queued: a Pull without multipart. */
export class Gather extends Socket {
  constructor(options: Options<"gather"> = {}) { super(draftType("gather", "Gather"), options) }
}
setUp(Gather, "gather", false, true)

export interface Scatter extends Writable<Single>, SocketOptionProperties<"scatter"> {}
/** Sends to Gathers, round-robin: a Push without multipart. */
export class Scatter extends Socket {
  constructor(options: Options<"scatter"> = {}) { super(draftType("scatter", "Scatter"), options) }
}
setUp(Scatter, "scatter", true, false)

export interface Datagram extends Readable<[Message, Message]>, Writable<[MessageLike, MessageLike]>,
  SocketOptionProperties<"dgram"> {}
/**
 * UDP datagrams (udp:// only): messages are [address, data], the address
 * being "ip:port" of the sender, or of the destination when sending.
 */
export class Datagram extends Socket {
  constructor(options: Options<"dgram"> = {}) { super(draftType("dgram", "Datagram"), options) }
}
setUp(Datagram, "dgram", true, true)

export interface Peer extends Readable<[Message, ServerRoutingOptions]>, SocketOptionProperties<"peer"> {}
/**
 * Peer to peer: binds and connects like any socket, and names each peer by
 * its routing id, which `connectPeer()` returns for peers it connects to.
 */
export class Peer extends Socket {
  constructor(options: Options<"peer"> = {}) { super(draftType("peer", "Peer"), options) }

  /** Connects to a Peer and returns the routing id to send to it with. */
  connectPeer(address: string): number {
    return connectPeer(this, address)
  }

  /** Sends to the peer with `routingId` (EHOSTUNREACH when there is none). */
  send(message: Single, options: ServerRoutingOptions & SendOptions): Promise<void> {
    return withProperties(() => routed(options), properties => this.sendMessage(message, options, properties))
  }
}
defineReadable(Peer)
defineSocketOptions(Peer.prototype, "peer", true, true)

export interface Channel extends Readable<[Message]>, Writable<Single>, SocketOptionProperties<"channel"> {}
/** An exclusive pair of Channels: a Pair without multipart, thread-safe. */
export class Channel extends Socket {
  constructor(options: Options<"channel"> = {}) { super(draftType("channel", "Channel"), options) }
}
setUp(Channel, "channel", true, true)
