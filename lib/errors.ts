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

export const closedError = () => codeError("EBADF", "Socket is closed")
export const timeoutError = () => codeError("EAGAIN", "Operation was not possible or timed out")
export const terminatedError = () => codeError("ETERM", "Context was terminated")
export const proxiedError = () => codeError("EBUSY", "Socket is in use by a proxy")
