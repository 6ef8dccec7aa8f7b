/**
 * Closing sockets while a multipart message is half on the wire. libzmq
 * 4.3.4 aborted the process (session_base.cpp, clean_pipes) when a linger-0
 * socket was closed as its connection ended in the middle of sending a
 * multipart message: deps/patches/libzmq/0004 makes it drop the unreadable
 * rest instead. A worker thread that is terminated closes its sockets exactly
 * this way, so the race is an everyday one.
 *
 * The rounds run in a child process, so an abort shows as its signal.
 */
import {describe, expect, it} from "vitest"
import {runChild} from "../../helpers"

const ROUNDS = 300

describe("closing sockets while a multipart message is half sent", () => {
  it(`a PULL then its linger-0 PUSH closed mid-message, ${ROUNDS} times, does not abort the process`, async () => {
    const result = await runChild(`
      ;(async () => {
        // Eight 16 KiB parts: more than one write, so the engine is caught
        // between parts; the tiny high-water marks keep messages in flight.
        const parts = Array.from({length: 8}, () => Buffer.alloc(16 * 1024))
        for (let round = 0; round < ${ROUNDS}; round++) {
          const pull = new zmq.Pull({receiveHighWaterMark: 1})
          await pull.bind("tcp://127.0.0.1:*")
          const push = new zmq.Push({linger: 0, sendHighWaterMark: 4})
          push.connect(pull.lastEndpoint)
          for (let i = 0; i < 4; i++) await push.send(parts)
          const received = await pull.receive()
          if (received.length !== parts.length) throw new Error("a message lost parts: " + received.length)
          pull.close()
          push.close()
        }
        console.log("rounds done")
      })()
    `, {timeoutMs: 60_000})
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
    expect(result.stderr).toBe("")
    expect(result.stdout).toBe("rounds done\n")
  }, 60_000)
})
