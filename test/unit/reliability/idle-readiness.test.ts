/**
 * A socket nobody waits on must leave the event loop idle. libzmq signals
 * its FD when it has commands for the socket (a message arrived, an inproc
 * peer closed); uv_poll is level-triggered, so unless ZMQ_EVENTS is read the
 * signal stays up and the loop wakes again at once, forever: a process that
 * merely had a message waiting unread ran at 100% CPU. Measured in a child
 * with the event loop utilisation (`measureIdleSource`).
 */
import {describe, expect, it} from "vitest"
import {measureIdleSource, runChild} from "../../helpers"

describe("an idle socket leaves the event loop idle", () => {
  it("while a message waits unread", async () => {
    const result = await runChild(`
      ${measureIdleSource}
      const pull = new zmq.Pull({linger: 0})
      pull.bindSync("inproc://idle-unread")
      const push = new zmq.Push({linger: 0})
      push.connect("inproc://idle-unread")
      // Over inproc the message is in the pull's queue when send() resolves.
      push.send("unread").then(() => measureIdle(() => { push.close(); pull.close() }))
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(JSON.parse(result.stdout).utilization).toBeLessThan(0.5)
  })

  it("after its inproc peer closed", async () => {
    const result = await runChild(`
      ${measureIdleSource}
      const pull = new zmq.Pull({linger: 0})
      pull.bindSync("inproc://idle-peer-closed")
      const push = new zmq.Push({linger: 0})
      push.connect("inproc://idle-peer-closed")
      push.send("one").then(() => pull.receive()).then(() => {
        pull.close()
        measureIdle(() => push.close())
      })
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(JSON.parse(result.stdout).utilization).toBeLessThan(0.5)
  })
})
