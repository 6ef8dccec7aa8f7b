/**
 * The ZAP wire format (ZeroMQ RFC 27) as the authenticator's ROUTER socket
 * sees it. libzmq opens one inproc pipe per handshake to the handler and
 * always numbers its request "1", so a request is answered by its routing
 * envelope (the ROUTER's routing id and the empty delimiter) plus its id.
 */
import {CURVE_KEY_BYTES, ZAP_VERSION, zapStatus} from "../constants"
import {z85Encode} from "../curve"

/** A ZAP status code: 200 allowed, 300 temporary error, 400 denied, 500 internal error. */
export type ZapStatus = (typeof zapStatus)[keyof typeof zapStatus]

/** One authentication request: a peer in the middle of its handshake with a socket of the context. */
export interface ZapRequest {
  /** The server socket's `zapDomain` ("" when it has none). */
  readonly domain: string
  /** The peer's IP address (tcp), or "" where the transport has none. */
  readonly address: string
  /**
   * The request's identity frame. RFC 27 means the peer's routing id, but
   * libzmq 4.3 sends the server socket's own `routingId` option here.
   */
  readonly routingId: Buffer
  /** "NULL", "PLAIN", "CURVE" or "GSSAPI". */
  readonly mechanism: string
  /** PLAIN: the user name and password the client sent. */
  readonly username?: string
  readonly password?: string
  /** CURVE: the client's long-term public key, in Z85. */
  readonly publicKey?: string
  /** Every credentials frame as received (PLAIN: two, CURVE: the 32-byte key, GSSAPI: the principal). */
  readonly credentials: readonly Buffer[]
}

/** What the handler answers. `userId` becomes the connection's `User-Id` property. */
export interface ZapReply {
  status: ZapStatus
  /** A reason, for logs; libzmq passes only the status on to the peer. */
  text?: string
  userId?: string
  /** Properties the connection's messages will carry (ZMTP metadata: names of 1 to 255 bytes). */
  metadata?: Readonly<Record<string, string | Uint8Array>>
}

/** Where an answer goes: the ROUTER's routing envelope and the request id. */
export interface ZapEnvelope {
  readonly route: readonly Buffer[]
  readonly requestId: Buffer
}

/** A received request: its envelope, and the request or why it cannot be served. */
export type ParsedZapMessage =
  | {envelope: ZapEnvelope; request: ZapRequest}
  | {envelope: ZapEnvelope; malformed: string}

/** Frames before the version: routing id, empty delimiter. */
const ROUTE_FRAMES = 2
/** Frames of a request without credentials: version, id, domain, address, routing id, mechanism. */
const REQUEST_FRAMES = 6

/**
 * Reads one message from the ROUTER. Returns null for a message that cannot
 * even be answered (no envelope or request id): nothing to reply to.
 */
export function parseZapMessage(frames: readonly Buffer[]): ParsedZapMessage | null {
  if (frames.length < ROUTE_FRAMES + 2 || frames[1]!.length !== 0) return null
  const [version, requestId, domain, address, routingId, mechanism, ...credentials] = frames.slice(ROUTE_FRAMES)
  const envelope: ZapEnvelope = {route: frames.slice(0, ROUTE_FRAMES), requestId: requestId!}
  if (version!.toString("latin1") !== ZAP_VERSION) return {envelope, malformed: "Unsupported ZAP version"}
  if (frames.length < ROUTE_FRAMES + REQUEST_FRAMES) return {envelope, malformed: "Incomplete ZAP request"}
  const request = {
    domain: domain!.toString(), address: address!.toString(), routingId: routingId!,
    mechanism: mechanism!.toString("latin1"), credentials,
  }
  switch (request.mechanism) {
    case "PLAIN":
      if (credentials.length !== 2) return {envelope, malformed: "PLAIN needs a user name and a password"}
      return {envelope, request: {...request, username: credentials[0]!.toString(), password: credentials[1]!.toString()}}
    case "CURVE":
      if (credentials.length !== 1 || credentials[0]!.length !== CURVE_KEY_BYTES) {
        return {envelope, malformed: "CURVE needs one 32-byte public key"}
      }
      return {envelope, request: {...request, publicKey: z85Encode(credentials[0]!)}}
    default:
      return {envelope, request}
  }
}

/** The frames of an answer, envelope first. */
export function encodeZapReply(envelope: ZapEnvelope, reply: ZapReply): Buffer[] {
  return [
    ...envelope.route, Buffer.from(ZAP_VERSION), envelope.requestId, Buffer.from(String(reply.status)),
    Buffer.from(reply.text ?? ""), Buffer.from(reply.userId ?? ""), encodeMetadata(reply.metadata ?? {}),
  ]
}

/** ZMTP metadata: per property a 1-byte name length, the name, a 4-byte big-endian value length, the value. */
export function encodeMetadata(metadata: Readonly<Record<string, string | Uint8Array>>): Buffer {
  const parts: Buffer[] = []
  for (const [name, value] of Object.entries(metadata)) {
    const nameBytes = Buffer.from(name, "latin1")
    if (nameBytes.length === 0 || nameBytes.length > 255 || !/^[\x21-\x7e]+$/.test(name)) {
      throw new TypeError(`metadata name "${name}" must be 1 to 255 printable ASCII characters`)
    }
    if (typeof value !== "string" && !(value instanceof Uint8Array)) {
      throw new TypeError(`metadata["${name}"] must be a string or a Uint8Array`)
    }
    const valueBytes = Buffer.from(value)
    const length = Buffer.alloc(4)
    length.writeUInt32BE(valueBytes.length)
    parts.push(Buffer.from([nameBytes.length]), nameBytes, length, valueBytes)
  }
  return Buffer.concat(parts)
}
