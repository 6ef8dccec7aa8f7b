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

/** Socket type names accepted by `socket(type)` → libzmq type number. */
export const types: Readonly<Record<string, number>> = Object.freeze({
  pub: 1, xpub: 9, sub: 2, xsub: 10, req: 3, xreq: 5, rep: 4, xrep: 6,
  push: 8, pull: 7, dealer: 5, router: 6, pair: 0, stream: 11,
})

/** Option aliases (also `sock.<alias>` properties) → option number. */
export const options: Readonly<Record<string, number>> = Object.freeze({
  _fd: 14, _ioevents: 15, _receiveMore: 13, _subscribe: 6, _unsubscribe: 7,
  affinity: 4, backlog: 19, hwm: 1, identity: 5, linger: 17, mcast_loop: 10, rate: 8, rcvbuf: 12,
  last_endpoint: 32, reconnect_ivl: 18, recovery_ivl: 9, sndbuf: 11, swap: 3,
  mechanism: 43, plain_server: 44, plain_username: 45, plain_password: 46,
  curve_server: 47, curve_publickey: 48, curve_secretkey: 49, curve_serverkey: 50, zap_domain: 55,
  heartbeat_ivl: 75, heartbeat_ttl: 76, heartbeat_timeout: 77, connect_timeout: 79,
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
  ZMQ_PUB: 1, ZMQ_SUB: 2, ZMQ_XPUB: 9, ZMQ_XSUB: 10, ZMQ_REQ: 3, ZMQ_XREQ: 5, ZMQ_REP: 4,
  ZMQ_XREP: 6, ZMQ_DEALER: 5, ZMQ_ROUTER: 6, ZMQ_PUSH: 8, ZMQ_PULL: 7, ZMQ_PAIR: 0, ZMQ_STREAM: 11,
  ZMQ_POLLIN: 1, ZMQ_POLLOUT: 2, ZMQ_POLLERR: 4,
  ZMQ_SNDMORE: 2,
  /** libzmq 2.x name of the non-blocking send flag (same value as ZMQ_DONTWAIT). */
  ZMQ_NOBLOCK: 1,
  /** Not exported by the legacy binding; a send with it fails with EAGAIN instead of waiting. */
  ZMQ_DONTWAIT: 1,
  STATE_READY: 0, STATE_BUSY: 1, STATE_CLOSED: 2,
} as const

/** The legacy "long option" constants (read-only on the module). */
export const optionConstants = {
  ZMQ_HWM: 1, ZMQ_SWAP: 3, ZMQ_AFFINITY: 4, ZMQ_IDENTITY: 5, ZMQ_SUBSCRIBE: 6, ZMQ_UNSUBSCRIBE: 7,
  ZMQ_RATE: 8, ZMQ_RECOVERY_IVL: 9, ZMQ_MCAST_LOOP: 10, ZMQ_SNDBUF: 11, ZMQ_RCVBUF: 12,
  ZMQ_RCVMORE: 13, ZMQ_FD: 14, ZMQ_EVENTS: 15, ZMQ_TYPE: 16, ZMQ_LINGER: 17, ZMQ_RECONNECT_IVL: 18,
  ZMQ_BACKLOG: 19, ZMQ_RECOVERY_IVL_MSEC: 20, ZMQ_RECONNECT_IVL_MAX: 21, ZMQ_MAXMSGSIZE: 22,
  ZMQ_SNDHWM: 23, ZMQ_RCVHWM: 24, ZMQ_MULTICAST_HOPS: 25, ZMQ_RCVTIMEO: 27, ZMQ_SNDTIMEO: 28,
  ZMQ_IPV4ONLY: 31, ZMQ_LAST_ENDPOINT: 32, ZMQ_ROUTER_MANDATORY: 33, ZMQ_TCP_KEEPALIVE: 34,
  ZMQ_TCP_KEEPALIVE_CNT: 35, ZMQ_TCP_KEEPALIVE_IDLE: 36, ZMQ_TCP_KEEPALIVE_INTVL: 37,
  ZMQ_TCP_ACCEPT_FILTER: 38, ZMQ_DELAY_ATTACH_ON_CONNECT: 39, ZMQ_XPUB_VERBOSE: 40, ZMQ_ROUTER_RAW: 41,
  ZMQ_IPV6: 42, ZMQ_MECHANISM: 43, ZMQ_PLAIN_SERVER: 44, ZMQ_PLAIN_USERNAME: 45, ZMQ_PLAIN_PASSWORD: 46,
  ZMQ_CURVE_SERVER: 47, ZMQ_CURVE_PUBLICKEY: 48, ZMQ_CURVE_SECRETKEY: 49, ZMQ_CURVE_SERVERKEY: 50,
  ZMQ_ZAP_DOMAIN: 55, ZMQ_ROUTER_HANDOVER: 56, ZMQ_HEARTBEAT_IVL: 75, ZMQ_HEARTBEAT_TTL: 76,
  ZMQ_HEARTBEAT_TIMEOUT: 77, ZMQ_CONNECT_TIMEOUT: 79,
  ZMQ_IO_THREADS: 1, ZMQ_MAX_SOCKETS: 2,
} as const

export const ZMQ_SNDMORE = 2
export const ZMQ_DONTWAIT = 1
export const POLLIN = 1
export const POLLOUT = 2

export const STATE_READY = 0
export const STATE_CLOSED = 2

/** Socket types that cannot receive (libzmq answers ENOTSUP). */
export const sendOnly: ReadonlySet<number> = new Set([1 /* pub */, 8 /* push */])
/** Socket types that cannot send. */
export const receiveOnly: ReadonlySet<number> = new Set([2 /* sub */, 7 /* pull */])
