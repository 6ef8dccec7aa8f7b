/**
 * The numbers of the legacy `zmq` API: socket types, option aliases, monitor
 * event names and every exported `ZMQ_*` constant with its legacy value
 * (including the libzmq 2.x-only ones, which libzmq 4.x rejects with EINVAL
 * exactly as it did under the legacy binding). Monitor event numbers come
 * from lib/events.ts, their one home.
 */
import {
  EVENT_ACCEPT_FAILED, EVENT_ACCEPTED, EVENT_BIND_FAILED, EVENT_CLOSE_FAILED, EVENT_CLOSED, EVENT_CONNECT_DELAYED,
  EVENT_CONNECT_RETRIED, EVENT_CONNECTED, EVENT_DISCONNECTED, EVENT_LISTENING,
} from "../events"
import {DONTWAIT, POLLERR, POLLIN, POLLOUT, SNDMORE, socketTypes} from "../constants"
import {contextOptions as C, socketOptions as S, SUBSCRIBE, UNSUBSCRIBE} from "../option-table"

const T = socketTypes

/** Socket type names accepted by `socket(type)` → libzmq type number. */
export const types: Readonly<Record<string, number>> = Object.freeze({
  pub: T.pub, xpub: T.xpub, sub: T.sub, xsub: T.xsub, req: T.req, xreq: T.dealer, rep: T.rep, xrep: T.router,
  push: T.push, pull: T.pull, dealer: T.dealer, router: T.router, pair: T.pair, stream: T.stream,
})

/**
 * The legacy "long option" constants (read-only on the module). The option
 * ids libzmq 4.x still has come from lib/option-table.ts; the others are the
 * legacy API's own (libzmq 2.x options, and those the modern table handles by
 * methods: subscribe, FD, EVENTS, RCVMORE).
 */
export const optionConstants = {
  ZMQ_HWM: 1,
  ZMQ_SWAP: 3,
  ZMQ_SUBSCRIBE: SUBSCRIBE,
  ZMQ_UNSUBSCRIBE: UNSUBSCRIBE,
  ZMQ_MCAST_LOOP: 10,
  ZMQ_RCVMORE: 13,
  ZMQ_FD: 14,
  ZMQ_EVENTS: 15,
  ZMQ_RECOVERY_IVL_MSEC: 20,
  ZMQ_AFFINITY: S.affinity.id,
  ZMQ_IDENTITY: S.routingId.id,
  ZMQ_RATE: S.rate.id,
  ZMQ_RECOVERY_IVL: S.recoveryInterval.id,
  ZMQ_SNDBUF: S.sendBufferSize.id,
  ZMQ_RCVBUF: S.receiveBufferSize.id,
  ZMQ_TYPE: S.type.id,
  ZMQ_LINGER: S.linger.id,
  ZMQ_RECONNECT_IVL: S.reconnectInterval.id,
  ZMQ_BACKLOG: S.backlog.id,
  ZMQ_RECONNECT_IVL_MAX: S.reconnectMaxInterval.id,
  ZMQ_MAXMSGSIZE: S.maxMessageSize.id,
  ZMQ_SNDHWM: S.sendHighWaterMark.id,
  ZMQ_RCVHWM: S.receiveHighWaterMark.id,
  ZMQ_MULTICAST_HOPS: S.multicastHops.id,
  ZMQ_RCVTIMEO: S.receiveTimeout.id,
  ZMQ_SNDTIMEO: S.sendTimeout.id,
  ZMQ_IPV4ONLY: S.ipv4Only.id,
  ZMQ_LAST_ENDPOINT: S.lastEndpoint.id,
  ZMQ_ROUTER_MANDATORY: S.mandatory.id,
  ZMQ_TCP_KEEPALIVE: S.tcpKeepalive.id,
  ZMQ_TCP_KEEPALIVE_CNT: S.tcpKeepaliveCount.id,
  ZMQ_TCP_KEEPALIVE_IDLE: S.tcpKeepaliveIdle.id,
  ZMQ_TCP_KEEPALIVE_INTVL: S.tcpKeepaliveInterval.id,
  ZMQ_TCP_ACCEPT_FILTER: S.tcpAcceptFilter.id,
  ZMQ_DELAY_ATTACH_ON_CONNECT: S.immediate.id,
  ZMQ_XPUB_VERBOSE: S.verbosity.id,
  ZMQ_ROUTER_RAW: S.raw.id,
  ZMQ_IPV6: S.ipv6.id,
  ZMQ_MECHANISM: S.securityMechanism.id,
  ZMQ_PLAIN_SERVER: S.plainServer.id,
  ZMQ_PLAIN_USERNAME: S.plainUsername.id,
  ZMQ_PLAIN_PASSWORD: S.plainPassword.id,
  ZMQ_CURVE_SERVER: S.curveServer.id,
  ZMQ_CURVE_PUBLICKEY: S.curvePublicKey.id,
  ZMQ_CURVE_SECRETKEY: S.curveSecretKey.id,
  ZMQ_CURVE_SERVERKEY: S.curveServerKey.id,
  ZMQ_ZAP_DOMAIN: S.zapDomain.id,
  ZMQ_ROUTER_HANDOVER: S.handover.id,
  ZMQ_HEARTBEAT_IVL: S.heartbeatInterval.id,
  ZMQ_HEARTBEAT_TTL: S.heartbeatTimeToLive.id,
  ZMQ_HEARTBEAT_TIMEOUT: S.heartbeatTimeout.id,
  ZMQ_CONNECT_TIMEOUT: S.connectTimeout.id,
  ZMQ_IO_THREADS: C.ioThreads.id,
  ZMQ_MAX_SOCKETS: C.maxSockets.id,
} as const

const O = optionConstants

/** Option aliases (also `sock.<alias>` properties) → option number. */
export const options: Readonly<Record<string, number>> = Object.freeze({
  _fd: O.ZMQ_FD, _ioevents: O.ZMQ_EVENTS, _receiveMore: O.ZMQ_RCVMORE, _subscribe: O.ZMQ_SUBSCRIBE, _unsubscribe: O.ZMQ_UNSUBSCRIBE, affinity: O.ZMQ_AFFINITY, backlog: O.ZMQ_BACKLOG, hwm: O.ZMQ_HWM, identity: O.ZMQ_IDENTITY, linger: O.ZMQ_LINGER, mcast_loop: O.ZMQ_MCAST_LOOP, rate: O.ZMQ_RATE, rcvbuf: O.ZMQ_RCVBUF, last_endpoint: O.ZMQ_LAST_ENDPOINT, reconnect_ivl: O.ZMQ_RECONNECT_IVL, recovery_ivl: O.ZMQ_RECOVERY_IVL, sndbuf: O.ZMQ_SNDBUF, swap: O.ZMQ_SWAP, mechanism: O.ZMQ_MECHANISM, plain_server: O.ZMQ_PLAIN_SERVER, plain_username: O.ZMQ_PLAIN_USERNAME, plain_password: O.ZMQ_PLAIN_PASSWORD, curve_server: O.ZMQ_CURVE_SERVER, curve_publickey: O.ZMQ_CURVE_PUBLICKEY, curve_secretkey: O.ZMQ_CURVE_SECRETKEY, curve_serverkey: O.ZMQ_CURVE_SERVERKEY, zap_domain: O.ZMQ_ZAP_DOMAIN, heartbeat_ivl: O.ZMQ_HEARTBEAT_IVL, heartbeat_ttl: O.ZMQ_HEARTBEAT_TTL, heartbeat_timeout: O.ZMQ_HEARTBEAT_TIMEOUT, connect_timeout: O.ZMQ_CONNECT_TIMEOUT,
})

/**
 * Monitor event number → the name the socket emits it under. The legacy
 * binding named only these ten; it emitted the others (MONITOR_STOPPED and
 * the handshake events) under the name "undefined", which we drop.
 */
export const events: Readonly<Record<number, string>> = Object.freeze({
  [EVENT_CONNECTED]: "connect", [EVENT_CONNECT_DELAYED]: "connect_delay",
  [EVENT_CONNECT_RETRIED]: "connect_retry", [EVENT_LISTENING]: "listen", [EVENT_BIND_FAILED]: "bind_error",
  [EVENT_ACCEPTED]: "accept", [EVENT_ACCEPT_FAILED]: "accept_error", [EVENT_CLOSED]: "close",
  [EVENT_CLOSE_FAILED]: "close_error", [EVENT_DISCONNECTED]: "disconnect",
})

/** Constants of the legacy native module (capabilities, types, flags, states). */
export const nativeConstants = {
  ZMQ_CAN_DISCONNECT: 1, ZMQ_CAN_UNBIND: 1, ZMQ_CAN_MONITOR: 1, ZMQ_CAN_SET_CTX: 1,
  ZMQ_PUB: T.pub, ZMQ_SUB: T.sub, ZMQ_XPUB: T.xpub, ZMQ_XSUB: T.xsub, ZMQ_REQ: T.req, ZMQ_XREQ: T.dealer,
  ZMQ_REP: T.rep, ZMQ_XREP: T.router, ZMQ_DEALER: T.dealer, ZMQ_ROUTER: T.router, ZMQ_PUSH: T.push,
  ZMQ_PULL: T.pull, ZMQ_PAIR: T.pair, ZMQ_STREAM: T.stream,
  ZMQ_POLLIN: POLLIN, ZMQ_POLLOUT: POLLOUT, ZMQ_POLLERR: POLLERR,
  ZMQ_SNDMORE: SNDMORE,
  /** libzmq 2.x name of the non-blocking send flag (same value as ZMQ_DONTWAIT). */
  ZMQ_NOBLOCK: DONTWAIT,
  /** Not exported by the legacy binding; a send with it fails with EAGAIN instead of waiting. */
  ZMQ_DONTWAIT: DONTWAIT,
  STATE_READY: 0, STATE_BUSY: 1, STATE_CLOSED: 2,
} as const

export const {STATE_READY, STATE_CLOSED} = nativeConstants

/** Socket types that cannot receive (libzmq answers ENOTSUP). */
export const sendOnly: ReadonlySet<number> = new Set([T.pub, T.push])
/** Socket types that cannot send. */
export const receiveOnly: ReadonlySet<number> = new Set([T.sub, T.pull])
