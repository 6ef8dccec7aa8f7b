/**
 * zmq-napi/compat: the legacy `zmq` (2.15) / `zeromq` (4.x, 5.x) API on
 * zmq-napi's core. A service written for `zmq` runs after changing one line:
 *
 *     const zmq = require("zmq-napi/compat")   // was: require("zmq")
 *
 * See docs/compat.md for the (documented) differences.
 */
import {binding, capability} from "../native"
import {nativeConstants, optionConstants} from "./constants"
import {Socket} from "./socket"

export {types, options, events} from "./constants"
export {Context} from "./context"
export {proxy} from "./proxy"
export {Socket}
export type {LegacyError} from "./errors"

/** The libzmq version, e.g. "4.3.4". */
export const version: string = binding.version

/** The libzmq version (the legacy native function behind `version`). */
export function zmqVersion(): string {
  return binding.version
}

/** A new CURVE key pair: `{public, secret}`, 40-character Z85 strings. */
export function curveKeypair(): {public: string; secret: string} {
  if (!capability.curve) {
    throw new Error("zmq_curve_keypair operation failed. Method support in libzmq v4+ -with-libsodium.")
  }
  const {publicKey, secretKey} = binding.curveKeyPair()
  return {public: publicKey, secret: secretKey}
}

/** The legacy native name of `curveKeypair`. */
export const zmqCurveKeypair = curveKeypair

/**
 * Creates a socket of `type` (a key of `types`) in the default context and
 * assigns each of `options` as a property (`{identity: "a", linger: 0}`).
 */
export function socket(type: string, options?: Record<string, unknown>): Socket {
  const sock = new Socket(type)
  if (options) {
    try {
      for (const key in options) (sock as unknown as Record<string, unknown>)[key] = options[key]
    } catch (error) {
      sock.close()
      throw error
    }
  }
  return sock
}

export const createSocket = socket

// Every ZMQ_* / STATE_* constant with its legacy number.
export const ZMQ_CAN_DISCONNECT = nativeConstants.ZMQ_CAN_DISCONNECT
export const ZMQ_CAN_UNBIND = nativeConstants.ZMQ_CAN_UNBIND
export const ZMQ_CAN_MONITOR = nativeConstants.ZMQ_CAN_MONITOR
export const ZMQ_CAN_SET_CTX = nativeConstants.ZMQ_CAN_SET_CTX
export const ZMQ_PUB = nativeConstants.ZMQ_PUB
export const ZMQ_SUB = nativeConstants.ZMQ_SUB
export const ZMQ_XPUB = nativeConstants.ZMQ_XPUB
export const ZMQ_XSUB = nativeConstants.ZMQ_XSUB
export const ZMQ_REQ = nativeConstants.ZMQ_REQ
export const ZMQ_XREQ = nativeConstants.ZMQ_XREQ
export const ZMQ_REP = nativeConstants.ZMQ_REP
export const ZMQ_XREP = nativeConstants.ZMQ_XREP
export const ZMQ_DEALER = nativeConstants.ZMQ_DEALER
export const ZMQ_ROUTER = nativeConstants.ZMQ_ROUTER
export const ZMQ_PUSH = nativeConstants.ZMQ_PUSH
export const ZMQ_PULL = nativeConstants.ZMQ_PULL
export const ZMQ_PAIR = nativeConstants.ZMQ_PAIR
export const ZMQ_STREAM = nativeConstants.ZMQ_STREAM
export const ZMQ_POLLIN = nativeConstants.ZMQ_POLLIN
export const ZMQ_POLLOUT = nativeConstants.ZMQ_POLLOUT
export const ZMQ_POLLERR = nativeConstants.ZMQ_POLLERR
export const ZMQ_SNDMORE = nativeConstants.ZMQ_SNDMORE
export const ZMQ_NOBLOCK = nativeConstants.ZMQ_NOBLOCK
export const ZMQ_DONTWAIT = nativeConstants.ZMQ_DONTWAIT
export const STATE_READY = nativeConstants.STATE_READY
export const STATE_BUSY = nativeConstants.STATE_BUSY
export const STATE_CLOSED = nativeConstants.STATE_CLOSED
export const ZMQ_HWM = optionConstants.ZMQ_HWM
export const ZMQ_SWAP = optionConstants.ZMQ_SWAP
export const ZMQ_AFFINITY = optionConstants.ZMQ_AFFINITY
export const ZMQ_IDENTITY = optionConstants.ZMQ_IDENTITY
export const ZMQ_SUBSCRIBE = optionConstants.ZMQ_SUBSCRIBE
export const ZMQ_UNSUBSCRIBE = optionConstants.ZMQ_UNSUBSCRIBE
export const ZMQ_RATE = optionConstants.ZMQ_RATE
export const ZMQ_RECOVERY_IVL = optionConstants.ZMQ_RECOVERY_IVL
export const ZMQ_MCAST_LOOP = optionConstants.ZMQ_MCAST_LOOP
export const ZMQ_SNDBUF = optionConstants.ZMQ_SNDBUF
export const ZMQ_RCVBUF = optionConstants.ZMQ_RCVBUF
export const ZMQ_RCVMORE = optionConstants.ZMQ_RCVMORE
export const ZMQ_FD = optionConstants.ZMQ_FD
export const ZMQ_EVENTS = optionConstants.ZMQ_EVENTS
export const ZMQ_TYPE = optionConstants.ZMQ_TYPE
export const ZMQ_LINGER = optionConstants.ZMQ_LINGER
export const ZMQ_RECONNECT_IVL = optionConstants.ZMQ_RECONNECT_IVL
export const ZMQ_BACKLOG = optionConstants.ZMQ_BACKLOG
export const ZMQ_RECOVERY_IVL_MSEC = optionConstants.ZMQ_RECOVERY_IVL_MSEC
export const ZMQ_RECONNECT_IVL_MAX = optionConstants.ZMQ_RECONNECT_IVL_MAX
export const ZMQ_MAXMSGSIZE = optionConstants.ZMQ_MAXMSGSIZE
export const ZMQ_SNDHWM = optionConstants.ZMQ_SNDHWM
export const ZMQ_RCVHWM = optionConstants.ZMQ_RCVHWM
export const ZMQ_MULTICAST_HOPS = optionConstants.ZMQ_MULTICAST_HOPS
export const ZMQ_RCVTIMEO = optionConstants.ZMQ_RCVTIMEO
export const ZMQ_SNDTIMEO = optionConstants.ZMQ_SNDTIMEO
export const ZMQ_IPV4ONLY = optionConstants.ZMQ_IPV4ONLY
export const ZMQ_LAST_ENDPOINT = optionConstants.ZMQ_LAST_ENDPOINT
export const ZMQ_ROUTER_MANDATORY = optionConstants.ZMQ_ROUTER_MANDATORY
export const ZMQ_TCP_KEEPALIVE = optionConstants.ZMQ_TCP_KEEPALIVE
export const ZMQ_TCP_KEEPALIVE_CNT = optionConstants.ZMQ_TCP_KEEPALIVE_CNT
export const ZMQ_TCP_KEEPALIVE_IDLE = optionConstants.ZMQ_TCP_KEEPALIVE_IDLE
export const ZMQ_TCP_KEEPALIVE_INTVL = optionConstants.ZMQ_TCP_KEEPALIVE_INTVL
export const ZMQ_TCP_ACCEPT_FILTER = optionConstants.ZMQ_TCP_ACCEPT_FILTER
export const ZMQ_DELAY_ATTACH_ON_CONNECT = optionConstants.ZMQ_DELAY_ATTACH_ON_CONNECT
export const ZMQ_XPUB_VERBOSE = optionConstants.ZMQ_XPUB_VERBOSE
export const ZMQ_ROUTER_RAW = optionConstants.ZMQ_ROUTER_RAW
export const ZMQ_IPV6 = optionConstants.ZMQ_IPV6
export const ZMQ_MECHANISM = optionConstants.ZMQ_MECHANISM
export const ZMQ_PLAIN_SERVER = optionConstants.ZMQ_PLAIN_SERVER
export const ZMQ_PLAIN_USERNAME = optionConstants.ZMQ_PLAIN_USERNAME
export const ZMQ_PLAIN_PASSWORD = optionConstants.ZMQ_PLAIN_PASSWORD
export const ZMQ_CURVE_SERVER = optionConstants.ZMQ_CURVE_SERVER
export const ZMQ_CURVE_PUBLICKEY = optionConstants.ZMQ_CURVE_PUBLICKEY
export const ZMQ_CURVE_SECRETKEY = optionConstants.ZMQ_CURVE_SECRETKEY
export const ZMQ_CURVE_SERVERKEY = optionConstants.ZMQ_CURVE_SERVERKEY
export const ZMQ_ZAP_DOMAIN = optionConstants.ZMQ_ZAP_DOMAIN
export const ZMQ_ROUTER_HANDOVER = optionConstants.ZMQ_ROUTER_HANDOVER
export const ZMQ_HEARTBEAT_IVL = optionConstants.ZMQ_HEARTBEAT_IVL
export const ZMQ_HEARTBEAT_TTL = optionConstants.ZMQ_HEARTBEAT_TTL
export const ZMQ_HEARTBEAT_TIMEOUT = optionConstants.ZMQ_HEARTBEAT_TIMEOUT
export const ZMQ_CONNECT_TIMEOUT = optionConstants.ZMQ_CONNECT_TIMEOUT
export const ZMQ_IO_THREADS = optionConstants.ZMQ_IO_THREADS
export const ZMQ_MAX_SOCKETS = optionConstants.ZMQ_MAX_SOCKETS

// Read-only, as the legacy module defined them.
declare const module: {exports?: Record<string, unknown>} | undefined
if (typeof module !== "undefined" && module?.exports) {
  const target = module.exports
  for (const [name, value] of Object.entries({...nativeConstants, ...optionConstants})) {
    const descriptor = Object.getOwnPropertyDescriptor(target, name)
    if (descriptor && descriptor.value === value && descriptor.configurable !== false) {
      Object.defineProperty(target, name, {value, writable: false, enumerable: true, configurable: false})
    }
  }
}
