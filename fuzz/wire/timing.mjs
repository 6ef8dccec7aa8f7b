/**
 * Every time limit of the wire fuzzer. None of them synchronises anything:
 * the server's limits make libzmq close connections that would otherwise stay
 * open for ever, and the fuzzer's are deadlines after which a wait that must
 * complete is reported as a finding instead of hanging.
 */

/** A connection that has not finished its handshake by then is closed by the server (libzmq's default is 30 s). */
const HANDSHAKE_INTERVAL_MS = 2_000
/** Heartbeats find ZMTP 3 peers whose connection the server no longer reads (a PAIR's second peer, say). */
const HEARTBEAT_INTERVAL_MS = 1_000
const HEARTBEAT_TIMEOUT_MS = 3_000

/** The options of every socket under attack. */
export const SERVER_OPTIONS = {
  linger: 0,
  handshakeInterval: HANDSHAKE_INTERVAL_MS,
  heartbeatInterval: HEARTBEAT_INTERVAL_MS,
  heartbeatTimeout: HEARTBEAT_TIMEOUT_MS,
}

/**
 * A fuzzing connection still open this long after its script was played is
 * reset and counted as held, not as a finding: a ZMTP/1.0 peer refused by a
 * PAIR that already has one is legitimately never read again (no heartbeats
 * before ZMTP 3).
 */
export const CONNECTION_DEADLINE_MS = 20_000

/** One good-client exchange (or the server's answer to a question) taking longer is a finding: the server stalled. */
export const EXCHANGE_DEADLINE_MS = 30_000
