/**
 * Most socket options apply only to connections made after they are set. As
 * `zeromq` v6 does, setting one of those on a socket that already has an
 * endpoint warns (through process.emitWarning, so it can be filtered) that it
 * will not take effect until the next bind or connect.
 */
import {socketOptions as S, SUBSCRIBE, UNSUBSCRIBE, XPUB_VERBOSER} from "./option-table"

export const DEFERRED_OPTION_WARNING = "Socket option will not take effect until next connect/bind."

/**
 * The options that take effect at once: zeromq's list (libzmq applies them
 * to existing pipes, or the binding itself reads them), plus
 * CONNECT_ROUTING_ID, which only ever names the connect that follows it
 * (zeromq warns on every `Router.connect(address, {routingId})` after the
 * first, although the id does apply to that connect).
 */
const applyAtOnce: ReadonlySet<number> = new Set([
  SUBSCRIBE, UNSUBSCRIBE, S.linger.id, S.mandatory.id, S.probeRouter.id, S.verbosity.id, XPUB_VERBOSER,
  S.correlate.id, S.relaxed.id, S.handover.id, S.sendHighWaterMark.id, S.receiveHighWaterMark.id,
  S.sendTimeout.id, S.receiveTimeout.id, S.connectRoutingId.id,
])

/** Warns when option `id`, just set on a socket with endpoints, waits for the next bind or connect. */
export function warnIfDeferred(id: number): void {
  if (!applyAtOnce.has(id)) process.emitWarning(DEFERRED_OPTION_WARNING)
}
