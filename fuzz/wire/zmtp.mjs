/**
 * ZMTP on the wire, as a peer writes it (RFC 23/37 ZMTP 3.0/3.1, RFC 24
 * PLAIN, RFC 26 CURVE, and ZMTP/1.0 framing for libzmq's fallback). Only
 * encoding: what to write, well-formed or not, is the generators' choice, so
 * every function takes the values to write without checking them.
 */

/** Frame flags (RFC 23 section "Framing"). */
export const MORE = 0x01
export const LONG = 0x02
export const COMMAND = 0x04

/** A short frame's size fits one octet; anything larger needs the 8-octet long form. */
export const SHORT_SIZE_MAX = 255

/** The greeting is 64 octets: signature (10), version (2), mechanism (20), as-server (1), filler (31). */
export const GREETING_SIZE = 64
const MECHANISM_OFFSET = 12
const MECHANISM_SIZE = 20
const AS_SERVER_OFFSET = 32

/** The mechanisms the fuzzer names; libzmq also knows GSSAPI (not built here). */
export const MECHANISMS = ["NULL", "PLAIN", "CURVE"]

/** A ZMTP 3.x greeting. `mechanism` may be any string (it is cut or zero-padded to 20 octets). */
export function greeting({major = 3, minor = 0, mechanism = "NULL", asServer = false} = {}) {
  const bytes = Buffer.alloc(GREETING_SIZE)
  bytes[0] = 0xff
  // Octets 1-8 are padding in ZMTP 3; a ZMTP/1.0 reader takes them for a length, so libzmq writes 1.
  bytes[8] = 0x01
  bytes[9] = 0x7f
  bytes[10] = major & 0xff
  bytes[11] = minor & 0xff
  Buffer.from(mechanism).copy(bytes, MECHANISM_OFFSET, 0, MECHANISM_SIZE)
  bytes[AS_SERVER_OFFSET] = asServer ? 1 : 0
  return bytes
}

/** A frame header claiming `size` octets (a number or a BigInt, up to 2^64 - 1). `long` forces the 8-octet form. */
export function frameHeader(size, {more = false, command = false, long = undefined} = {}) {
  const claimed = BigInt(size)
  const isLong = long ?? claimed > BigInt(SHORT_SIZE_MAX)
  const flags = (more ? MORE : 0) | (command ? COMMAND : 0) | (isLong ? LONG : 0)
  if (!isLong) return Buffer.from([flags, Number(claimed)])
  const header = Buffer.alloc(9)
  header[0] = flags
  header.writeBigUInt64BE(claimed, 1)
  return header
}

/** A whole frame: its header and body. */
export function frame(body, options = {}) {
  const bytes = Buffer.from(body)
  return Buffer.concat([frameHeader(bytes.length, options), bytes])
}

/** A message as frames, MORE on all but the last. */
export function message(parts) {
  return Buffer.concat(parts.map((part, i) => frame(part, {more: i < parts.length - 1})))
}

/** A command body: the name with its length octet, then the data. */
export function commandBody(name, data = Buffer.alloc(0)) {
  const label = Buffer.from(name)
  return Buffer.concat([Buffer.from([label.length]), label, Buffer.from(data)])
}

/** A command frame. */
export function command(name, data) {
  return frame(commandBody(name, data), {command: true})
}

/** Metadata properties (RFC 23): name length (1 octet), name, value length (4 octets), value. */
export function properties(entries) {
  return Buffer.concat(entries.map(([name, value]) => {
    const label = Buffer.from(name)
    const content = Buffer.from(value)
    const size = Buffer.alloc(4)
    size.writeUInt32BE(content.length)
    return Buffer.concat([Buffer.from([label.length]), label, size, content])
  }))
}

/** NULL's READY (and PLAIN's INITIATE) with the peer's socket type. */
export function ready(socketType, extra = []) {
  return command("READY", properties([["Socket-Type", socketType], ...extra]))
}

/** The whole client side of a NULL handshake. */
export function nullHandshake(socketType, {minor = 0} = {}) {
  return Buffer.concat([greeting({minor}), ready(socketType)])
}

/** PLAIN's HELLO: username and password, each with a one-octet length. */
export function plainHello(username, password) {
  const user = Buffer.from(username)
  const pass = Buffer.from(password)
  return command("HELLO", Buffer.concat([Buffer.from([user.length]), user, Buffer.from([pass.length]), pass]))
}

/** PLAIN's INITIATE: the client's metadata. */
export function plainInitiate(socketType, extra = []) {
  return command("INITIATE", properties([["Socket-Type", socketType], ...extra]))
}

/** The whole client side of a PLAIN handshake: the server's WELCOME and READY need no answer that depends on them. */
export function plainHandshake(socketType, username, password, {minor = 0} = {}) {
  return Buffer.concat([greeting({minor, mechanism: "PLAIN"}), plainHello(username, password), plainInitiate(socketType)])
}

/**
 * CURVE's HELLO (RFC 26): version 1.0, 72 octets of zeros (anti-amplification),
 * the client's transient public key (32), a short nonce (8) and the signature
 * box (80): 194 octets after the name, 200 with it. Without the server's
 * secret the box cannot be right, so the server must refuse it.
 */
export const CURVE_HELLO_DATA_SIZE = 2 + 72 + 32 + 8 + 80
export function curveHello(key, nonce, box, {version = [1, 0]} = {}) {
  return command("HELLO", Buffer.concat([Buffer.from(version), Buffer.alloc(72), key, nonce, box]))
}

/** CURVE's INITIATE: cookie (96), short nonce (8), then the box (at least 128 + 16 for the vouch, keys and MAC). */
export const CURVE_INITIATE_MIN_DATA_SIZE = 96 + 8 + 128 + 16
export function curveInitiate(data) {
  return command("INITIATE", data)
}

/** ZMTP 3.1 commands that stand for socket-level actions. */
export const subscribe = topic => command("SUBSCRIBE", topic)
export const cancel = topic => command("CANCEL", topic)
export const join = group => command("JOIN", group)
export const leave = group => command("LEAVE", group)
/** PING: a TTL in tenths of a second (2 octets) and up to 16 octets of context. */
export function ping(ttl, context) {
  const header = Buffer.alloc(2)
  header.writeUInt16BE(ttl & 0xffff)
  return command("PING", Buffer.concat([header, Buffer.from(context)]))
}

/** ZMTP/1.0 frame: one length octet (flags + body), the flags (bit 0: MORE), the body. 0xff then means an 8-octet length. */
export function v1Frame(body, {more = false} = {}) {
  const bytes = Buffer.from(body)
  const length = bytes.length + 1
  const header = length < 0xff ? Buffer.from([length]) : Buffer.concat([Buffer.from([0xff]), u64(length)])
  return Buffer.concat([header, Buffer.from([more ? 1 : 0]), bytes])
}

/** A ZMTP/1.0 length octet of 0: frames include their flags octet, so 0 is a protocol error and libzmq drops the peer. */
export const V1_PROTOCOL_ERROR = Buffer.from([0])

function u64(value) {
  const bytes = Buffer.alloc(8)
  bytes.writeBigUInt64BE(BigInt(value))
  return bytes
}
