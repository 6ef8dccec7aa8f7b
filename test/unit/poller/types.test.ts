/**
 * The Poller's type declarations, compiled as a consumer compiles them:
 * reported sockets carry the items' type (so `socket.receive()` type-checks
 * for a Poller<Pull | Subscriber>), descriptors and sockets narrow apart, and
 * wrong items, events and options do not compile.
 */
import {execFile} from "node:child_process"
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import {packageRoot} from "../../helpers"

describe("Poller type declarations", () => {
  it("accept what the API allows and refuse the rest (fixtures/typed-poller.ts)", async () => {
    const tsc = path.join(packageRoot, "node_modules/typescript/bin/tsc")
    const args = [tsc, "--noEmit", "--strict", "--module", "node16", "--moduleResolution", "node16",
      "--target", "ES2022", "--types", "node", "--typeRoots", path.join(packageRoot, "node_modules/@types"),
      "--skipLibCheck", "false", path.join(__dirname, "fixtures/typed-poller.ts")]
    const result = await new Promise<{code: number; output: string}>(resolve => {
      execFile(process.execPath, args, {cwd: packageRoot}, (error, stdout, stderr) => {
        resolve({code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr})
      })
    })
    expect(result).toEqual({code: 0, output: ""})
  }, 60_000)
})
