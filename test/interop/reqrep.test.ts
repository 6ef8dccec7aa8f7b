/**
 * REQ/REP against each foreign peer: multipart messages with empty frames,
 * a frame of every byte value and a 1 MiB frame travel there and back intact.
 */
import {randomBytes} from "node:crypto"
import {expect} from "vitest"
import * as zmq from "../../lib/index"
import {ANY_PORT, digest, interop, startPeer} from "./support"

const everyByte = Buffer.from(Array.from({length: 256}, (_, i) => i))
const mebibyte = randomBytes(1024 * 1024)

const allMessages: Buffer[][] = [
  [Buffer.alloc(0)],
  [Buffer.alloc(0), Buffer.from("between empty frames"), Buffer.alloc(0), Buffer.alloc(0)],
  [everyByte, Buffer.from([0]), everyByte.subarray(128)],
  [mebibyte],
  [Buffer.from("1 MiB follows"), mebibyte, Buffer.alloc(0)],
]

interop("reqrep", async ({peer, role, use, partial}) => {
  // A partial cell (see matrix.json) leaves out the messages with empty frames.
  const messages = partial ? allMessages.filter(m => m.every(frame => frame.length > 0)) : allMessages
  if (role === "zmq-napi binds") {
    // zmq-napi REP echoes; the peer's REQ sends and checks what comes back.
    const reply = use(new zmq.Reply())
    await reply.bind(ANY_PORT)
    const {process: req} = await startPeer(peer, "req", "connect", reply.lastEndpoint!)
    for (const message of messages) {
      await req.send(message)
      const request = await reply.receive()
      expect(digest(request)).toEqual(digest(message))
      await reply.send(request)
      expect(digest(await req.receive())).toEqual(digest(message))
    }
  } else {
    // The peer's REP echoes; zmq-napi's REQ sends and checks.
    const {process: rep, endpoint} = await startPeer(peer, "rep", "bind", ANY_PORT)
    rep.command(`ECHO ${messages.length}`)
    const request = use(new zmq.Request())
    request.connect(endpoint)
    for (const message of messages) {
      await request.send(message)
      expect(digest(await request.receive())).toEqual(digest(message))
    }
    expect(await rep.expect("ECHOED")).toBe(String(messages.length))
  }
})
