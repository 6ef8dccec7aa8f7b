/**
 * One class per libzmq socket type. Each carries only the methods and options
 * its type supports, at run time and in the types: a Publisher has no
 * `receive`, a Pull has no `send`.
 */
import type {PackedMessages} from "./incoming"
import type {Message, MessageLike} from "./message"
import {metadataNames, type ReceiveMetadata, STANDARD_METADATA} from "./metadata"
import {type SocketOptionProperties, socketOptions, type SocketOptionsFor, type SocketTypeName, SUBSCRIBE, UNSUBSCRIBE} from "./option-table"
import {defineSocketOptions, type OperationOptions, type SendOptions, Socket, type SocketOptions, socketState, SocketType} from "./socket"

/**
 * Sockets that send messages of shape M, with the further arguments O after
 * the message (generic as in `zeromq` v6, so `Writable<...>` there compiles
 * here; the default lets every send take SendOptions).
 */
export interface Writable<M extends MessageLike | MessageLike[] = MessageLike | MessageLike[],
  O extends [...(object | undefined)[]] = [SendOptions?]> {
  /**
   * Queues one message (an array is one multipart message). Resolves when
   * libzmq has taken it; rejects with EAGAIN after `sendTimeout`, with the
   * signal's reason on abort, with EBADF/ETERM when the socket or context closes.
   */
  send(message: M, ...options: O): Promise<void>
  /**
   * Queues several messages, in order, as one operation: the fastest way to
   * send many. Resolves when libzmq has taken all of them; a rejection's
   * `sent` property says how many (from the first) it took.
   */
  sendBatch(messages: readonly M[], options?: SendOptions): Promise<void>
}

/** Sockets that receive messages of shape M (generic as in `zeromq` v6). */
export interface Readable<M extends object[] = Message[]> {
  /** The next message, as its frames (and, on draft sockets, its properties). */
  receive(options?: OperationOptions): Promise<M>
  /**
   * Every message at hand (at least one, waiting for it if need be), oldest
   * first: the fastest way to drain a busy socket.
   */
  receiveBatch(options?: OperationOptions): Promise<M[]>
  /**
   * Every message at hand (at least one, waiting for it if need be), packed
   * as libzmq's batch arrived: no JS object per message until one is asked
   * for (`PackedMessages`, lib/incoming.ts). The fastest way to consume a
   * busy socket's bytes.
   */
  receivePacked(options?: OperationOptions): Promise<PackedMessages>
  /** Iterates over received messages until the socket is closed. */
  [Symbol.asyncIterator](): AsyncIterableIterator<M>
  /**
   * Whether received messages carry their connection's metadata, read with
   * `metadataOf(message)` (lib/metadata.ts): false (the default, which costs
   * nothing), true for the standard properties, or a list of further
   * property names. Applies to messages read from libzmq after it is set.
   */
  receiveMetadata: ReceiveMetadata
}

interface Internals {
  sendMessage(message: unknown, options?: SendOptions): Promise<void>
  sendMessages(messages: readonly unknown[], options?: SendOptions): Promise<void>
  receiveMessage(options?: OperationOptions): Promise<Message[]>
  receiveMessages(options?: OperationOptions): Promise<Message[][]>
  receivePackedMessages(options?: OperationOptions): Promise<PackedMessages>
  iterateMessages(): AsyncIterableIterator<Message[]>
}

const writableMethods = {
  send(this: Internals, message: MessageLike | MessageLike[], options?: SendOptions) {
    return this.sendMessage(message, options)
  },
  sendBatch(this: Internals, messages: readonly (MessageLike | MessageLike[])[], options?: SendOptions) {
    return this.sendMessages(messages, options)
  },
}

const readableMethods = {
  receive(this: Internals, options?: OperationOptions) {
    return this.receiveMessage(options)
  },
  receiveBatch(this: Internals, options?: OperationOptions) {
    return this.receiveMessages(options)
  },
  receivePacked(this: Internals, options?: OperationOptions) {
    return this.receivePackedMessages(options)
  },
  [Symbol.asyncIterator](this: Internals) {
    return this.iterateMessages()
  },
  get receiveMetadata(): ReceiveMetadata {
    const names = socketState(this)!.metadataNames
    return names === undefined ? false : names === STANDARD_METADATA ? true : [...names]
  },
  set receiveMetadata(value: ReceiveMetadata) {
    socketState(this)!.metadataNames = metadataNames(value)
  },
}

function define(target: {prototype: object}, methods: object): void {
  for (const key of Reflect.ownKeys(methods)) {
    Object.defineProperty(target.prototype, key, {
      ...Object.getOwnPropertyDescriptor(methods, key)!,
      enumerable: false,
    })
  }
}

/** @internal Installs receive/receiveBatch/iteration on a socket class (lib/draft.ts too). */
export function defineReadable(target: {prototype: object}): void {
  define(target, readableMethods)
}

/** @internal Installs a socket class's methods and options (lib/draft.ts too). */
export function setUp(target: {prototype: object}, type: SocketTypeName, sends: boolean, receives: boolean): void {
  if (sends) define(target, writableMethods)
  if (receives) defineReadable(target)
  defineSocketOptions(target.prototype, type, sends, receives)
}

type Options<S extends SocketTypeName> = SocketOptions & SocketOptionsFor<S>

/** Prefixes given to subscribe(): none means everything. */
function prefixes(values: (Buffer | string)[]): (Buffer | string)[] {
  for (const [index, value] of values.entries()) {
    if (typeof value !== "string" && !Buffer.isBuffer(value)) {
      throw new TypeError(`topics[${index}] must be a string or a Buffer`)
    }
  }
  return values.length === 0 ? [""] : values
}

const CONNECT_ROUTING_ID = socketOptions.connectRoutingId.id

/** Options of Router.connect() and Stream.connect(). */
export interface RouterConnectOptions {
  /** The routing id this socket will use for the peer at that address. */
  routingId?: Buffer | string
}
export type StreamConnectOptions = RouterConnectOptions

function connectWithRoutingId(socket: Socket, address: string, options: RouterConnectOptions): void {
  if (typeof options !== "object" || options === null) throw new TypeError("Options must be an object")
  if (options.routingId !== undefined) {
    const id = options.routingId
    if (typeof id !== "string" && !Buffer.isBuffer(id)) throw new TypeError("options.routingId must be a string or a Buffer")
    socket.setOption(CONNECT_ROUTING_ID, 3, id)
  }
  Socket.prototype.connect.call(socket, address)
}

export interface Pair extends Writable, Readable, SocketOptionProperties<"pair"> {}
/** Exclusive pair: one peer, both directions. */
export class Pair extends Socket {
  constructor(options: Options<"pair"> = {}) { super(SocketType.Pair, options) }
}
setUp(Pair, "pair", true, true)

export interface Publisher extends Writable, SocketOptionProperties<"pub"> {}
/** Publishes to every subscriber whose prefix matches the first frame. */
export class Publisher extends Socket {
  constructor(options: Options<"pub"> = {}) { super(SocketType.Publisher, options) }
}
setUp(Publisher, "pub", true, false)

export interface Subscriber extends Readable, SocketOptionProperties<"sub"> {}
/** Receives what publishers send under the prefixes it subscribed to. */
export class Subscriber extends Socket {
  constructor(options: Options<"sub"> = {}) { super(SocketType.Subscriber, options) }

  /** Subscribes to messages starting with any of the prefixes (none: all messages). */
  subscribe(...topics: (Buffer | string)[]): void {
    for (const topic of prefixes(topics)) this.setOption(SUBSCRIBE, 3, topic)
  }

  /** Removes subscriptions (none: the catch-all subscription ""). */
  unsubscribe(...topics: (Buffer | string)[]): void {
    for (const topic of prefixes(topics)) this.setOption(UNSUBSCRIBE, 3, topic)
  }
}
setUp(Subscriber, "sub", false, true)

export interface Request extends Writable, Readable, SocketOptionProperties<"req"> {}
/** Sends a request, then receives its reply, strictly alternating (EFSM otherwise). */
export class Request extends Socket {
  constructor(options: Options<"req"> = {}) { super(SocketType.Request, options) }
}
setUp(Request, "req", true, true)

export interface Reply extends Writable, Readable, SocketOptionProperties<"rep"> {}
/** Receives a request, then sends its reply, strictly alternating. */
export class Reply extends Socket {
  constructor(options: Options<"rep"> = {}) { super(SocketType.Reply, options) }
}
setUp(Reply, "rep", true, true)

export interface Dealer extends Writable, Readable, SocketOptionProperties<"dealer"> {}
/** Asynchronous requests: round-robin out, fair-queued in. */
export class Dealer extends Socket {
  constructor(options: Options<"dealer"> = {}) { super(SocketType.Dealer, options) }
}
setUp(Dealer, "dealer", true, true)

export interface Router extends Writable, Readable, SocketOptionProperties<"router"> {}
/** Addresses peers by routing id: the first frame of every message. */
export class Router extends Socket {
  constructor(options: Options<"router"> = {}) { super(SocketType.Router, options) }

  /** Connects, optionally naming the peer with a routing id of our choice. */
  override connect(address: string, options: RouterConnectOptions = {}): void {
    connectWithRoutingId(this, address, options)
  }
}
setUp(Router, "router", true, true)

export interface Pull extends Readable, SocketOptionProperties<"pull"> {}
/** Receives from a pipeline, fair-queued across pushers. */
export class Pull extends Socket {
  constructor(options: Options<"pull"> = {}) { super(SocketType.Pull, options) }
}
setUp(Pull, "pull", false, true)

export interface Push extends Writable, SocketOptionProperties<"push"> {}
/** Sends into a pipeline, round-robin across pullers. */
export class Push extends Socket {
  constructor(options: Options<"push"> = {}) { super(SocketType.Push, options) }
}
setUp(Push, "push", true, false)

export interface XPublisher extends Writable, Readable, SocketOptionProperties<"xpub"> {}
/** A Publisher that also receives subscriptions as messages (\x01topic / \x00topic). */
export class XPublisher extends Socket {
  constructor(options: Options<"xpub"> = {}) { super(SocketType.XPublisher, options) }
}
setUp(XPublisher, "xpub", true, true)

export interface XSubscriber extends Writable, Readable, SocketOptionProperties<"xsub"> {}
/** A Subscriber whose subscriptions are messages it sends (\x01topic / \x00topic). */
export class XSubscriber extends Socket {
  constructor(options: Options<"xsub"> = {}) { super(SocketType.XSubscriber, options) }

  /** Sends subscription messages for the prefixes (none: all messages), in order with other sends. */
  subscribe(...topics: (Buffer | string)[]): Promise<void> {
    return subscription(this, 1, topics)
  }

  /** Sends unsubscription messages for the prefixes. */
  unsubscribe(...topics: (Buffer | string)[]): Promise<void> {
    return subscription(this, 0, topics)
  }
}
setUp(XSubscriber, "xsub", true, true)

function subscription(socket: XSubscriber, flag: number, topics: (Buffer | string)[]): Promise<void> {
  const sends = prefixes(topics).map(topic => socket.send(Buffer.concat([Buffer.of(flag), Buffer.from(topic)])))
  return Promise.all(sends).then(() => undefined)
}

export interface Stream extends Writable, Readable, SocketOptionProperties<"stream"> {}
/** Raw TCP: messages are [routing id, data]; an empty data frame opens or closes a connection. */
export class Stream extends Socket {
  constructor(options: Options<"stream"> = {}) { super(SocketType.Stream, options) }

  /** Connects, optionally naming the connection with a routing id of our choice. */
  override connect(address: string, options: StreamConnectOptions = {}): void {
    connectWithRoutingId(this, address, options)
  }
}
setUp(Stream, "stream", true, true)

