/**
 * The surface: every member of the public APIs, found from the exports alone
 * (a new export, method, accessor or socket option is fuzzed without
 * touching the fuzzer). A member is one of
 *   call       an exported function
 *   construct  `new` of an exported class
 *   static     a static method of an exported class
 *   method     a method anywhere on an exported class's prototype chain
 *   get / set  an accessor there (socket options are accessors)
 * Inherited members defined outside this package (EventEmitter's,
 * Object's) are not ours to fuzz.
 */
import {EventEmitter} from "node:events"

/** Each API's entry point, as a user imports it. */
export const ENTRY_POINTS = {
  modern: "zmq-napi",
  draft: "zmq-napi/draft",
  compat: "zmq-napi/compat",
}

const FOREIGN_PROTOTYPES = new Set([Object.prototype, Function.prototype, EventEmitter.prototype])
const MODULE_INTEROP_KEYS = new Set(["default", "__esModule"])

export const isClass = (value) =>
  typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value))

const keyName = (key) => (typeof key === "symbol" ? `[${key.description}]` : key)

/**
 * The parameter names in a function's source ("send(message, options) {"),
 * for the oracle: a TypeError must name the argument it refuses. Destructured
 * and rest parameters give what names they can.
 */
export function parameterNames(fn) {
  const source = Function.prototype.toString.call(fn)
  return namesIn(/^[^(]*\(([^)]*)\)/.exec(source)?.[1] ?? "")
}

/** "message, options = {}, ...rest" → ["message", "options", "rest"] (defaults dropped). */
function namesIn(list) {
  return list.split(",").map((part) => /^\s*(?:\.\.\.)?\s*([A-Za-z_$][\w$]*)/.exec(part)?.[1]).filter(Boolean)
}

/** The constructor itself when the class has one of its own, else the nearest in its chain. */
function constructorParameters(cls) {
  for (let c = cls; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const source = Function.prototype.toString.call(c)
    const match = /^\s*constructor\s*\(([^)]*)\)/m.exec(source)
    if (match) return namesIn(match[1])
  }
  return []
}

function prototypeMembers(api, exportName, cls) {
  const members = []
  const seen = new Set()
  for (let proto = cls.prototype; proto && !FOREIGN_PROTOTYPES.has(proto); proto = Object.getPrototypeOf(proto)) {
    for (const key of Reflect.ownKeys(proto)) {
      if (key === "constructor" || seen.has(key)) continue
      seen.add(key)
      const descriptor = Object.getOwnPropertyDescriptor(proto, key)
      const base = {api, owner: exportName, cls, key, name: keyName(key)}
      if (typeof descriptor.value === "function") {
        members.push({...base, kind: "method", params: parameterNames(descriptor.value)})
      }
      if (descriptor.get) members.push({...base, kind: "get", params: []})
      if (descriptor.set) members.push({...base, kind: "set", params: [keyName(key)]})
    }
  }
  return members
}

/** Every member of one API's exports. */
export function surfaceOf(api, exports) {
  const members = []
  for (const [exportName, value] of Object.entries(exports)) {
    if (MODULE_INTEROP_KEYS.has(exportName) || typeof value !== "function") continue
    if (!isClass(value)) {
      members.push({api, owner: exportName, kind: "call", fn: value, name: exportName, params: parameterNames(value)})
      continue
    }
    members.push({api, owner: exportName, cls: value, kind: "construct", name: "constructor",
      params: constructorParameters(value)})
    for (const key of Reflect.ownKeys(value)) {
      const method = Object.getOwnPropertyDescriptor(value, key).value
      if (typeof method === "function" && !isClass(method)) {
        members.push({api, owner: exportName, cls: value, kind: "static", key, name: keyName(key),
          params: parameterNames(method)})
      }
    }
    members.push(...prototypeMembers(api, exportName, value))
  }
  return members
}

/** "Pair#bind", "Context.fromHandle", "new Proxy", "curveKeyPair", "Pair#linger=". */
export function memberLabel(member) {
  switch (member.kind) {
    case "call": return `${member.api}:${member.name}`
    case "construct": return `${member.api}:new ${member.owner}`
    case "static": return `${member.api}:${member.owner}.${member.name}`
    case "get": return `${member.api}:${member.owner}#${member.name} (read)`
    case "set": return `${member.api}:${member.owner}#${member.name}=`
    default: return `${member.api}:${member.owner}#${member.name}`
  }
}

/** Each API's exports, imported as a user would (the package's own name resolves to dist/). */
export async function loadApis() {
  const apis = {}
  for (const [api, entry] of Object.entries(ENTRY_POINTS)) apis[api] = await import(entry)
  return apis
}
