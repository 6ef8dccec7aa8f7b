/**
 * A raw TCP peer that plays a script against a ZMTP server: it writes bytes,
 * and where the protocol makes a client wait (libzmq refuses a command that
 * arrives before it has sent its own part of the handshake) it reads the
 * server's greeting and commands first.
 *
 * A script is a list of steps:
 *   {write: Buffer}        written as is
 *   {awaitCommands: n}     wait until the server's greeting and n of its command frames have arrived
 * If the server closes the connection before a wait is over, the rest of the script is not written.
 */
import * as net from "node:net"
import {COMMAND, GREETING_SIZE, LONG} from "./zmtp.mjs"

/**
 * Plays `script` on a new connection to `port`, then closes our side (or,
 * with `hold`, keeps it open until `end()`). `played` resolves when the
 * script is over (every step done, or the server closed first); `closed`
 * when the connection is closed, with what happened.
 */
export function play(port, script, {hold = false} = {}) {
  const socket = net.connect(port, "127.0.0.1")
  const server = new ServerOutput()
  let step = 0
  let written = 0
  let reset = false
  let markPlayed
  const played = new Promise(resolve => { markPlayed = resolve })

  // Writes until a step waits for the server.
  const advance = () => {
    while (step < script.length) {
      const current = script[step]
      if (current.write) {
        socket.write(current.write)
        written += current.write.length
      } else if (!server.hasCommands(current.awaitCommands)) {
        return
      }
      step++
    }
    markPlayed()
    if (!hold) socket.end()
  }

  socket.on("connect", advance)
  socket.on("data", chunk => {
    server.add(chunk)
    if (step < script.length) advance()
  })
  // libzmq may reset a connection we are still writing to: expected, and 'close' follows.
  socket.on("error", () => {})
  const closed = new Promise(resolve => socket.on("close", () => {
    markPlayed()
    resolve({completed: step === script.length, written, received: server.size, reset})
  }))
  return {
    played,
    closed,
    /** Ends our side: libzmq then reads the end of the stream and closes. */
    end: () => socket.end(),
    /** Resets the connection (for one the server still holds at the fuzzer's deadline). */
    reset: () => { reset = true; socket.resetAndDestroy() },
  }
}

/** What the server sent: its greeting, then frames, of which only the commands are counted. */
class ServerOutput {
  constructor() {
    this.buffer = Buffer.alloc(0)
    this.size = 0
    this.commands = 0
    this.greeted = false
  }

  add(chunk) {
    this.size += chunk.length
    this.buffer = Buffer.concat([this.buffer, chunk])
    if (!this.greeted) {
      if (this.buffer.length < GREETING_SIZE) return
      this.buffer = this.buffer.subarray(GREETING_SIZE)
      this.greeted = true
    }
    for (let frame = frameAt(this.buffer); frame; frame = frameAt(this.buffer)) {
      if (frame.flags & COMMAND) this.commands++
      this.buffer = this.buffer.subarray(frame.end)
    }
  }

  hasCommands(count) {
    return this.greeted && this.commands >= count
  }
}

/** The complete frame at the start of `bytes`: its flags and where it ends; undefined while incomplete. */
function frameAt(bytes) {
  if (bytes.length < 2) return undefined
  const flags = bytes[0]
  const headerSize = flags & LONG ? 9 : 2
  if (bytes.length < headerSize) return undefined
  const size = flags & LONG ? Number(bytes.readBigUInt64BE(1)) : bytes[1]
  const end = headerSize + size
  return bytes.length >= end ? {flags, end} : undefined
}
