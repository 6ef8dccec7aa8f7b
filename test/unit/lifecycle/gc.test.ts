/**
 * Garbage collection of sockets (children run with --expose-gc): collecting
 * closed or never-closed sockets neither crashes nor hangs the process, and
 * ZeroMQ keeps working afterwards.
 */
import {describe, expect, it} from "vitest"
import {runChild} from "../../helpers"

const gc = {args: ["--expose-gc"]}

/** Child source: a push/pull round trip that proves the process still works. */
const stillWorks = `
  async function stillWorks() {
    const pull = new zmq.Pull()
    pull.bindSync("tcp://127.0.0.1:*")
    const push = new zmq.Push()
    push.connect(pull.lastEndpoint)
    await push.send("still works")
    const [message] = await pull.receive()
    push.close()
    pull.close()
    return message.toString()
  }
`

/** Child source: a full GC after the current job, so WeakRefs can be cleared. */
const collect = `
  const collect = () => new Promise(resolve => setImmediate(() => { global.gc(); resolve() }))
`

describe("garbage collection", () => {
  it("collecting a closed socket does not crash (exit 0)", async () => {
    const result = await runChild(`
      ${stillWorks}
      ${collect}
      ;(async () => {
        let dealer = new zmq.Dealer()
        dealer.bindSync("tcp://127.0.0.1:*")
        dealer.close()
        const ref = new WeakRef(dealer)
        dealer = null
        await collect()
        await collect()
        console.log(ref.deref() === undefined ? "collected" : "still referenced")
        console.log(await stillWorks())
      })()
    `, gc)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("collected\nstill works\n")
  })

  it("creating and dropping 1000 unclosed idle sockets, then gc(), exits 0", async () => {
    const result = await runChild(`
      ${stillWorks}
      ${collect}
      ;(async () => {
        for (let i = 0; i < 1000; i++) {
          const socket = i % 2 ? new zmq.Dealer() : new zmq.Pull()
          if (i % 10 === 0) socket.bindSync("inproc://dropped-" + i)
        }
        await collect()
        await collect()
        console.log(await stillWorks())
      })()
    `, gc)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(result.stdout).toBe("still works\n")
  })

  it("an unreferenced but bound socket still delivers after gc()", async () => {
    const result = await runChild(`
      ${collect}
      ;(async () => {
        const pull = new zmq.Pull()
        pull.bindSync("inproc://gc-bound")
        ;(() => {
          const push = new zmq.Push()
          push.connect("inproc://gc-bound")
          push.send("sent before gc")
        })()
        await collect()
        const [message] = await pull.receive()
        console.log(message.toString())
        pull.close()
      })()
    `, gc)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false})
    expect(result.stdout).toBe("sent before gc\n")
  })
})
