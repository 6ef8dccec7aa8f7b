/**
 * The hostile values: everything a caller can pass that a binding must
 * refuse cleanly (or accept). Each is made fresh per call (a call may keep or
 * change what it is given). A value that throws by itself (a getter, a trap,
 * a conversion) throws a FuzzTrap, which the oracle lets through: passing the
 * caller's own exception on is correct.
 */

export class FuzzTrap extends Error {
  constructor(where) {
    super(`fuzz trap: ${where}`)
    this.code = "FUZZ_TRAP"
  }
}

const trap = (where) => () => { throw new FuzzTrap(where) }

/** An ArrayBuffer whose memory was transferred away (byteLength 0, unusable). */
function detachedArrayBuffer() {
  const buffer = new ArrayBuffer(16)
  structuredClone(buffer, {transfer: [buffer]})
  return buffer
}

/** A Buffer over a detached ArrayBuffer: still a Uint8Array, its memory gone. */
function detachedBuffer() {
  const buffer = Buffer.from(new ArrayBuffer(16))
  structuredClone(buffer.buffer, {transfer: [buffer.buffer]})
  return buffer
}

const PROXY_TRAPS = ["get", "set", "has", "deleteProperty", "ownKeys", "getOwnPropertyDescriptor", "defineProperty",
  "getPrototypeOf", "setPrototypeOf", "isExtensible", "preventExtensions", "apply", "construct"]

/** A Proxy over `target` whose every trap throws. */
function throwingProxy(target) {
  return new Proxy(target, Object.fromEntries(PROXY_TRAPS.map((name) => [name, trap(`proxy ${name}`)])))
}

/** An object whose every named property (option names, method names) is a throwing getter. */
function throwingGetters(names) {
  const object = {}
  for (const name of names) Object.defineProperty(object, name, {get: trap(`getter ${name}`), enumerable: true})
  return object
}

const HUGE_STRING_LENGTH = 2 ** 22
const SPARSE_ARRAY_LENGTH = 2 ** 24
const DENSE_ARRAY_LENGTH = 2 ** 17

/**
 * name → make(): the catalogue. `names` are the surface's property names, so
 * an object of throwing getters has a getter for every option a call might read.
 */
export function hostileValues(names) {
  return [
    ["undefined", () => undefined],
    ["null", () => null],
    ["NaN", () => NaN],
    ["Infinity", () => Infinity],
    ["-Infinity", () => -Infinity],
    ["-1", () => -1],
    ["-0", () => -0],
    ["0.5", () => 0.5],
    ["2**31", () => 2 ** 31],
    ["2**32", () => 2 ** 32],
    ["2**53", () => 2 ** 53],
    ["-(2**53)", () => -(2 ** 53)],
    ["MAX_VALUE", () => Number.MAX_VALUE],
    ["true", () => true],
    ["empty string", () => ""],
    ["huge string", () => "x".repeat(HUGE_STRING_LENGTH)],
    ["string with NUL", () => "inproc://a\0b"],
    ["lone surrogate", () => "\ud800"],
    ["Symbol", () => Symbol("fuzz")],
    ["BigInt 10n", () => 10n],
    ["BigInt 2n**64n", () => 2n ** 64n],
    ["BigInt -1n", () => -1n],
    ["detached ArrayBuffer", detachedArrayBuffer],
    ["detached Buffer", detachedBuffer],
    ["SharedArrayBuffer", () => new SharedArrayBuffer(8)],
    ["Float64Array", () => new Float64Array([NaN, -0])],
    ["BigInt64Array", () => new BigInt64Array(2)],
    ["DataView", () => new DataView(new ArrayBuffer(4))],
    ["empty Buffer", () => Buffer.alloc(0)],
    ["throwing getters", () => throwingGetters(names)],
    ["throwing conversions", () => ({toString: trap("toString"), valueOf: trap("valueOf"),
      [Symbol.toPrimitive]: trap("Symbol.toPrimitive")})],
    ["array-like with throwing length", () => Object.defineProperty({}, "length", {get: trap("length"), enumerable: true})],
    ["Proxy with throwing traps", () => throwingProxy({})],
    ["Proxy array with throwing traps", () => throwingProxy([])],
    ["Proxy function with throwing traps", () => throwingProxy(function target() {})],
    ["sparse array of length 2**24", () => new Array(SPARSE_ARRAY_LENGTH)],
    ["large dense array", () => new Array(DENSE_ARRAY_LENGTH).fill(0)],
    ["array of hostile values", () => [Symbol("fuzz"), {}, null, detachedBuffer()]],
    ["frozen object", () => Object.freeze({linger: 0})],
    ["null-prototype object", () => Object.create(null)],
    ["function", () => function fuzz() {}],
    ["async function", () => async () => {}],
    ["class", () => class Fuzz {}],
    ["resolved Promise", () => Promise.resolve(1)],
    ["pending Promise", () => new Promise(() => {})],
    ["invalid Date", () => new Date(NaN)],
    ["RegExp", () => /fuzz/g],
    ["Map", () => new Map([["linger", 0]])],
    ["Error", () => new Error("fuzz")],
    ["aborted AbortSignal", () => AbortSignal.abort()],
  ]
}
