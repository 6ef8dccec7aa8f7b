/**
 * Helpers for the authenticator tests: a Router server that names its
 * clients (`mandatory`, so a send to a client it never accepted fails at
 * once), and Dealer clients whose outcome is read from events and messages,
 * never from the clock.
 */
import {afterEach, expect} from "vitest"
import * as zmq from "../../../lib/index"
import {until} from "../observer/support"
import {socketScope} from "../patterns/support"

export {until}

const zapTemporaryError = 300

/** Closes the test's sockets, authenticators and contexts after each test. */
export function authScope() {
  const use = socketScope()
  const authenticators: zmq.Authenticator[] = []
  const contexts: zmq.Context[] = []
  afterEach(() => {
    for (const auth of authenticators.splice(0)) auth.stop()
    for (const context of contexts.splice(0)) context.close()
  })
  return {
    use,
    authenticator(options?: zmq.AuthenticatorOptions): zmq.Authenticator {
      const auth = new zmq.Authenticator(options)
      authenticators.push(auth)
      return auth
    },
    context(): zmq.Context {
      const context = new zmq.Context()
      contexts.push(context)
      return context
    },
  }
}

type Use = ReturnType<typeof socketScope>
type RouterOptions = ConstructorParameters<typeof zmq.Router>[0]
type DealerOptions = ConstructorParameters<typeof zmq.Dealer>[0]

/** A Router server bound on loopback tcp, with its observer. */
export async function server(use: Use, options: RouterOptions = {}) {
  const router = use(new zmq.Router({mandatory: true, ...options}))
  const events = router.events
  await router.bind("tcp://127.0.0.1:*")
  return {router, events, address: router.lastEndpoint!}
}

/**
 * A Dealer named `name` connected to `address` (optionally
 * `tcp://<source>:0;<host>:<port>`). It does not reconnect: a refused client
 * would otherwise try again, and its new handshakes would mix with the next.
 */
export function client(use: Use, name: string, address: string, options: DealerOptions = {}) {
  const dealer = use(new zmq.Dealer({routingId: name, reconnectInterval: -1, ...options}))
  const events = dealer.events
  dealer.connect(address)
  return {dealer, events, name}
}

type Server = Awaited<ReturnType<typeof server>>
type Client = ReturnType<typeof client>

/** The client gets through: its message reaches the server and the answer comes back. */
export async function expectAllowed(srv: Server, cli: Client): Promise<void> {
  await cli.dealer.send(`hello from ${cli.name}`)
  const [id, body] = await srv.router.receive()
  expect(id!.toString()).toBe(cli.name)
  expect(body!.toString()).toBe(`hello from ${cli.name}`)
  await srv.router.send([cli.name, "welcome"])
  expect((await cli.dealer.receive()).map(String)).toEqual(["welcome"])
}

/**
 * Sends without waiting for libzmq to take the message: a client that is
 * refused (and does not reconnect) may never have a connection to take it,
 * and then the send waits until the socket closes.
 */
export function sendBlind(cli: Client, message: string): void {
  cli.dealer.send(message).catch(() => { /* closed after the test */ })
}

/**
 * The client is refused with `status`: the server reports handshake:error:auth,
 * and so does the client (libzmq tells it with an ERROR command, except for a
 * temporary error, 300, where it leaves the client waiting until its
 * handshakeInterval runs out); the server has no
 * connection to it (a send to its name fails with EHOSTUNREACH), so nothing
 * can reach it and its message never arrives.
 */
export async function expectDenied(srv: Server, cli: Client, status = 400): Promise<void> {
  sendBlind(cli, `hello from ${cli.name}`)
  const {event: onServer} = await until(srv.events, "handshake:error:auth")
  expect(onServer.error.status).toBe(status)
  if (status !== zapTemporaryError) {
    const {event: onClient, before} = await until(cli.events, "handshake:error:auth")
    expect(onClient.error.status).toBe(status)
    expect(before.map(event => event.type)).not.toContain("handshake")
  }
  await expect(srv.router.send([cli.name, "anyone there?"])).rejects.toMatchObject({code: "EHOSTUNREACH"})
}
