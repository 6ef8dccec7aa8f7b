/**
 * The oracle: what a call may do with hostile arguments. It may return, or
 * fail with
 *   - an Error with a string `code` (libzmq's errors, EBADF after close, ...),
 *   - a TypeError or RangeError whose message names the argument (one of the
 *     parameter names, or the property/option set),
 *   - the caller's own exception (a throwing getter's, a signal's reason).
 * Anything else is a finding: a thrown non-Error, a plain Error without code,
 * a TypeError from deep inside (V8's or node-addon-api's own messages, which
 * name no argument), or a message that names none of them. Crashes, hangs,
 * leaks and unhandled rejections are judged by the runner.
 */
import {FuzzTrap} from "./hostile.mjs"

/** Messages V8, Node and node-addon-api make up when code trips over a value it did not check. */
const INTERNAL_MESSAGES = new RegExp([
  "Cannot read propert", "Cannot set propert", "is not a function", "is not iterable", "is not a constructor",
  "Cannot convert", "Cannot destructure", "Invalid array length", "Maximum call stack", "Cannot create property",
  "called on null or undefined", "Cannot mix BigInt", "Invalid typed array length", "Array buffer allocation failed",
  "Invalid string length", "object is not extensible", "Cannot assign to read only", "Cannot define property",
  "cannot be invoked without 'new'", "Cannot (?:read|write) private member", "detached", "out of memory",
  "^An? (?:number|string|boolean|object|array|bigint|function|buffer|typed array|external) was expected",
  "^Invalid argument$", "Invalid atomic access", "Cannot perform ", "Reduce of empty",
].join("|"), "i")

/** Whether `message` names `name`, in any case, as camelCase or snake_case (`ioThreads`, "io_threads"). */
const flatten = (text) => String(text).toLowerCase().replaceAll("_", "")
const mentions = (message, name) => flatten(message).includes(flatten(name))

/**
 * null if `error` is an acceptable failure of a call whose arguments are
 * named `names` (for a public member); otherwise why it is a finding.
 */
export function judge(error, names, isPublic) {
  if (error instanceof FuzzTrap) return null
  if (!(error instanceof Error)) return `threw a non-Error: ${describeThrown(error)}`
  if (error.name === "AbortError") return null
  if (typeof error.code === "string" && error.code !== "") return null
  if (!isPublic) return null
  if (error instanceof TypeError || error instanceof RangeError) {
    if (INTERNAL_MESSAGES.test(error.message)) return `internal ${error.name}: ${error.message}`
    if (names.length > 0 && !names.some((name) => mentions(error.message, name))) {
      return `${error.name} names none of (${names.join(", ")}): ${error.message}`
    }
    return null
  }
  return `${error.name} without a code: ${error.message}`
}

function describeThrown(value) {
  try {
    return typeof value === "symbol" ? value.toString() : `${typeof value} ${String(value).slice(0, 60)}`
  } catch {
    return typeof value
  }
}
