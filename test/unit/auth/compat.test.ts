/**
 * The legacy API's sockets live in the default context, so the Authenticator
 * (of the modern API) guards them too.
 */
import {once} from "node:events"
import {afterEach, expect, it} from "vitest"
import * as compat from "../../../lib/compat/index"
import * as zmq from "../../../lib/index"

const sockets: compat.Socket[] = []
let auth: zmq.Authenticator | undefined
afterEach(() => {
  for (const sock of sockets.splice(0)) {
    sock.linger = 0
    sock.close()
  }
  auth?.stop()
})

function legacy(type: string, options: Record<string, unknown>): compat.Socket {
  const sock = compat.socket(type, options)
  sockets.push(sock)
  return sock
}

it("refuses a legacy client with a wrong password and lets one with the right password in", async () => {
  let intruderDecided: () => void = () => {}
  const decided = new Promise<void>(resolve => { intruderDecided = resolve })
  auth = new zmq.Authenticator().configureCallback("*", request => {
    if (request.username === "intruder") intruderDecided()
    return request.password === "secret"
  }).start()
  const rep = legacy("rep", {plain_server: 1})
  rep.bindSync("tcp://127.0.0.1:*")
  legacy("req", {plain_username: "intruder", plain_password: "guess"}).connect(rep.last_endpoint).send("from intruder")
  await decided
  legacy("req", {plain_username: "admin", plain_password: "secret"}).connect(rep.last_endpoint).send("from admin")
  // A refusal (400) is final for that handshake, so the first request to arrive is the admin's.
  const [message] = await once(rep, "message")
  expect(String(message)).toBe("from admin")
})
