/**
 * Errors of the legacy API: the legacy message texts (libzmq's strerror, or
 * "Socket is closed"), now with `code` and `errno`.
 */
import {errnos} from "../constants"
import {binding} from "../native"

export interface LegacyError extends Error {
  code?: string
  errno?: number
  address?: string
}

type ErrorFactory = (errno: number) => LegacyError

/** The optional native helper (src-native/monitor.cc). */
const nativeError = (binding as unknown as {zmqError?: ErrorFactory}).zmqError

const known: Record<number, [string, string]> = {
  [errnos.EBADF]: ["EBADF", "Bad file descriptor"],
  [errnos.EAGAIN]: ["EAGAIN", "Resource temporarily unavailable"],
  [errnos.EINVAL]: ["EINVAL", "Invalid argument"],
}

function withCode<E extends LegacyError>(error: E, code: string, errno: number): E {
  error.code = code
  error.errno = errno
  return error
}

/** The Error libzmq reports for `errno`: strerror text, `code`, `errno`. */
export function zmqError(errno: number): LegacyError {
  if (nativeError) return nativeError(errno)
  const [code, message] = known[errno] ?? ["EUNKNOWN", `Unknown error ${errno}`]
  return withCode(new Error(message), code, errno)
}

/** What every operation on a closed socket throws (a TypeError, as in the legacy binding). */
export function closedError(): LegacyError {
  return withCode(new TypeError("Socket is closed"), "EBADF", errnos.EBADF)
}

/** An unknown option number/alias or a value libzmq would refuse. */
export function invalidArgument(): LegacyError {
  return zmqError(errnos.EINVAL)
}

/** A send that could not be handed to libzmq in time (ZMQ_DONTWAIT, SNDTIMEO). */
export function wouldBlock(): LegacyError {
  return zmqError(errnos.EAGAIN)
}
