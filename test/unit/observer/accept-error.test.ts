/**
 * accept:error, produced for real: a listener that has no file descriptor
 * left for the connection it should accept (EMFILE). The listening process
 * runs under `ulimit -n` and uses up its descriptors after binding; the test
 * process connects to it with `net` and waits for the child's report.
 */
import * as net from "node:net"
import {describe, expect, it} from "vitest"
import {type ChildResult, runChild} from "../../helpers"

/** Runs `source` under `ulimit -n limit`; `onLine` sees each line the child prints. */
function runLimited(source: string, limit: number, onLine: (line: string) => void): Promise<ChildResult> {
  let seen = 0
  return runChild(source, {
    fileLimit: limit, timeoutMs: 15_000,
    onOutput: stdout => {
      for (let end = stdout.indexOf("\n", seen); end >= 0; end = stdout.indexOf("\n", seen)) {
        onLine(stdout.slice(seen, end))
        seen = end + 1
      }
    },
  })
}

describe("accept:error", () => {
  it("reports EMFILE with the listener's address while no descriptor is left, and the connection is accepted once one is", async () => {
    let client: net.Socket | undefined
    const result = await runLimited(`
      const fs = require("node:fs")
      const keepAlive = setInterval(() => {}, 1000)
      const pull = new zmq.Pull({linger: 0})
      const events = pull.events
      pull.bindSync("tcp://127.0.0.1:*")
      const address = pull.lastEndpoint
      // Use up every descriptor left.
      const held = []
      try {
        for (;;) held.push(fs.openSync("/dev/null", "r"))
      } catch (error) {
        if (error.code !== "EMFILE") throw error
      }
      console.log("listening " + address)
      ;(async () => {
        let first
        let failures = 0
        for await (const event of events) {
          if (event.type === "accept:error") {
            if (failures++ === 0) {
              const {code, errno, message} = event.error
              first = {type: event.type, address: event.address === address, code, errno, message}
              // libzmq retries the accept while the connection waits: give it a descriptor back.
              for (const fd of held.splice(0)) fs.closeSync(fd)
            }
          } else if (event.type === "accept") {
            console.log(JSON.stringify({first, failures: failures > 0, accepted: event.address === address}))
            break
          }
        }
        pull.close()
        clearInterval(keepAlive)
      })()
    `, 64, line => {
      const match = /^listening tcp:\/\/127\.0\.0\.1:(\d+)$/.exec(line)
      if (match) {
        client = net.connect(Number(match[1]), "127.0.0.1")
        client.on("error", () => { /* reset when the child exits */ })
      }
    })
    client?.destroy()
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    const report = JSON.parse(result.stdout.trim().split("\n").pop()!)
    expect(report).toEqual({
      first: {type: "accept:error", address: true, code: "EMFILE", errno: 24, message: "Too many open files"},
      failures: true,
      accepted: true,
    })
  })
})
