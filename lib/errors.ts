/**
 * Errors raised by the JS layer itself. Native failures already arrive as
 * Errors with `code`, `errno` and (for endpoints) `address`; these helpers
 * give conditions detected in JS the same shape.
 */

/** An Error carrying libzmq-style `code` and `errno`. */
export interface ZmqError extends Error {
  code: string
  errno?: number
  address?: string
}

import {errnos} from "./constants"

export function codeError(code: string, message: string): ZmqError {
  const error = new Error(message) as ZmqError
  error.code = code
  if (code in errnos) error.errno = errnos[code as keyof typeof errnos]
  return error
}

/**
 * The texts `zeromq` v6 gives in place of libzmq's for a few errnos (same
 * code and errno); the legacy API keeps libzmq's texts.
 */
const zeromqTexts: Readonly<Record<string, string>> = {
  ENOENT: "No such endpoint",
  EMFILE: "Too many open file descriptors",
  EFAULT: "Context is closed",
}

/** A native error of the modern API, with `zeromq`'s text where it has its own. */
export function withZeromqText(error: unknown): unknown {
  const text = zeromqTexts[(error as {code?: string} | null)?.code ?? ""]
  if (text !== undefined) (error as Error).message = text
  return error
}

export const closedError = () => codeError("EBADF", "Socket is closed")
export const timeoutError = () => codeError("EAGAIN", "Operation was not possible or timed out")
export const terminatedError = () => codeError("ETERM", "Context was terminated")
export const proxiedError = () => codeError("EBUSY", "Socket is in use by a proxy")

/**
 * libzmq refused a send or receive in the socket's current state (EFSM: a
 * Request that has not had its reply, a Reply that has not had a request).
 * Both APIs then wait, as `zeromq` v6 and the legacy binding do by checking
 * readiness first: libzmq reports the socket writable (readable) exactly when
 * its state allows a send (receive) again.
 */
export function isStateRefusal(error: unknown): boolean {
  return (error as {code?: unknown} | null)?.code === "EFSM"
}

/** The error that close() (EBADF) or Context.close() (ETERM) gives what was pending. */
export function isClosingError(error: unknown): boolean {
  const code = (error as {code?: unknown} | null)?.code
  return code === "EBADF" || code === "ETERM"
}
