/**
 * The Authenticator with zmq-napi on both sides of real tcp handshakes:
 * allowed and denied by address, by user name and password, by CURVE key
 * (list, directory, any), per domain, by a callback; reconfigured while it
 * runs; stopped and started again. Outcomes come from messages and monitor
 * events only.
 */
import {mkdtemp, rm} from "node:fs/promises"
import {tmpdir} from "node:os"
import * as path from "node:path"
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, runChild} from "../../helpers"
import {authScope, client, expectAllowed, expectDenied, sendBlind, server, until} from "./support"

const {use, authenticator, context} = authScope()

/** The server options of a CURVE server with a fresh key pair, and a client's options for it. */
function curvePair() {
  const serverKeys = zmq.curveKeyPair()
  const serverOptions = {curveServer: true, curveSecretKey: serverKeys.secretKey}
  const clientFor = (keys = zmq.curveKeyPair()) =>
    ({curveServerKey: serverKeys.publicKey, curvePublicKey: keys.publicKey, curveSecretKey: keys.secretKey})
  return {serverOptions, clientFor}
}

/** `tcp://127.0.0.2:0;127.0.0.1:<port>`: connect from another loopback address. */
const from = (source: string, address: string) => address.replace("tcp://", `tcp://${source}:0;`)

describe("addresses (NULL with a zapDomain, so that libzmq asks)", () => {
  it("deny() refuses the listed address and lets others in", async () => {
    authenticator().deny("127.0.0.2").start()
    const srv = await server(use, {zapDomain: "global"})
    await expectDenied(srv, client(use, "denied", from("127.0.0.2", srv.address)))
    await expectAllowed(srv, client(use, "other", srv.address))
  })

  it("allow() lets only the listed addresses and ranges in", async () => {
    authenticator().allow("127.0.0.1", "10.0.0.0/8").start()
    const srv = await server(use, {zapDomain: "global"})
    await expectAllowed(srv, client(use, "listed", srv.address))
    await expectDenied(srv, client(use, "unlisted", from("127.0.0.2", srv.address)))
  })

  it("a CIDR range covers its addresses", async () => {
    authenticator().deny("127.0.0.0/30").start()
    const srv = await server(use, {zapDomain: "global"})
    await expectDenied(srv, client(use, "in-range", srv.address))
    await expectAllowed(srv, client(use, "outside", from("127.0.0.9", srv.address)))
  })

  it("the address lists apply before PLAIN credentials are looked at", async () => {
    authenticator().deny("127.0.0.2").configurePlain("*", {admin: "secret"}).start()
    const srv = await server(use, {plainServer: true})
    const credentials = {plainUsername: "admin", plainPassword: "secret"}
    await expectDenied(srv, client(use, "denied", from("127.0.0.2", srv.address), credentials))
    await expectAllowed(srv, client(use, "allowed", srv.address, credentials))
  })
})

describe("PLAIN", () => {
  it("allows the right password and denies a wrong one or an unknown user", async () => {
    authenticator().configurePlain("*", {admin: "secret", guest: "guest"}).start()
    const srv = await server(use, {plainServer: true})
    await expectAllowed(srv, client(use, "admin", srv.address, {plainUsername: "admin", plainPassword: "secret"}))
    await expectDenied(srv, client(use, "wrong", srv.address, {plainUsername: "admin", plainPassword: "guest"}))
    await expectDenied(srv, client(use, "nobody", srv.address, {plainUsername: "nobody", plainPassword: "secret"}))
  })

  it("denies every PLAIN client until passwords are configured (NULL stays allowed)", async () => {
    authenticator().start()
    const plain = await server(use, {plainServer: true})
    await expectDenied(plain, client(use, "admin", plain.address, {plainUsername: "admin", plainPassword: "x"}))
    const open = await server(use, {zapDomain: "global"})
    await expectAllowed(open, client(use, "null", open.address))
  })

  it("takes the passwords as a Map too, with any characters", async () => {
    authenticator().configurePlain("*", new Map([["ünï", "pä ss=\"'#"]])).start()
    const srv = await server(use, {plainServer: true})
    await expectAllowed(srv, client(use, "unicode", srv.address, {plainUsername: "ünï", plainPassword: "pä ss=\"'#"}))
  })
})

describe("CURVE", () => {
  it("allows the listed client keys (Z85, bytes or certificates) and denies others", async () => {
    const {serverOptions, clientFor} = curvePair()
    const [a, b, c] = [zmq.curveKeyPair(), zmq.curveKeyPair(), zmq.createCertificate()]
    authenticator().configureCurve("*", [a.publicKey, zmq.z85Decode(b.publicKey), c]).start()
    const srv = await server(use, serverOptions)
    await expectAllowed(srv, client(use, "a", srv.address, clientFor(a)))
    await expectAllowed(srv, client(use, "b", srv.address, clientFor(b)))
    await expectAllowed(srv, client(use, "c", srv.address, clientFor(c as {publicKey: string; secretKey: string})))
    await expectDenied(srv, client(use, "stranger", srv.address, clientFor()))
  })

  it("CURVE_ALLOW_ANY encrypts without authenticating: any client key gets in", async () => {
    const {serverOptions, clientFor} = curvePair()
    authenticator().configureCurve("*", zmq.CURVE_ALLOW_ANY).start()
    const srv = await server(use, serverOptions)
    await expectAllowed(srv, client(use, "anyone", srv.address, clientFor()))
  })

  describe("from a directory of certificates", () => {
    let directory = ""
    afterEach(async () => {
      if (directory) await rm(directory, {recursive: true, force: true})
      directory = ""
    })

    it("allows the clients whose public certificate is in the directory, and rereads it when asked", async () => {
      directory = await mkdtemp(path.join(tmpdir(), "zmq-napi-auth-"))
      const known = zmq.createCertificate({name: "known"})
      await zmq.saveCertificate(directory, "known", known)
      const {serverOptions, clientFor} = curvePair()
      const auth = authenticator().start()
      await auth.configureCurveDirectory("*", directory)
      const srv = await server(use, serverOptions)
      await expectAllowed(srv, client(use, "known", srv.address, clientFor(known as Required<zmq.Certificate>)))
      const later = zmq.createCertificate()
      await expectDenied(srv, client(use, "later", srv.address, clientFor(later as Required<zmq.Certificate>)))
      await zmq.saveCertificate(directory, "later", later)
      await auth.configureCurveDirectory("*", directory)
      await expectAllowed(srv, client(use, "later-again", srv.address, clientFor(later as Required<zmq.Certificate>)))
    })
  })
})

describe("domains", () => {
  it("each domain has its own configuration; \"*\" serves the domains without one", async () => {
    authenticator()
      .configurePlain("*", {everyone: "pw"})
      .configurePlain("admin", {root: "toor"})
      .start()
    const adminServer = await server(use, {plainServer: true, zapDomain: "admin"})
    const otherServer = await server(use, {plainServer: true, zapDomain: "other"})
    const root = {plainUsername: "root", plainPassword: "toor"}
    const everyone = {plainUsername: "everyone", plainPassword: "pw"}
    await expectAllowed(adminServer, client(use, "root", adminServer.address, root))
    await expectDenied(adminServer, client(use, "everyone", adminServer.address, everyone))
    await expectAllowed(otherServer, client(use, "everyone2", otherServer.address, everyone))
    await expectDenied(otherServer, client(use, "root2", otherServer.address, root))
  })

  it("removeDomain() hands a domain back to \"*\"", async () => {
    const auth = authenticator().configurePlain("*", {everyone: "pw"}).configurePlain("admin", {root: "toor"}).start()
    const srv = await server(use, {plainServer: true, zapDomain: "admin"})
    await expectDenied(srv, client(use, "before", srv.address, {plainUsername: "everyone", plainPassword: "pw"}))
    auth.removeDomain("admin")
    await expectAllowed(srv, client(use, "after", srv.address, {plainUsername: "everyone", plainPassword: "pw"}))
  })
})

describe("callback", () => {
  it("decides instead of the built-in rules, and sees the request", async () => {
    const seen: zmq.ZapRequest[] = []
    authenticator().configureCallback("*", async request => {
      seen.push(request)
      return request.username === "alice"
    }).start()
    const srv = await server(use, {plainServer: true, zapDomain: "shop"})
    await expectAllowed(srv, client(use, "alice", srv.address, {plainUsername: "alice", plainPassword: "any"}))
    await expectDenied(srv, client(use, "bob", srv.address, {plainUsername: "bob", plainPassword: "any"}))
    expect(seen.map(({domain, address, mechanism, username, password, routingId}) =>
      ({domain, address, mechanism, username, password, routingId: routingId.toString()}))).toEqual([
      // libzmq 4.3 sends the server socket's own routing id here, not the client's.
      {domain: "shop", address: "127.0.0.1", mechanism: "PLAIN", username: "alice", password: "any", routingId: ""},
      {domain: "shop", address: "127.0.0.1", mechanism: "PLAIN", username: "bob", password: "any", routingId: ""},
    ])
  })

  it("may answer with any thenable, not only a native promise", async () => {
    const thenable = (allowed: boolean): PromiseLike<boolean> => ({
      then: (resolve, reject) => Promise.resolve(allowed).then(resolve, reject),
    })
    authenticator().configureCallback("*", request => thenable(request.username === "yes")).start()
    const srv = await server(use, {plainServer: true})
    await expectAllowed(srv, client(use, "yes", srv.address, {plainUsername: "yes", plainPassword: "x"}))
    await expectDenied(srv, client(use, "no", srv.address, {plainUsername: "no", plainPassword: "x"}))
  })

  it("gets the CURVE client's key in Z85", async () => {
    const {serverOptions, clientFor} = curvePair()
    const keys = zmq.curveKeyPair()
    const seen: string[] = []
    authenticator().configureCallback("*", request => {
      seen.push(`${request.mechanism} ${request.publicKey}`)
      return true
    }).start()
    const srv = await server(use, serverOptions)
    await expectAllowed(srv, client(use, "curve", srv.address, clientFor(keys)))
    expect(seen).toEqual([`CURVE ${keys.publicKey}`])
  })

  it("answers a temporary error with status 300, as the callback says", async () => {
    authenticator().configureCallback("*", () => ({status: 300, text: "try later"})).start()
    const srv = await server(use, {zapDomain: "busy"})
    // libzmq drops a client refused with 300 without telling it why (no ERROR command).
    await expectDenied(srv, client(use, "later", srv.address), 300)
  })

  it("a callback that throws, rejects or answers nonsense gives status 500 and reaches onError", async () => {
    const errors: string[] = []
    const outcomes: zmq.ZapCallback[] = [
      () => { throw new Error("thrown") },
      () => Promise.reject(new Error("rejected")),
      () => ({status: 201}) as unknown as zmq.ZapDecision,
      () => ({status: 200, metadata: {"": "no name"}}),
    ]
    let call = 0
    authenticator({onError: error => errors.push((error as Error).message)})
      .configureCallback("*", request => outcomes[call++]!(request)).start()
    const srv = await server(use, {zapDomain: "flaky"})
    for (const name of ["thrown", "rejected", "nonsense", "bad-metadata"]) {
      await expectDenied(srv, client(use, name, srv.address), 500)
    }
    expect(errors).toEqual([
      "thrown", "rejected",
      "The authenticator's callback must return true, false or {status: 200 | 300 | 400 | 500, ...}",
      'metadata name "" must be 1 to 255 printable ASCII characters',
    ])
  })

  it("an onError that throws, like a missing one, ends in a process warning, and serving goes on", async () => {
    const warnings = new Set<string>()
    let warned: () => void = () => {}
    const listener = (warning: Error) => {
      warnings.add(`${warning.name}: ${warning.message}`)
      if (warnings.size === 2) warned()
    }
    const bothWarned = new Promise<void>(resolve => { warned = resolve })
    process.on("warning", listener)
    try {
      authenticator({onError: () => { throw new Error("onError broke") }})
        .configureCallback("*", () => { throw new Error("callback broke") }).start()
      const ctx = context()
      authenticator({context: ctx}).configureCallback("*", () => { throw new Error("no onError") }).start()
      const srv = await server(use, {zapDomain: "x"})
      await expectDenied(srv, client(use, "first", srv.address), 500)
      await expectDenied(srv, client(use, "second", srv.address), 500)
      const other = await server(use, {context: ctx, zapDomain: "x"})
      await expectDenied(other, client(use, "third", other.address, {context: ctx}), 500)
      await bothWarned
      expect([...warnings].sort()).toEqual([
        "AuthenticatorWarning: The authenticator's callback failed: no onError",
        "AuthenticatorWarning: The authenticator's onError failed: onError broke",
      ])
    } finally {
      process.off("warning", listener)
    }
  })

  it("a slow decision holds up only its own handshake", async () => {
    let release: (decision: boolean) => void = () => {}
    const slowDecision = new Promise<boolean>(resolve => { release = resolve })
    let slowAsked: () => void = () => {}
    const asked = new Promise<void>(resolve => { slowAsked = resolve })
    authenticator().configureCallback("*", request => {
      if (request.username !== "slow") return true
      slowAsked()
      return slowDecision
    }).start()
    const srv = await server(use, {plainServer: true})
    const slow = client(use, "slow", srv.address, {plainUsername: "slow", plainPassword: "x"})
    await slow.dealer.send("hello from slow")
    await asked
    // While the slow decision is pending, other clients come and go.
    for (const name of ["fast1", "fast2", "fast3"]) {
      await expectAllowed(srv, client(use, name, srv.address, {plainUsername: name, plainPassword: "x"}))
    }
    release(true)
    const [id, body] = await srv.router.receive()
    expect([id!.toString(), body!.toString()]).toEqual(["slow", "hello from slow"])
  })

  it("answers 50 concurrent handshakes each by its own id, in whatever order the decisions come", async () => {
    const count = 50
    const pending: Array<{username: string; decide: (allowed: boolean) => void}> = []
    let allAsked: () => void = () => {}
    const asked = new Promise<void>(resolve => { allAsked = resolve })
    authenticator().configureCallback("*", request => new Promise<boolean>(decide => {
      pending.push({username: request.username!, decide})
      if (pending.length === count) allAsked()
    })).start()
    const srv = await server(use, {plainServer: true})
    const names = Array.from({length: count}, (_, i) => `client-${i}`)
    const clients = names.map(name => client(use, name, srv.address, {plainUsername: name, plainPassword: "x"}))
    await Promise.all(clients.map(c => c.dealer.send(`hello from ${c.name}`)))
    await asked
    // Deny the odd ones, decide in reverse order of arrival.
    for (const {username, decide} of pending.slice().reverse()) decide(Number(username.split("-")[1]) % 2 === 0)
    const received = new Set<string>()
    while (received.size < count / 2) {
      const [id, body] = await srv.router.receive()
      expect(body!.toString()).toBe(`hello from ${id!.toString()}`)
      received.add(id!.toString())
    }
    expect([...received].sort()).toEqual(names.filter((_, i) => i % 2 === 0).sort())
    let refused = 0
    while (refused < count / 2) {
      const {event} = await until(srv.events, "handshake:error:auth")
      expect(event.error.status).toBe(400)
      refused++
    }
  })
})

describe("reconfiguration while running", () => {
  it("a changed password, key list or address list applies to the next handshake", async () => {
    const auth = authenticator().configurePlain("*", {admin: "old"}).start()
    const srv = await server(use, {plainServer: true})
    await expectAllowed(srv, client(use, "old1", srv.address, {plainUsername: "admin", plainPassword: "old"}))
    auth.configurePlain("*", {admin: "new"})
    await expectDenied(srv, client(use, "old2", srv.address, {plainUsername: "admin", plainPassword: "old"}))
    await expectAllowed(srv, client(use, "new1", srv.address, {plainUsername: "admin", plainPassword: "new"}))
    auth.deny("127.0.0.1")
    await expectDenied(srv, client(use, "new2", srv.address, {plainUsername: "admin", plainPassword: "new"}))
    auth.clearAddresses()
    await expectAllowed(srv, client(use, "new3", srv.address, {plainUsername: "admin", plainPassword: "new"}))

    const {serverOptions, clientFor} = curvePair()
    const curveServer = await server(use, serverOptions)
    const keys = zmq.curveKeyPair()
    auth.configureCurve("*", [])
    await expectDenied(curveServer, client(use, "k1", curveServer.address, clientFor(keys)))
    auth.configureCurve("*", [keys.publicKey])
    await expectAllowed(curveServer, client(use, "k2", curveServer.address, clientFor(keys)))
  })
})

describe("start and stop", () => {
  it("restarts: stop() releases the endpoint, start() serves again with the same configuration", async () => {
    const auth = authenticator().configurePlain("*", {admin: "secret"})
    expect(auth.running).toBe(false)
    auth.start()
    expect(auth.running).toBe(true)
    const srv = await server(use, {plainServer: true})
    const credentials = {plainUsername: "admin", plainPassword: "secret"}
    await expectAllowed(srv, client(use, "first", srv.address, credentials))
    auth.stop()
    expect(auth.running).toBe(false)
    // Without a handler libzmq refuses PLAIN outright (no ZAP status: handshake:error:other).
    sendBlind(client(use, "orphan", srv.address, credentials), "hello")
    await until(srv.events, "handshake:error:other")
    auth.start()
    await expectAllowed(srv, client(use, "second", srv.address, credentials))
    auth.stop()
    const other = authenticator().configurePlain("*", {admin: "secret"}).start()
    await expectAllowed(srv, client(use, "third", srv.address, credentials))
    other.stop()
    auth.stop() // twice: nothing to do
  })

  it("a second handler in the same context is EADDRINUSE, starting twice EBUSY; other contexts are separate", async () => {
    const first = authenticator().start()
    expect(() => authenticator().start()).toThrow(expect.objectContaining({code: "EADDRINUSE"}))
    expect(() => first.start()).toThrow(expect.objectContaining({code: "EBUSY"}))
    const ctx = context()
    const own = authenticator({context: ctx}).configurePlain("*", {u: "p"}).start()
    expect(own.context).toBe(ctx)
    expect(first.context).toBe(zmq.context)
    const srv = await server(use, {context: ctx, plainServer: true})
    await expectAllowed(srv, client(use, "in-ctx", srv.address, {context: ctx, plainUsername: "u", plainPassword: "p"}))
  })

  it("closing its context ends it: not running, stop() has nothing to do, start() fails with ETERM", () => {
    const ctx = context()
    const auth = authenticator({context: ctx}).start()
    ctx.close()
    expect(auth.running).toBe(false)
    auth.stop()
    expect(() => auth.start()).toThrow(expect.objectContaining({code: "ETERM"}))
  })

  it("does not keep the process alive on its own", async () => {
    const result = await runChild(`
      const auth = new zmq.Authenticator().configurePlain("*", {admin: "secret"}).start()
      console.log(auth.running)
    `)
    expect(result).toEqual({code: 0, signal: null, stdout: "true\n", stderr: "", timedOut: false})
  })

  it("stop() while a decision is pending: the late answer is dropped, nothing breaks", async () => {
    let release: (decision: boolean) => void = () => {}
    let asked: () => void = () => {}
    const wasAsked = new Promise<void>(resolve => { asked = resolve })
    let calls = 0
    const auth = authenticator().configureCallback("*", () => {
      if (calls++ > 0) return true
      asked()
      return new Promise<boolean>(resolve => { release = resolve })
    }).start()
    const srv = await server(use, {zapDomain: "x"})
    sendBlind(client(use, "pending", srv.address), "hello")
    await wasAsked
    auth.stop()
    release(true)
    auth.start()
    await expectAllowed(srv, client(use, "next", srv.address))
  })
})

describe("what libzmq does that docs/security.md warns about", () => {
  it("without a handler a CURVE server lets any client in, unless it has a zapDomain and zapEnforceDomain", async () => {
    const {serverOptions, clientFor} = curvePair()
    const open = await server(use, {...serverOptions, zapDomain: "api"})
    await expectAllowed(open, client(use, "anyone", open.address, clientFor()))
    const closed = await server(use, {...serverOptions, zapDomain: "api", zapEnforceDomain: true})
    sendBlind(client(use, "refused", closed.address, clientFor()), "hello")
    const {event} = await until(closed.events, "handshake:error:other")
    expect(event.error.code).toBe("EFAULT")
  })

  it("ipc peers have no IP address (an allow list refuses them); inproc peers are never asked about", async () => {
    const addresses: string[] = []
    authenticator().allow("127.0.0.1").configureCallback("*", request => {
      addresses.push(request.address)
      return true
    }).start()
    const router = use(new zmq.Router({zapDomain: "local", mandatory: true}))
    const events = router.events
    const ipc = await bound(router, "ipc")
    const inproc = await bound(router, "inproc")
    sendBlind(client(use, "over-ipc", ipc), "hello")
    expect((await until(events, "handshake:error:auth")).event.error.status).toBe(400)
    await expectAllowed({router, events, address: inproc}, client(use, "over-inproc", inproc))
    expect(addresses).toEqual([])
  })
})

describe("bad arguments", () => {
  it("TypeError naming the argument, or an Error with a code", () => {
    const auth = authenticator()
    expect(() => new zmq.Authenticator({context: {} as zmq.Context})).toThrow(/options.context must be a Context/)
    expect(() => new zmq.Authenticator({onError: 1 as never})).toThrow(/options.onError must be a function/)
    expect(() => auth.allow("example.com")).toThrow(TypeError)
    expect(() => auth.allow("10.0.0.0/33")).toThrow(/addresses must be IP addresses or CIDR ranges/)
    expect(() => auth.deny([Symbol("address")] as unknown as string)).toThrow(/addresses must be IP addresses or CIDR ranges .*, got object$/)
    expect(() => auth.allow(42 as never)).toThrow(TypeError)
    auth.allow("127.0.0.1")
    expect(() => auth.deny("127.0.0.2")).toThrow(expect.objectContaining({code: "EINVAL"}))
    expect(() => auth.configurePlain(1 as never, {})).toThrow(/domain must be a string/)
    expect(() => auth.configurePlain("*", null as never)).toThrow(/passwords must be an object or a Map/)
    expect(() => auth.configurePlain("*", {u: 1} as never)).toThrow(/passwords must map user names to strings/)
    expect(() => auth.configureCurve("*", "/etc/keys" as never)).toThrow(/configureCurveDirectory/)
    expect(() => auth.configureCurve("*", ["short"])).toThrow(/clients must hold CURVE keys/)
    expect(() => auth.configureCurve("*", [Buffer.alloc(31)])).toThrow(/got 31 bytes/)
    expect(() => auth.configureCallback("*", "yes" as never)).toThrow(/callback must be a function/)
    return expect(auth.configureCurveDirectory("*", 7 as never)).rejects.toThrow(/directory must be a string/)
  })
})
