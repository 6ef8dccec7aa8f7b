/**
 * The one home of libzmq 4.3.4's numbers that both APIs use: socket types,
 * readiness bits, send flags and errno values, as zmq.h defines them. Option
 * ids live in lib/option-table.ts, monitor events in lib/events.ts, batch
 * layout flags in lib/native.ts (they are the addon's, not libzmq's).
 */

/** ZMQ_PAIR, ZMQ_PUB, ... by libzmq's own (lower-case) names. */
export const socketTypes = {
  pair: 0, pub: 1, sub: 2, req: 3, rep: 4, dealer: 5,
  router: 6, pull: 7, push: 8, xpub: 9, xsub: 10, stream: 11,
} as const

/** The draft socket types (ZMQ_BUILD_DRAFT_API), for zmq-napi/draft only. */
export const draftSocketTypes = {
  server: 12, client: 13, radio: 14, dish: 15, gather: 16, scatter: 17, dgram: 18, peer: 19, channel: 20,
} as const

export type SocketTypeNumber = (typeof socketTypes)[keyof typeof socketTypes]

/** Socket type number → libzmq's name for it ("pair", "pub", ...). */
export const socketTypeNames = Object.freeze(
  Object.fromEntries(Object.entries(socketTypes).map(([name, type]) => [type, name])),
) as Readonly<Record<number, keyof typeof socketTypes>>

/**
 * The thread-safe socket types: no ZMQ_FD (their readiness comes from
 * libzmq's poller, src-native/thread_safe_signal.h) and no multipart messages.
 */
export const threadSafeSocketTypes: ReadonlySet<number> = new Set([
  draftSocketTypes.server, draftSocketTypes.client, draftSocketTypes.radio, draftSocketTypes.dish,
  draftSocketTypes.gather, draftSocketTypes.scatter, draftSocketTypes.peer, draftSocketTypes.channel,
])

/** ZMQ_GROUP_MAX_LENGTH: the longest RADIO/DISH group name, in bytes. */
export const GROUP_MAX_LENGTH = 255

/** ZMQ_POLLIN, ZMQ_POLLOUT, ZMQ_POLLERR: readiness (ZMQ_EVENTS, zmq_poll, `watch`) bits. */
export const POLLIN = 1
export const POLLOUT = 2
export const POLLERR = 4

/** zmq_send flags. */
export const DONTWAIT = 1
export const SNDMORE = 2

/**
 * Not libzmq's but the scheduler's: at most this many operations complete
 * synchronously in a row on a socket (or a Poller) before it goes through the
 * event loop once, so a busy socket cannot starve timers and I/O.
 */
export const SYNC_BUDGET = 512

const ZMQ_HAUSNUMERO = 156384712

/** The errno values the JS layer raises itself (native errors carry their own). */
export const errnos = {
  EBADF: 9,
  EAGAIN: 11,
  EBUSY: 16,
  EINVAL: 22,
  ENOTSUP: 95,
  ETERM: ZMQ_HAUSNUMERO + 53,
} as const

/** CURVE keys (RFC 26): 32 bytes, written as 40 characters of Z85 (RFC 32: 5 characters per 4 bytes). */
export const CURVE_KEY_BYTES = 32
export const CURVE_KEY_Z85_LENGTH = (CURVE_KEY_BYTES / 4) * 5

/**
 * ZAP (RFC 27): libzmq asks the handler bound at this inproc endpoint of a
 * socket's context, in this protocol version, and accepts these status codes.
 */
export const ZAP_ENDPOINT = "inproc://zeromq.zap.01"
export const ZAP_VERSION = "1.0"
export const zapStatus = {ok: 200, temporaryError: 300, authenticationFailure: 400, internalError: 500} as const
