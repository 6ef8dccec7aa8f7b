/**
 * The authenticator: a ZAP handler (RFC 27) for the sockets of one context.
 * It is a ROUTER socket of this library bound at inproc://zeromq.zap.01,
 * read on readiness like any other socket, so the JS thread never waits for
 * it. Each request is answered on its own, by its routing envelope, as soon
 * as its decision is known: an async callback that takes its time holds up
 * only the handshake it is deciding.
 */
import {Context, context as defaultContext} from "../context"
import {ZAP_ENDPOINT, zapStatus} from "../constants"
import {codeError} from "../errors"
import {Router} from "../socket-types"
import type {AddressList} from "./address-list"
import type {Certificate} from "./certificate"
import {loadCertificates} from "./certificate"
import {curveKeyText} from "./keys"
import {ANY_DOMAIN, CURVE_ALLOW_ANY, passwordDigest, type ZapCallback, ZapPolicy} from "./policy"
import {encodeZapReply, parseZapMessage, type ZapEnvelope, type ZapReply, type ZapRequest} from "./zap"

export interface AuthenticatorOptions {
  /** The context whose sockets it serves; the default context unless given. */
  context?: Context
  /**
   * Called when a callback throws, rejects or returns something malformed
   * (the handshake is then answered with status 500). By default the error
   * becomes a process warning.
   */
  onError?: (error: unknown, request: ZapRequest) => void
}

/** A CURVE client key: 40 characters of Z85, 32 bytes, or a certificate. */
export type CurveClientKey = string | Uint8Array | Pick<Certificate, "publicKey">

/**
 * The allowed CURVE clients. Any iterable works at run time; the type names
 * the collections, so that a directory path (a string, itself iterable) is a
 * compile-time error as well as a run-time one.
 */
export type CurveClientKeys = readonly CurveClientKey[] | ReadonlySet<CurveClientKey>

export class Authenticator {
  /** The context whose sockets it serves. */
  readonly context: Context
  private readonly policy = new ZapPolicy()
  private readonly onError: (error: unknown, request: ZapRequest) => void
  private router: Router | undefined

  constructor(options: AuthenticatorOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object")
    const {context = defaultContext, onError = (error: unknown) => warn("callback", error)} = options
    if (!(context instanceof Context)) throw new TypeError("options.context must be a Context")
    if (typeof onError !== "function") throw new TypeError("options.onError must be a function")
    this.context = context
    this.onError = onError
  }

  /** Whether it is serving requests (between start() and stop()). */
  get running(): boolean {
    return this.router !== undefined && !this.router.closed
  }

  /**
   * Starts serving ZAP requests of the context's sockets. libzmq allows one
   * handler per context: if another is bound, this throws EADDRINUSE.
   */
  start(): this {
    if (this.running) throw codeError("EBUSY", "The authenticator is already running")
    this.stop()
    const router = new Router({context: this.context, linger: 0})
    try {
      router.bindSync(ZAP_ENDPOINT)
    } catch (error) {
      router.close()
      if ((error as {code?: string}).code !== "EADDRINUSE") throw error
      throw codeError("EADDRINUSE",
        `Another ZAP handler is bound at ${ZAP_ENDPOINT} in this context (libzmq allows one per context)`)
    }
    // The authenticator serves other sockets; on its own it does not keep the process alive.
    router.unref()
    this.router = router
    void this.serve(router)
    return this
  }

  /**
   * Stops serving. Handshakes waiting for a decision then fail when their
   * `handshakeInterval` runs out. Without a handler, libzmq refuses PLAIN,
   * but lets every NULL client and every CURVE client with the server's key
   * in, unless the server socket has a `zapDomain` and `zapEnforceDomain`
   * (see docs/security.md).
   */
  stop(): void {
    const router = this.router
    if (!router) return
    this.router = undefined
    // Closed with its context: nothing left to release.
    if (router.closed) return
    // Unbind first: closing alone releases the endpoint later, on libzmq's reaper thread.
    router.unbindSync(ZAP_ENDPOINT)
    router.close()
  }

  /** Only these IP addresses or CIDR ranges may connect (added to the list). Excludes deny(). */
  allow(...addresses: string[]): this {
    return this.addAddresses(this.policy.allowedAddresses, this.policy.deniedAddresses, addresses)
  }

  /** These IP addresses or CIDR ranges may not connect (added to the list). Excludes allow(). */
  deny(...addresses: string[]): this {
    return this.addAddresses(this.policy.deniedAddresses, this.policy.allowedAddresses, addresses)
  }

  /** One list at a time: with both, which one wins would be a guess (czmq and pyzmq refuse it too). */
  private addAddresses(list: AddressList, other: AddressList, addresses: readonly string[]): this {
    if (other.size > 0) throw codeError("EINVAL", "allow() and deny() exclude each other: clearAddresses() first")
    list.add(addresses, "addresses")
    return this
  }

  /** Empties the allow and deny lists. */
  clearAddresses(): this {
    this.policy.allowedAddresses.clear()
    this.policy.deniedAddresses.clear()
    return this
  }

  /** PLAIN: the users of `domain` ("*": every domain without its own configuration) and their passwords. */
  configurePlain(domain: string, passwords: Readonly<Record<string, string>> | ReadonlyMap<string, string>): this {
    checkDomain(domain)
    const entries = passwords instanceof Map ? [...passwords]
      : typeof passwords === "object" && passwords !== null ? Object.entries(passwords) : undefined
    if (!entries) throw new TypeError("passwords must be an object or a Map of user name → password")
    const digests = new Map<string, Buffer>()
    for (const [user, password] of entries) {
      if (typeof user !== "string" || typeof password !== "string") {
        throw new TypeError(`passwords must map user names to strings (user ${String(user)})`)
      }
      digests.set(user, passwordDigest(password))
    }
    this.policy.configure(domain, {passwords: digests})
    return this
  }

  /**
   * CURVE: the client keys allowed in `domain` ("*": every domain without its
   * own configuration), or CURVE_ALLOW_ANY for encryption without
   * authentication. For a directory of certificates, configureCurveDirectory().
   */
  configureCurve(domain: string, clients: typeof CURVE_ALLOW_ANY | CurveClientKeys): this {
    checkDomain(domain)
    if (clients === CURVE_ALLOW_ANY) {
      this.policy.configure(domain, {curve: CURVE_ALLOW_ANY})
      return this
    }
    if (typeof clients === "string" || typeof (clients as Iterable<unknown>)?.[Symbol.iterator] !== "function") {
      throw new TypeError(`clients must be "${CURVE_ALLOW_ANY}" or an iterable of public keys ` +
        "(a directory goes to configureCurveDirectory())")
    }
    const keys = new Set<string>()
    for (const client of clients) keys.add(curveKeyText(client, "clients"))
    this.policy.configure(domain, {curve: keys})
    return this
  }

  /**
   * CURVE: the clients of `domain` are those with a public certificate
   * (`*.key`) in `directory`. Takes effect once the files are read; call it
   * again to reread them.
   */
  async configureCurveDirectory(domain: string, directory: string): Promise<void> {
    checkDomain(domain)
    if (typeof directory !== "string") throw new TypeError("directory must be a string")
    this.configureCurve(domain, await loadCertificates(directory))
  }

  /**
   * `callback` decides every request of `domain` ("*": every domain without
   * its own configuration) that the address lists let through, instead of
   * the built-in PLAIN and CURVE rules. It may be async; while it works, only
   * that handshake waits.
   */
  configureCallback(domain: string, callback: ZapCallback): this {
    checkDomain(domain)
    if (typeof callback !== "function") throw new TypeError("callback must be a function")
    this.policy.configure(domain, {callback})
    return this
  }

  /** Forgets the configuration of `domain`; its requests then follow "*". */
  removeDomain(domain: string): this {
    checkDomain(domain)
    this.policy.domains.delete(domain)
    return this
  }

  private async serve(router: Router): Promise<void> {
    try {
      for await (const frames of router) this.answer(router, frames)
    } catch {
      // Closed by stop() or with its context: there is nobody left to answer.
    }
  }

  private answer(router: Router, frames: Buffer[]): void {
    const parsed = parseZapMessage(frames)
    if (!parsed) return
    if ("malformed" in parsed) {
      this.reply(router, parsed.envelope, {status: zapStatus.authenticationFailure, text: parsed.malformed})
      return
    }
    const {envelope, request} = parsed
    const decision = this.policy.decide(request, error => this.report(error, request))
    if (decision instanceof Promise) void decision.then(reply => this.reply(router, envelope, reply, request))
    else this.reply(router, envelope, decision, request)
  }

  private reply(router: Router, envelope: ZapEnvelope, reply: ZapReply, request?: ZapRequest): void {
    // stop() came first: the handshake fails on its own (handshakeInterval).
    if (router.closed) return
    let frames: Buffer[]
    try {
      frames = encodeZapReply(envelope, reply)
    } catch (error) {
      if (request) this.report(error, request)
      frames = encodeZapReply(envelope, {status: zapStatus.internalError, text: "Internal error"})
    }
    router.send(frames).catch(() => { /* closed meanwhile */ })
  }

  /** Hands a callback's failure to onError; an onError that throws must not stop the serving loop. */
  private report(error: unknown, request: ZapRequest): void {
    try {
      this.onError(error, request)
    } catch (thrown) {
      warn("onError", thrown)
    }
  }
}

function checkDomain(domain: unknown): void {
  if (typeof domain !== "string") throw new TypeError(`domain must be a string ("${ANY_DOMAIN}" for every domain)`)
}

function warn(what: string, error: unknown): void {
  process.emitWarning(`The authenticator's ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
    "AuthenticatorWarning")
}
