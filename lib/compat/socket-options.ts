/**
 * setsockopt/getsockopt by number, the legacy way, over the native socket.
 *
 * Every libzmq 4.3 option number is accepted (the legacy binding refused
 * numbers outside its own short lists before libzmq saw them, so this is a
 * superset), plus the legacy 2.x numbers, which libzmq 4.x refuses with
 * EINVAL as it did under the legacy binding. A number libzmq does not know
 * throws "Invalid argument" (code EINVAL).
 *
 * Read-back: identity and the CURVE keys come back as complete Buffers (the
 * keys as their 40-character Z85 text); text options (last_endpoint,
 * plain_username, zap_domain, ...) as strings; numbers as numbers.
 */
import {bytesOf} from "../bytes"
import type {NativeSocket} from "../native"
import {allSocketOptions, XPUB_VERBOSER} from "../option-table"
import {INT64_MAX, INT64_MIN, NativeKind, nativeKind, UINT64_MAX} from "../options"
import {optionConstants as O} from "./constants"
import {invalidArgument, type LegacyError} from "./errors"

/** Option number → how libzmq stores it. */
const kinds = new Map<number, NativeKind>()
for (const spec of Object.values(allSocketOptions)) kinds.set(spec.id, nativeKind(spec.type))
// Numbers the modern table leaves out (handled by its methods, or 2.x-only).
kinds.set(O.ZMQ_HWM, NativeKind.Uint64) // 2.x only
kinds.set(O.ZMQ_SWAP, NativeKind.Int64) // 2.x only
kinds.set(O.ZMQ_SUBSCRIBE, NativeKind.Binary)
kinds.set(O.ZMQ_UNSUBSCRIBE, NativeKind.Binary)
kinds.set(O.ZMQ_MCAST_LOOP, NativeKind.Int64) // 2.x only
kinds.set(O.ZMQ_RCVMORE, NativeKind.Int32)
kinds.set(O.ZMQ_FD, NativeKind.Int32)
kinds.set(O.ZMQ_EVENTS, NativeKind.Int32)
kinds.set(O.ZMQ_RECOVERY_IVL_MSEC, NativeKind.Int64) // 2.x only
kinds.set(XPUB_VERBOSER, NativeKind.Int32)

function kindOf(id: unknown): NativeKind {
  const kind = typeof id === "number" ? kinds.get(id) : undefined
  if (kind === undefined) throw invalidArgument()
  return kind
}

function typeError(message: string): LegacyError {
  const error: LegacyError = new TypeError(message)
  error.code = "EINVAL"
  error.errno = 22
  return error
}

function toNativeValue(kind: NativeKind, value: unknown): unknown {
  switch (kind) {
    case NativeKind.Int32:
      if (typeof value === "boolean") return value ? 1 : 0
      if (typeof value !== "number" || !Number.isFinite(value)) throw typeError("Value must be an integer")
      return Math.trunc(value)
    case NativeKind.Int64:
    case NativeKind.Uint64:
      if (typeof value === "bigint") {
        // libzmq cannot take it: EINVAL, as for any value libzmq refuses.
        if (value < (kind === NativeKind.Int64 ? INT64_MIN : 0n) || value > (kind === NativeKind.Int64 ? INT64_MAX : UINT64_MAX)) {
          throw invalidArgument()
        }
        return value
      }
      if (typeof value !== "number" || !Number.isFinite(value)) throw typeError("Value must be an integer")
      return Math.trunc(value)
    default:
      if (value === null || value === undefined || typeof value === "string") return value ?? null
      if (ArrayBuffer.isView(value)) return bytesOf(value)
      throw typeError("Value must be a buffer")
  }
}

export function setOption(native: NativeSocket, id: unknown, value: unknown): void {
  const kind = kindOf(id)
  native.setOption(id as number, kind, toNativeValue(kind, value))
}

export function getOption(native: NativeSocket, id: unknown): unknown {
  const kind = kindOf(id)
  if (id === O.ZMQ_EVENTS) return native.events
  const value = native.getOption(id as number, kind)
  if (kind === NativeKind.CurveKey) return Buffer.from(value as string, "latin1")
  return value
}
