/**
 * The one table of every libzmq 4.3.4 socket and context option that
 * zmq-napi exposes as a typed property. Both the runtime accessors
 * (`options.ts`) and the TypeScript property types are derived from it.
 *
 * Left out on purpose (see README "Options"): RCVMORE, FD and EVENTS (the
 * binding handles multipart, polling and readiness itself; see `readable` /
 * `writable`), SUBSCRIBE/UNSUBSCRIBE (methods on Subscriber), and the VMCI
 * and WSS_* options, which need transports this build does not include.
 */

/** How a value is stored and checked. */
export type OptionType =
  | "int" // number, int32
  | "bool" // boolean, libzmq int 0/1
  | "int64" // number | bigint
  | "uint64" // number | bigint, >= 0
  | "bin" // bytes: accepts Buffer/ArrayBufferView/string, reads back the complete bytes as UTF-8 text
  | "str" // text: accepts string (or bytes), reads back a string
  | "key" // CURVE key: 32 bytes or 40 Z85 characters, reads back Z85
  | "mechanism" // read-only: null | "plain" | "curve" | "gssapi"
  | "verbosity" // XPUB: null | "allSubs" | "allSubsUnsubs" (two libzmq options)

/** R = get only, W = set only (reads return the last value written), RW = both. */
export type OptionAccess = "R" | "W" | "RW"

/** libzmq socket type names, as used by the `on` column. */
export type SocketTypeName =
  | "pair" | "pub" | "sub" | "req" | "rep" | "dealer" | "router"
  | "pull" | "push" | "xpub" | "xsub" | "stream"
  // draft (zmq-napi/draft)
  | "server" | "client" | "radio" | "dish" | "gather" | "scatter" | "dgram" | "peer" | "channel"

/** Which sockets carry an option: every type, sending or receiving types, or a list. */
export type OptionScope = "all" | "send" | "receive" | readonly SocketTypeName[]

export interface OptionSpec {
  readonly id: number
  readonly type: OptionType
  readonly access: OptionAccess
  readonly on: OptionScope
  /** Only with a draft-enabled libzmq (`capability.draft`). */
  readonly draft?: boolean
  /** Only when libzmq reports this capability (`zmq_has`). */
  readonly requires?: "gssapi"
}

const spec = <T extends OptionType, A extends OptionAccess, const O extends OptionScope = "all">(
  id: number, type: T, access: A, on: O = "all" as O, extra: {draft?: boolean; requires?: "gssapi"} = {},
) => ({id, type, access, on, ...extra}) as const

const draft = {draft: true} as const
const gssapi = {requires: "gssapi"} as const

export const socketOptions = {
  affinity: spec(4, "uint64", "RW"),
  routingId: spec(5, "bin", "RW"),
  rate: spec(8, "int", "RW"),
  recoveryInterval: spec(9, "int", "RW"),
  sendBufferSize: spec(11, "int", "RW", "send"),
  receiveBufferSize: spec(12, "int", "RW", "receive"),
  type: spec(16, "int", "R"),
  linger: spec(17, "int", "RW"),
  reconnectInterval: spec(18, "int", "RW"),
  backlog: spec(19, "int", "RW"),
  reconnectMaxInterval: spec(21, "int", "RW"),
  maxMessageSize: spec(22, "int64", "RW"),
  sendHighWaterMark: spec(23, "int", "RW", "send"),
  receiveHighWaterMark: spec(24, "int", "RW", "receive"),
  multicastHops: spec(25, "int", "RW", "send"),
  receiveTimeout: spec(27, "int", "RW", "receive"),
  sendTimeout: spec(28, "int", "RW", "send"),
  ipv4Only: spec(31, "bool", "RW"),
  lastEndpoint: spec(32, "str", "R"),
  mandatory: spec(33, "bool", "W", ["router"]),
  tcpKeepalive: spec(34, "int", "RW"),
  tcpKeepaliveCount: spec(35, "int", "RW"),
  tcpKeepaliveIdle: spec(36, "int", "RW"),
  tcpKeepaliveInterval: spec(37, "int", "RW"),
  tcpAcceptFilter: spec(38, "str", "W"),
  immediate: spec(39, "bool", "RW"),
  verbosity: spec(40, "verbosity", "W", ["xpub"]),
  raw: spec(41, "bool", "W", ["router"]),
  ipv6: spec(42, "bool", "RW"),
  securityMechanism: spec(43, "mechanism", "R"),
  plainServer: spec(44, "bool", "RW"),
  plainUsername: spec(45, "str", "RW"),
  plainPassword: spec(46, "str", "RW"),
  curveServer: spec(47, "bool", "RW"),
  curvePublicKey: spec(48, "key", "RW"),
  curveSecretKey: spec(49, "key", "RW"),
  curveServerKey: spec(50, "key", "RW"),
  probeRouter: spec(51, "bool", "W", ["req", "dealer", "router"]),
  correlate: spec(52, "bool", "W", ["req"]),
  relaxed: spec(53, "bool", "W", ["req"]),
  // zeromq v6 offers it on Gather/Scatter too, where libzmq 4.3.4 accepts it but has no effect.
  conflate: spec(54, "bool", "RW", ["pub", "sub", "dealer", "push", "pull", "gather", "scatter"]),
  zapDomain: spec(55, "str", "RW"),
  handover: spec(56, "bool", "W", ["router"]),
  typeOfService: spec(57, "int", "RW"),
  ipcFilterPid: spec(58, "int", "W"),
  ipcFilterUid: spec(59, "int", "W"),
  ipcFilterGid: spec(60, "int", "W"),
  connectRoutingId: spec(61, "bin", "W", ["router", "stream"]),
  gssapiServer: spec(62, "bool", "RW", "all", gssapi),
  gssapiPrincipal: spec(63, "str", "RW", "all", gssapi),
  gssapiServicePrincipal: spec(64, "str", "RW", "all", gssapi),
  gssapiPlainText: spec(65, "bool", "RW", "all", gssapi),
  handshakeInterval: spec(66, "int", "RW"),
  socksProxy: spec(68, "str", "RW"),
  noDrop: spec(69, "bool", "W", ["pub", "xpub"]),
  manual: spec(71, "bool", "W", ["xpub"]),
  welcomeMessage: spec(72, "bin", "W", ["xpub"]),
  notify: spec(73, "bool", "W", ["stream"]),
  invertMatching: spec(74, "bool", "RW", ["pub", "sub", "xpub"]),
  heartbeatInterval: spec(75, "int", "RW"),
  heartbeatTimeToLive: spec(76, "int", "RW"),
  heartbeatTimeout: spec(77, "int", "RW"),
  connectTimeout: spec(79, "int", "RW"),
  tcpMaxRetransmitTimeout: spec(80, "int", "RW"),
  threadSafe: spec(81, "bool", "R"),
  multicastMaxTransportDataUnit: spec(84, "int", "RW"),
  useFd: spec(89, "int", "RW"),
  gssapiPrincipalNameType: spec(90, "int", "RW", "all", gssapi),
  gssapiServicePrincipalNameType: spec(91, "int", "RW", "all", gssapi),
  interface: spec(92, "str", "RW"),
  zapEnforceDomain: spec(93, "bool", "RW", "all", draft),
  loopbackFastPath: spec(94, "bool", "RW", "all", draft),
  metadata: spec(95, "str", "W", "all", draft),
  multicastLoop: spec(96, "bool", "RW", "all", draft),
  routerNotify: spec(97, "int", "RW", ["router"], draft),
  manualLastValue: spec(98, "bool", "W", ["xpub"], draft),
  socksUsername: spec(99, "str", "RW", "all", draft),
  socksPassword: spec(100, "str", "RW", "all", draft),
  inBatchSize: spec(101, "int", "RW", "all", draft),
  outBatchSize: spec(102, "int", "RW", "all", draft),
  onlyFirstSubscribe: spec(108, "bool", "W", ["xpub", "xsub"], draft),
  reconnectStop: spec(109, "int", "RW", "all", draft),
  helloMessage: spec(110, "bin", "W", "all", draft),
  disconnectMessage: spec(111, "bin", "W", "all", draft),
  priority: spec(112, "int", "RW", "all", draft),
} as const

export const contextOptions = {
  ioThreads: spec(1, "int", "RW"),
  maxSockets: spec(2, "int", "RW"),
  maxSocketsLimit: spec(3, "int", "R"),
  threadPriority: spec(3, "int", "W"),
  threadSchedulingPolicy: spec(4, "int", "RW"),
  maxMessageSize: spec(5, "int", "RW"),
  messageStructSize: spec(6, "int", "R"),
  threadAffinityCpuAdd: spec(7, "int", "W"),
  threadAffinityCpuRemove: spec(8, "int", "W"),
  threadNamePrefix: spec(9, "int", "RW"),
  zeroCopyReceive: spec(10, "bool", "RW", "all", draft),
  ipv6: spec(42, "bool", "RW"),
  blocky: spec(70, "bool", "RW"),
} as const

// Checked here rather than with `satisfies` on the tables: a contextual type
// would widen every entry's `on` to OptionScope and erase the per-type keys.
/**
 * ZMQ_XPUB_VERBOSER: not a property of its own; the `verbosity` option
 * (ZMQ_XPUB_VERBOSE) sets it too (lib/options.ts).
 */
export const XPUB_VERBOSER = 78

/** ZMQ_SUBSCRIBE / ZMQ_UNSUBSCRIBE: Subscriber methods, not properties. */
export const SUBSCRIBE = 6
export const UNSUBSCRIBE = 7

export const allSocketOptions: Readonly<Record<string, OptionSpec>> = socketOptions
export const allContextOptions: Readonly<Record<string, OptionSpec>> = contextOptions

export type SocketOptionTable = typeof socketOptions
export type ContextOptionTable = typeof contextOptions

/** The JS value type of an option, for reading. */
export type OptionValue<T extends OptionType> =
  T extends "int" ? number
  : T extends "bool" ? boolean
  : T extends "int64" | "uint64" ? number | bigint
  : T extends "bin" ? string | null
  : T extends "str" ? string | null
  : T extends "key" ? string | null
  : T extends "mechanism" ? null | "plain" | "curve" | "gssapi"
  : T extends "verbosity" ? null | "allSubs" | "allSubsUnsubs"
  : never

type SendTypes = "pair" | "pub" | "req" | "rep" | "dealer" | "router" | "push" | "xpub" | "xsub" | "stream"
  | "server" | "client" | "radio" | "scatter" | "dgram" | "peer" | "channel"
type ReceiveTypes = "pair" | "sub" | "req" | "rep" | "dealer" | "router" | "pull" | "xpub" | "xsub" | "stream"
  | "server" | "client" | "dish" | "gather" | "dgram" | "peer" | "channel"

type Applies<On, S extends SocketTypeName> =
  On extends "all" ? true
  : On extends "send" ? (S extends SendTypes ? true : false)
  : On extends "receive" ? (S extends ReceiveTypes ? true : false)
  : On extends readonly (infer L)[] ? (S extends L ? true : false)
  : false

type KeysFor<Table, S extends SocketTypeName, Access> = {
  [K in keyof Table]: Table[K] extends {on: infer On; access: infer A}
    ? Applies<On, S> extends true ? (A extends Access ? K : never) : never
    : never
}[keyof Table]

type ValueOf<Spec> = Spec extends {type: infer T extends OptionType} ? OptionValue<T> : never

/** The option properties of a socket of type S. */
export type SocketOptionProperties<S extends SocketTypeName> =
  { readonly [K in KeysFor<SocketOptionTable, S, "R">]: ValueOf<SocketOptionTable[K]> } &
  { [K in KeysFor<SocketOptionTable, S, "RW" | "W">]: ValueOf<SocketOptionTable[K]> }

/** The option properties every socket type has (those typed on the Socket base class). */
export type CommonSocketOptionProperties =
  { readonly [K in CommonKeys<"R">]: ValueOf<SocketOptionTable[K]> } &
  { [K in CommonKeys<"RW" | "W">]: ValueOf<SocketOptionTable[K]> }

type CommonKeys<Access> = {
  [K in keyof SocketOptionTable]: SocketOptionTable[K] extends {on: "all"; access: infer A}
    ? (A extends Access ? K : never) : never
}[keyof SocketOptionTable]

/** The option properties of a Context. */
export type ContextOptionProperties =
  { readonly [K in KeysFor<ContextOptionTable, SocketTypeName, "R">]: ValueOf<ContextOptionTable[K]> } &
  { [K in KeysFor<ContextOptionTable, SocketTypeName, "RW" | "W">]: ValueOf<ContextOptionTable[K]> }

/** What an option accepts when written, where that is wider than what it reads back. */
export type OptionInput<T extends OptionType> =
  T extends "key" ? string | Uint8Array
  : T extends "bin" | "str" ? string | Uint8Array | null
  : OptionValue<T>

type InputOf<Spec> = Spec extends {type: infer T extends OptionType} ? OptionInput<T> : never

/** Options accepted by a socket constructor: every writable option of its type. */
export type SocketOptionsFor<S extends SocketTypeName> =
  Partial<{ [K in KeysFor<SocketOptionTable, S, "RW" | "W">]: InputOf<SocketOptionTable[K]> }>

/** Every socket option that can be written, on some socket type. */
export type WritableSocketOptionName = {
  [K in keyof SocketOptionTable]: SocketOptionTable[K]["access"] extends "R" ? never : K
}[keyof SocketOptionTable]

/** What socket option K accepts when written. */
export type SocketOptionInput<K extends keyof SocketOptionTable> = InputOf<SocketOptionTable[K]>

export type ContextOptions =
  Partial<{ [K in KeysFor<ContextOptionTable, SocketTypeName, "RW" | "W">]: ValueOf<ContextOptionTable[K]> }>
