/**
 * What the authenticator decides, apart from any socket: the address lists,
 * and per ZAP domain the PLAIN passwords, the CURVE clients, or a callback.
 * Kept separate so that reconfiguring while running is a plain assignment
 * here, seen by the next request, and so that the decision rules read in one
 * place.
 */
import {createHash, timingSafeEqual} from "node:crypto"
import {zapStatus} from "../constants"
import {AddressList} from "./address-list"
import type {ZapReply, ZapRequest} from "./zap"

/** Any client key is allowed: CURVE encrypts, but does not authenticate (the "Stonehouse" pattern). */
export const CURVE_ALLOW_ANY = "any"

/** A callback's answer: true (allowed), false (denied), or a full reply. */
export type ZapDecision = boolean | ZapReply

/** Decides a request instead of the built-in rules (after the address lists). May be async. */
export type ZapCallback = (request: ZapRequest) => ZapDecision | PromiseLike<ZapDecision>

/** The configuration of one ZAP domain. Each part replaces what was there. */
export interface DomainPolicy {
  /** PLAIN: user name → sha256 of the password (compared in constant time). */
  passwords?: ReadonlyMap<string, Buffer>
  /** CURVE: the allowed client public keys (Z85), or any. */
  curve?: typeof CURVE_ALLOW_ANY | ReadonlySet<string>
  callback?: ZapCallback
}

/** The domain whose configuration serves every domain without one of its own. */
export const ANY_DOMAIN = "*"

const allowed = (userId: string): ZapReply => ({status: zapStatus.ok, text: "OK", userId})
const denied = (text: string): ZapReply => ({status: zapStatus.authenticationFailure, text})

export const passwordDigest = (password: string): Buffer => createHash("sha256").update(password).digest()

export class ZapPolicy {
  /** When not empty, only these addresses may connect. */
  readonly allowedAddresses = new AddressList()
  /** These addresses may not connect. */
  readonly deniedAddresses = new AddressList()
  readonly domains = new Map<string, DomainPolicy>()

  /** Updates one domain's configuration. */
  configure(domain: string, part: DomainPolicy): void {
    this.domains.set(domain, {...this.domains.get(domain), ...part})
  }

  /**
   * The reply to a request: the address lists first (so no user code runs for
   * a refused address), then the domain's callback or the built-in rules. A
   * callback's failure is reported to `onError` and answered with 500.
   */
  decide(request: ZapRequest, onError: (error: unknown) => void): ZapReply | Promise<ZapReply> {
    const refusal = this.checkAddress(request.address)
    if (refusal) return refusal
    const policy = this.domains.get(request.domain) ?? this.domains.get(ANY_DOMAIN) ?? {}
    if (!policy.callback) return builtIn(request, policy)
    const internalError = (error: unknown): ZapReply => {
      onError(error)
      return {status: zapStatus.internalError, text: "Internal error"}
    }
    try {
      const decision = policy.callback(request)
      // Any thenable counts, not only native promises (a callback may use another promise library).
      if (typeof (decision as Partial<PromiseLike<ZapDecision>>)?.then !== "function") {
        return toReply(decision as ZapDecision, request)
      }
      return Promise.resolve(decision).then(settled => toReply(settled, request)).catch(internalError)
    } catch (error) {
      return internalError(error)
    }
  }

  private checkAddress(address: string): ZapReply | undefined {
    if (this.deniedAddresses.has(address)) return denied("Address denied")
    if (this.allowedAddresses.size > 0 && !this.allowedAddresses.has(address)) return denied("Address not allowed")
    return undefined
  }
}

/** Until configured, NULL is allowed and PLAIN and CURVE are denied. */
function builtIn(request: ZapRequest, policy: DomainPolicy): ZapReply {
  switch (request.mechanism) {
    case "NULL":
      return allowed("")
    case "PLAIN": {
      if (!policy.passwords) return denied("PLAIN is not configured for this domain")
      const expected = policy.passwords.get(request.username!)
      const ok = expected !== undefined && timingSafeEqual(expected, passwordDigest(request.password!))
      return ok ? allowed(request.username!) : denied("Invalid user name or password")
    }
    case "CURVE":
      if (!policy.curve) return denied("CURVE is not configured for this domain")
      if (policy.curve === CURVE_ALLOW_ANY || policy.curve.has(request.publicKey!)) return allowed(request.publicKey!)
      return denied("Unknown client key")
    default:
      return denied(`Mechanism ${request.mechanism} is not supported`)
  }
}

/** The user id a mechanism gives by default: the PLAIN user name, the CURVE key in Z85. */
function defaultUserId(request: ZapRequest): string {
  return request.username ?? request.publicKey ?? ""
}

const statuses: ReadonlySet<number> = new Set(Object.values(zapStatus))

/** A callback's decision as a reply; anything malformed is a TypeError (answered 500 by the caller). */
function toReply(decision: ZapDecision, request: ZapRequest): ZapReply {
  if (decision === true) return allowed(defaultUserId(request))
  if (decision === false) return denied("Denied by the callback")
  if (typeof decision !== "object" || decision === null || !statuses.has(decision.status)) {
    throw new TypeError("The authenticator's callback must return true, false or {status: 200 | 300 | 400 | 500, ...}")
  }
  for (const field of ["text", "userId"] as const) {
    if (decision[field] !== undefined && typeof decision[field] !== "string") {
      throw new TypeError(`The callback's ${field} must be a string`)
    }
  }
  if (decision.status !== zapStatus.ok) return {...decision, userId: ""}
  return {...decision, userId: decision.userId ?? defaultUserId(request)}
}
