/**
 * Installs the typed option properties of `option-table.ts` on the socket and
 * context classes, with the checks a user relies on: unknown names, wrong
 * types, out-of-range numbers and writes to read-only options all throw a
 * TypeError or RangeError that names the option.
 */
import {bytesOf} from "./bytes"
import {z85Decode} from "./curve"
import {capability} from "./native"
import {type OptionSpec, type OptionType, socketOptions, type SocketTypeName, XPUB_VERBOSER} from "./option-table"

/** The representation codes shared with src-native/socket.cc. */
export const enum NativeKind {
  Int32 = 0,
  Int64 = 1,
  Uint64 = 2,
  Binary = 3,
  String = 4,
  CurveKey = 5,
}

/** What the option accessors need from an object (a Socket or a Context). */
export interface OptionHost {
  getOption(id: number, kind: NativeKind): unknown
  setOption(id: number, kind: NativeKind, value: unknown): void
  /** Values of write-only options, remembered so they can be read back. */
  readonly writeOnlyValues: Map<string, unknown>
}

const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1
export const INT64_MIN = -(2n ** 63n)
export const INT64_MAX = 2n ** 63n - 1n
export const UINT64_MAX = 2n ** 64n - 1n

const mechanisms = [null, "plain", "curve", "gssapi"] as const

function describe(value: unknown): string {
  if (value === null) return "null"
  if (typeof value === "function") return "function"
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`
  if (typeof value === "object") return (value as object).constructor?.name ?? "object"
  return `${typeof value} ${String(value)}`
}

function typeError(name: string, expected: string, value: unknown): TypeError {
  return new TypeError(`Option "${name}" must be ${expected}, got ${describe(value)}`)
}

function isBytes(value: unknown): value is ArrayBufferView {
  return ArrayBuffer.isView(value)
}

const asBytes = bytesOf

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value)) throw typeError(name, "an integer", value)
  if (value < min || value > max) throw new RangeError(`Option "${name}" must be between ${min} and ${max}, got ${value}`)
  return value
}

function checkBigInteger(name: string, value: unknown, min: bigint, max: bigint): number | bigint {
  const big = typeof value === "bigint" ? value
    : typeof value === "number" && Number.isInteger(value) ? BigInt(value)
    : undefined
  if (big === undefined) throw typeError(name, "an integer or a bigint", value)
  if (big < min || big > max) throw new RangeError(`Option "${name}" must be between ${min} and ${max}, got ${big}`)
  return value as number | bigint
}

/** Validates a JS value and converts it to what the native setter takes. */
function toNative(name: string, type: OptionType, value: unknown): unknown {
  switch (type) {
    case "int": return checkInteger(name, value, INT32_MIN, INT32_MAX)
    case "bool":
      if (typeof value !== "boolean") throw typeError(name, "a boolean", value)
      return value ? 1 : 0
    case "int64": return checkBigInteger(name, value, INT64_MIN, INT64_MAX)
    case "uint64": return checkBigInteger(name, value, 0n, UINT64_MAX)
    case "bin":
    case "str":
      if (value === null || typeof value === "string") return value
      if (isBytes(value)) return asBytes(value)
      throw typeError(name, "a string, a Buffer or null", value)
    case "key":
      if (typeof value === "string") {
        if (value.length !== 40) throw new RangeError(`Option "${name}" must be a 40-character Z85 string or 32 bytes, got ${value.length} characters`)
        // Decoded here, where every character is checked: libzmq decodes the
        // text as a C string, and an embedded NUL left part of the previous
        // key in place without an error.
        try {
          return z85Decode(value)
        } catch {
          throw new RangeError(`Option "${name}" must be a 40-character Z85 string or 32 bytes, got 40 characters that are not Z85`)
        }
      }
      if (isBytes(value)) {
        if (value.byteLength !== 32) throw new RangeError(`Option "${name}" must be a 40-character Z85 string or 32 bytes, got ${value.byteLength} bytes`)
        return asBytes(value)
      }
      throw typeError(name, "a 40-character Z85 string or a 32-byte Buffer", value)
    default:
      throw new TypeError(`Option "${name}" cannot be set`)
  }
}

/** The native representation of an option type. */
export function nativeKind(type: OptionType): NativeKind {
  switch (type) {
    case "int64": return NativeKind.Int64
    case "uint64": return NativeKind.Uint64
    case "bin": return NativeKind.Binary
    case "str": return NativeKind.String
    case "key": return NativeKind.CurveKey
    default: return NativeKind.Int32
  }
}

function read(host: OptionHost, name: string, spec: OptionSpec): unknown {
  if (spec.access === "W") return host.writeOnlyValues.get(name)
  const raw = host.getOption(spec.id, nativeKind(spec.type))
  switch (spec.type) {
    case "bool": return raw !== 0
    case "mechanism": return mechanisms[raw as number] ?? null
    // As in zeromq: an unset (or emptied) text option reads null.
    case "str": return raw === "" ? null : raw
    // A string, as zeromq's, but complete: zeromq cuts it at the first NUL.
    case "bin": return (raw as Buffer).length === 0 ? null : (raw as Buffer).toString("utf8")
    // libzmq reports an unset key as the Z85 form of 32 zero bytes.
    case "key": return raw === "0".repeat(40) ? null : raw
    default: return raw
  }
}

function write(host: OptionHost, name: string, spec: OptionSpec, value: unknown): void {
  if (spec.access === "R") throw new TypeError(`Option "${name}" is read-only`)
  if (spec.type === "verbosity") {
    if (value !== null && value !== "allSubs" && value !== "allSubsUnsubs") {
      throw typeError(name, 'null, "allSubs" or "allSubsUnsubs"', value)
    }
    // libzmq spreads this over two options, and each write sets both of its
    // flags: VERBOSE=1 gives subscriptions only, VERBOSER=0 or 1 none or both.
    if (value === "allSubs") host.setOption(socketOptions.verbosity.id, NativeKind.Int32, 1)
    else host.setOption(XPUB_VERBOSER, NativeKind.Int32, value === "allSubsUnsubs" ? 1 : 0)
  } else {
    const converted = toNative(name, spec.type, value)
    try {
      host.setOption(spec.id, nativeKind(spec.type), converted)
    } catch (error) {
      // libzmq's EINVAL says nothing about which option or value it refused.
      if ((error as {code?: string}).code === "EINVAL") {
        (error as Error).message = `Option "${name}" does not accept ${describe(value)}: ${(error as Error).message}`
      }
      throw error
    }
  }
  if (spec.access === "W") host.writeOnlyValues.set(name, value)
}

/** Whether this libzmq build has what an option needs. */
export function optionAvailable(spec: OptionSpec): boolean {
  if (spec.draft && !capability.draft) return false
  if (spec.requires && !capability[spec.requires]) return false
  return true
}

export function appliesTo(spec: OptionSpec, type: SocketTypeName, sends: boolean, receives: boolean): boolean {
  if (spec.on === "all") return true
  if (spec.on === "send") return sends
  if (spec.on === "receive") return receives
  return spec.on.includes(type)
}

/** Defines one accessor per option on `prototype`. */
export function defineOptions(prototype: object, table: Record<string, OptionSpec>,
                              filter: (spec: OptionSpec) => boolean): void {
  for (const [name, spec] of Object.entries(table)) {
    if (!optionAvailable(spec) || !filter(spec)) continue
    Object.defineProperty(prototype, name, {
      configurable: true,
      // As zeromq's: `for...in` over a socket or context lists no options.
      enumerable: false,
      get(this: OptionHost) { return read(this, name, spec) },
      set(this: OptionHost, value: unknown) { write(this, name, spec, value) },
    })
  }
}

/** The closest known option name, for "did you mean" hints on typos. */
function closest(name: string, known: string[]): string | undefined {
  const lower = name.toLowerCase()
  return known.find(candidate => candidate.toLowerCase() === lower)
    ?? known.find(candidate => candidate.toLowerCase().startsWith(lower) || lower.startsWith(candidate.toLowerCase()))
}

/**
 * Checks that `options` is an options object before anyone walks it. Bytes,
 * arrays and functions are objects too, but their indices are not option
 * names: walked as options, a 10 MB Buffer's ten million entries took over
 * ten seconds and more than a gigabyte before its first index failed as an
 * unknown option.
 */
export function checkOptions(options: unknown): object {
  if (typeof options !== "object" || options === null || Array.isArray(options) || ArrayBuffer.isView(options)
      || options instanceof ArrayBuffer || options instanceof SharedArrayBuffer) {
    throw new TypeError("Options must be an object")
  }
  return options
}

/**
 * Applies constructor options through the accessors; an unknown name throws a
 * TypeError naming it (and the nearest known option, if any).
 */
export function assignOptions(target: object, options: Record<string, unknown>, what: string,
                              skip: readonly string[] = []): void {
  const prototype = Object.getPrototypeOf(target)
  for (const [name, value] of Object.entries(options)) {
    if (skip.includes(name)) continue
    let descriptor: PropertyDescriptor | undefined
    for (let p = prototype; p && !descriptor; p = Object.getPrototypeOf(p)) {
      descriptor = Object.getOwnPropertyDescriptor(p, name)
    }
    if (!descriptor?.set) {
      const known: string[] = []
      for (let p = prototype; p; p = Object.getPrototypeOf(p)) {
        for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) if (d.set) known.push(key)
      }
      const hint = closest(name, known)
      throw new TypeError(`Unknown option "${name}" for ${what}${hint ? ` (did you mean "${hint}"?)` : ""}`)
    }
    descriptor.set.call(target, value)
  }
}
