/**
 * What the peer receives is what the buffer held when send() was called:
 * later writes by the caller must not leak into the message, whether the
 * send completed at once or had to wait for a peer.
 */
import {createHash} from "node:crypto"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {pushPull, socketScope} from "./support"

const sizes = [8, 64 * 1024]

/** A recognisable payload: bytes 0, 1, 2, ... */
const original = (size: number) => Buffer.from(Array.from({length: size}, (_, i) => i % 251))

/**
 * Frames in a short comparable form (length, first bytes, digest): vitest's
 * toEqual walks Buffers index by index, slowly, and prints 64 KiB diffs.
 */
const hex = (frames: Buffer[]) => frames.map(frame =>
  `${frame.length} bytes ${frame.subarray(0, 8).toString("hex")}… sha1 ${createHash("sha1").update(frame).digest("hex").slice(0, 16)}`)

describe.each(transports)("buffer ownership over %s", transport => {
  const use = socketScope()

  const connected = () => pushPull(use, transport)

  it.each(sizes)("writing to a %i-byte buffer after send() resolved does not change the message", async size => {
    const {push, pull} = await connected()
    const buffer = original(size)
    await push.send([buffer, buffer.subarray(2, 6)])
    buffer.fill(0xee)
    expect(hex(await pull.receive())).toEqual(hex([original(size), original(size).subarray(2, 6)]))
  })

  it.each(sizes)("writing to a %i-byte buffer right after calling send() does not change the message", async size => {
    const {push, pull} = await connected()
    const buffer = original(size)
    const sending = push.send(buffer)
    buffer.fill(0xee)
    await sending
    expect(hex(await pull.receive())).toEqual(hex([original(size)]))
  })

  it.each(sizes)("writing to a %i-byte buffer while its send waits for a peer does not change the message",
    async size => {
      // A bound Push without peers: the send cannot complete until a Pull connects.
      const push = use(new zmq.Push())
      const address = await bound(push, transport)
      const buffer = original(size)
      const view = new Uint16Array(buffer.buffer, buffer.byteOffset, 2)
      const sending = push.send([buffer, view])
      buffer.fill(0xee)

      const pull = use(new zmq.Pull())
      pull.connect(address)
      await sending
      expect(hex(await pull.receive())).toEqual(hex([original(size), original(size).subarray(0, 4)]))
    })
})
