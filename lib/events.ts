/**
 * Socket monitor events: libzmq's numbers for them (the one place they are
 * written down; lib/compat/constants.ts reuses them), their names in the
 * `zeromq` v6 API, and the objects an Observer (lib/observer.ts) hands out.
 *
 * The numbers are those of include/zmq.h in libzmq 4.3.4. Each event comes
 * from libzmq's monitor with one 32-bit value (see lib/monitor.ts) whose
 * meaning depends on the event: a file descriptor, an errno, a reconnect
 * interval, a ZMQ_PROTOCOL_ERROR_* code or a ZAP status code.
 */
import {constants} from "node:os"
import {zapStatus} from "./constants"
import {binding} from "./native"

/** ZMQ_EVENT_* (include/zmq.h). */
export const EVENT_CONNECTED = 0x0001
export const EVENT_CONNECT_DELAYED = 0x0002
export const EVENT_CONNECT_RETRIED = 0x0004
export const EVENT_LISTENING = 0x0008
export const EVENT_BIND_FAILED = 0x0010
export const EVENT_ACCEPTED = 0x0020
export const EVENT_ACCEPT_FAILED = 0x0040
export const EVENT_CLOSED = 0x0080
export const EVENT_CLOSE_FAILED = 0x0100
export const EVENT_DISCONNECTED = 0x0200
export const EVENT_MONITOR_STOPPED = 0x0400
export const EVENT_HANDSHAKE_FAILED_NO_DETAIL = 0x0800
export const EVENT_HANDSHAKE_SUCCEEDED = 0x1000
export const EVENT_HANDSHAKE_FAILED_PROTOCOL = 0x2000
export const EVENT_HANDSHAKE_FAILED_AUTH = 0x4000
/** Every event of the v1 monitor format. */
export const EVENT_ALL = 0xffff

/** ZMQ_PROTOCOL_ERROR_* (include/zmq.h): the value of EVENT_HANDSHAKE_FAILED_PROTOCOL. */
export const protocolErrors = {
  ERR_ZMTP_UNSPECIFIED: 0x10000000,
  ERR_ZMTP_UNEXPECTED_COMMAND: 0x10000001,
  ERR_ZMTP_INVALID_SEQUENCE: 0x10000002,
  ERR_ZMTP_KEY_EXCHANGE: 0x10000003,
  ERR_ZMTP_MALFORMED_COMMAND_UNSPECIFIED: 0x10000011,
  ERR_ZMTP_MALFORMED_COMMAND_MESSAGE: 0x10000012,
  ERR_ZMTP_MALFORMED_COMMAND_HELLO: 0x10000013,
  ERR_ZMTP_MALFORMED_COMMAND_INITIATE: 0x10000014,
  ERR_ZMTP_MALFORMED_COMMAND_ERROR: 0x10000015,
  ERR_ZMTP_MALFORMED_COMMAND_READY: 0x10000016,
  ERR_ZMTP_MALFORMED_COMMAND_WELCOME: 0x10000017,
  ERR_ZMTP_INVALID_METADATA: 0x10000018,
  ERR_ZMTP_CRYPTOGRAPHIC: 0x11000001,
  ERR_ZMTP_MECHANISM_MISMATCH: 0x11000002,
  ERR_ZAP_UNSPECIFIED: 0x20000000,
  ERR_ZAP_MALFORMED_REPLY: 0x20000001,
  ERR_ZAP_BAD_REQUEST_ID: 0x20000002,
  ERR_ZAP_BAD_VERSION: 0x20000003,
  ERR_ZAP_INVALID_STATUS_CODE: 0x20000004,
  ERR_ZAP_INVALID_METADATA: 0x20000005,
  ERR_WS_UNSPECIFIED: 0x30000000,
} as const

/** An event's `error` for failures libzmq reports with an errno. */
export interface ErrnoError extends Error {
  /** The errno's name, e.g. "EADDRINUSE". */
  code: string
  errno: number
  /** The endpoint the event is about, where libzmq gives one. */
  address?: string
}

/** The ZMTP or ZAP reason of a `handshake:error:protocol`, as `zeromq` v6 names it. */
export type ProtocolErrorCode = keyof typeof protocolErrors | "ERR_UNKNOWN"

/** The `error` of `handshake:error:protocol`. */
export interface ProtoError extends Error {
  /** The reason, e.g. "ERR_ZMTP_UNEXPECTED_COMMAND" (ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND). */
  code: ProtocolErrorCode
  /** libzmq's ZMQ_PROTOCOL_ERROR_* number for the reason. */
  errno: number
  address?: string
}

/** The `error` of `handshake:error:auth`: the ZAP handler (or the peer's ERROR command) refused. */
export interface AuthError extends Error {
  /** The ZAP status code (RFC 27): 300 temporary error, 400 authentication failure, 500 internal error. */
  status: 300 | 400 | 500
  /** "ERR_AUTH_TEMPORARY", "ERR_AUTH_FAILURE" or "ERR_AUTH_INTERNAL", after `status`. */
  code: AuthErrorCode
  /** The status code again, as libzmq reported it. */
  errno: number
  address?: string
}

export type AuthErrorCode = "ERR_AUTH_TEMPORARY" | "ERR_AUTH_FAILURE" | "ERR_AUTH_INTERNAL"

export interface EventAddress {
  /** The endpoint, as libzmq reports it (see the README: a failed tcp bind's has no scheme). */
  address: string
}

export interface EventInterval {
  /** The reconnect interval libzmq chose, in milliseconds. */
  interval: number
}

export interface EventError<E = ErrnoError> {
  error: E
}

/** Flattens an intersection into one object type, so editors show `{type, address}`. */
type Expand<T> = T extends infer O ? {[K in keyof O]: O[K]} : never

export type EventFor<T extends string, D = {}> = Expand<{type: T} & D>

/**
 * An event of a socket, as an Observer delivers it. `type` names it; the
 * other properties depend on the type:
 *
 * - `accept` (ZMQ_EVENT_ACCEPTED): a listener accepted a connection.
 * - `accept:error` (ACCEPT_FAILED): a listener could not accept one (EMFILE, ...).
 * - `bind` (LISTENING), `bind:error` (BIND_FAILED).
 * - `connect` (CONNECTED), `connect:delay` (CONNECT_DELAYED: the attempt is in
 *   progress), `connect:retry` (CONNECT_RETRIED, with the `interval` until the
 *   next attempt).
 * - `close` (CLOSED): a listener or a connecting attempt's descriptor was
 *   closed; this is also how libzmq reports an unbind. `close:error`
 *   (CLOSE_FAILED): an ipc listener could not remove its socket file.
 * - `disconnect` (DISCONNECTED): an established connection ended.
 * - `handshake` (HANDSHAKE_SUCCEEDED), `handshake:error:protocol` (the ZMTP or
 *   ZAP reason in `error.code`), `handshake:error:auth` (the ZAP status in
 *   `error.status`), `handshake:error:other` (HANDSHAKE_FAILED_NO_DETAIL: the
 *   connection failed during the handshake, with its errno).
 * - `end` (MONITOR_STOPPED, or the context was closed): the last event.
 * - `unknown`: an event this version does not know (a newer libzmq).
 *
 * There is no `error` event, on purpose: an EventEmitter throws an unhandled one.
 */
export type Event =
  | EventFor<"accept", EventAddress>
  | EventFor<"accept:error", EventAddress & EventError>
  | EventFor<"bind", EventAddress>
  | EventFor<"bind:error", EventAddress & EventError>
  | EventFor<"connect", EventAddress>
  | EventFor<"connect:delay", EventAddress>
  | EventFor<"connect:retry", EventAddress & EventInterval>
  | EventFor<"close", EventAddress>
  | EventFor<"close:error", EventAddress & EventError>
  | EventFor<"disconnect", EventAddress>
  | EventFor<"end">
  | EventFor<"handshake", EventAddress>
  | EventFor<"handshake:error:protocol", EventAddress & EventError<ProtoError>>
  | EventFor<"handshake:error:auth", EventAddress & EventError<AuthError>>
  | EventFor<"handshake:error:other", EventAddress & EventError>
  | EventFor<"unknown">

export type EventType = Event["type"]

/** The event object of one type, e.g. `EventOfType<"connect:retry">`. */
export type EventOfType<E extends EventType = EventType> = Expand<Extract<Event, Event & EventFor<E>>>

/** libzmq event number → `zeromq` v6 event type. */
export const eventTypes: Readonly<Record<number, EventType>> = Object.freeze({
  [EVENT_CONNECTED]: "connect",
  [EVENT_CONNECT_DELAYED]: "connect:delay",
  [EVENT_CONNECT_RETRIED]: "connect:retry",
  [EVENT_LISTENING]: "bind",
  [EVENT_BIND_FAILED]: "bind:error",
  [EVENT_ACCEPTED]: "accept",
  [EVENT_ACCEPT_FAILED]: "accept:error",
  [EVENT_CLOSED]: "close",
  [EVENT_CLOSE_FAILED]: "close:error",
  [EVENT_DISCONNECTED]: "disconnect",
  [EVENT_MONITOR_STOPPED]: "end",
  [EVENT_HANDSHAKE_FAILED_NO_DETAIL]: "handshake:error:other",
  [EVENT_HANDSHAKE_SUCCEEDED]: "handshake",
  [EVENT_HANDSHAKE_FAILED_PROTOCOL]: "handshake:error:protocol",
  [EVENT_HANDSHAKE_FAILED_AUTH]: "handshake:error:auth",
})

const protocolErrorNames = new Map<number, ProtocolErrorCode>(
  Object.entries(protocolErrors).map(([name, value]) => [value, name as ProtocolErrorCode]))

/** The messages `zeromq` v6 gives these errors, kept so that code matching them still works. */
const authErrors: Record<number, [AuthErrorCode, string]> = {
  [zapStatus.temporaryError]: ["ERR_AUTH_TEMPORARY", "Temporary error"],
  [zapStatus.authenticationFailure]: ["ERR_AUTH_FAILURE", "Authentication failure"],
  [zapStatus.internalError]: ["ERR_AUTH_INTERNAL", "Internal error"],
}

type ErrnoErrorFactory = (errno: number) => ErrnoError
/** src-native/monitor.cc: libzmq's strerror text, `code` and `errno` for an errno. */
const nativeErrnoError = (binding as unknown as {zmqError: ErrnoErrorFactory}).zmqError

/** errno → name, for the system errors libzmq's API never returns but events carry (EPIPE, ...). */
const errnoNames = new Map<number, string>(Object.entries(constants.errno).map(([name, value]) => [value, name]))

function errnoError(errno: number): ErrnoError {
  const error = nativeErrnoError(errno)
  if (error.code === "EUNKNOWN") error.code = errnoNames.get(errno) ?? "EUNKNOWN"
  return error
}

/** The event object for one monitor record. */
export function toEvent(id: number, value: number, address: string): Event {
  const type: EventType = eventTypes[id] ?? "unknown"
  const event = {type} as {type: EventType; address?: string; interval?: number; error?: Error}
  if (address !== "") event.address = address
  switch (id) {
    case EVENT_CONNECT_RETRIED:
      event.interval = value
      break
    case EVENT_BIND_FAILED:
    case EVENT_ACCEPT_FAILED:
    case EVENT_CLOSE_FAILED:
    case EVENT_HANDSHAKE_FAILED_NO_DETAIL:
      event.error = withAddress(errnoError(value), address)
      break
    case EVENT_HANDSHAKE_FAILED_PROTOCOL:
      event.error = protocolError(value, address)
      break
    case EVENT_HANDSHAKE_FAILED_AUTH:
      event.error = authError(value, address)
      break
  }
  return event as Event
}

function protocolError(value: number, address: string): ProtoError {
  const code = protocolErrorNames.get(value) ?? "ERR_UNKNOWN"
  // zeromq v6's messages: "ZMTP protocol error", "ZAP protocol error".
  const family = code.startsWith("ERR_ZAP_") ? "ZAP" : code.startsWith("ERR_WS_") ? "WS" : "ZMTP"
  const message = code === "ERR_UNKNOWN" ? "Unknown error" : `${family} protocol error`
  const error = new Error(message) as ProtoError
  error.code = code
  error.errno = value
  return withAddress(error, address)
}

function authError(value: number, address: string): AuthError {
  const [code, message] = authErrors[value] ?? ["ERR_AUTH_FAILURE", "Unknown error"]
  const error = new Error(message) as AuthError
  error.status = value as AuthError["status"]
  error.code = code
  error.errno = value
  return withAddress(error, address)
}

function withAddress<E extends Error & {address?: string}>(error: E, address: string): E {
  if (address !== "") error.address = address
  return error
}
