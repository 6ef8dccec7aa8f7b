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
export const ZMQ_CAN_DISCONNECT = 1
export const ZMQ_CAN_UNBIND = 1
export const ZMQ_CAN_MONITOR = 1
export const ZMQ_CAN_SET_CTX = 1
export const ZMQ_PUB = 1
export const ZMQ_SUB = 2
export const ZMQ_XPUB = 9
export const ZMQ_XSUB = 10
export const ZMQ_REQ = 3
export const ZMQ_XREQ = 5
export const ZMQ_REP = 4
export const ZMQ_XREP = 6
export const ZMQ_DEALER = 5
export const ZMQ_ROUTER = 6
export const ZMQ_PUSH = 8
export const ZMQ_PULL = 7
export const ZMQ_PAIR = 0
export const ZMQ_STREAM = 11
export const ZMQ_POLLIN = 1
export const ZMQ_POLLOUT = 2
export const ZMQ_POLLERR = 4
export const ZMQ_SNDMORE = 2
export const ZMQ_NOBLOCK = 1
export const ZMQ_DONTWAIT = 1
export const STATE_READY = 0
export const STATE_BUSY = 1
export const STATE_CLOSED = 2
export const ZMQ_HWM = 1
export const ZMQ_SWAP = 3
export const ZMQ_AFFINITY = 4
export const ZMQ_IDENTITY = 5
export const ZMQ_SUBSCRIBE = 6
export const ZMQ_UNSUBSCRIBE = 7
export const ZMQ_RATE = 8
export const ZMQ_RECOVERY_IVL = 9
export const ZMQ_MCAST_LOOP = 10
export const ZMQ_SNDBUF = 11
export const ZMQ_RCVBUF = 12
export const ZMQ_RCVMORE = 13
export const ZMQ_FD = 14
export const ZMQ_EVENTS = 15
export const ZMQ_TYPE = 16
export const ZMQ_LINGER = 17
export const ZMQ_RECONNECT_IVL = 18
export const ZMQ_BACKLOG = 19
export const ZMQ_RECOVERY_IVL_MSEC = 20
export const ZMQ_RECONNECT_IVL_MAX = 21
export const ZMQ_MAXMSGSIZE = 22
export const ZMQ_SNDHWM = 23
export const ZMQ_RCVHWM = 24
export const ZMQ_MULTICAST_HOPS = 25
export const ZMQ_RCVTIMEO = 27
export const ZMQ_SNDTIMEO = 28
export const ZMQ_IPV4ONLY = 31
export const ZMQ_LAST_ENDPOINT = 32
export const ZMQ_ROUTER_MANDATORY = 33
export const ZMQ_TCP_KEEPALIVE = 34
export const ZMQ_TCP_KEEPALIVE_CNT = 35
export const ZMQ_TCP_KEEPALIVE_IDLE = 36
export const ZMQ_TCP_KEEPALIVE_INTVL = 37
export const ZMQ_TCP_ACCEPT_FILTER = 38
export const ZMQ_DELAY_ATTACH_ON_CONNECT = 39
export const ZMQ_XPUB_VERBOSE = 40
export const ZMQ_ROUTER_RAW = 41
export const ZMQ_IPV6 = 42
export const ZMQ_MECHANISM = 43
export const ZMQ_PLAIN_SERVER = 44
export const ZMQ_PLAIN_USERNAME = 45
export const ZMQ_PLAIN_PASSWORD = 46
export const ZMQ_CURVE_SERVER = 47
export const ZMQ_CURVE_PUBLICKEY = 48
export const ZMQ_CURVE_SECRETKEY = 49
export const ZMQ_CURVE_SERVERKEY = 50
export const ZMQ_ZAP_DOMAIN = 55
export const ZMQ_ROUTER_HANDOVER = 56
export const ZMQ_HEARTBEAT_IVL = 75
export const ZMQ_HEARTBEAT_TTL = 76
export const ZMQ_HEARTBEAT_TIMEOUT = 77
export const ZMQ_CONNECT_TIMEOUT = 79
export const ZMQ_IO_THREADS = 1
export const ZMQ_MAX_SOCKETS = 2

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
