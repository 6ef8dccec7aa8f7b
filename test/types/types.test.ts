/**
 * Drop-in at the type level: usage.ts, a program written the way zeromq v6's
 * documentation uses every public export, compiles under `tsc --strict`
 * against zmq-napi's declarations, and against zeromq's own (which shows it
 * exercises zeromq's shapes, not ours).
 */
import {execFile} from "node:child_process"
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import {packageRoot} from "../helpers"

function compile(project: string): Promise<{code: number; output: string}> {
  const tsc = path.join(packageRoot, "node_modules/typescript/bin/tsc")
  return new Promise(resolve => {
    execFile(process.execPath, [tsc, "-p", path.join(__dirname, project)], {cwd: packageRoot}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === "number" ? error.code : 1) : 0, output: stdout + stderr})
    })
  })
}

describe("a zeromq v6 program's types", () => {
  it("compile unchanged against zmq-napi (tsconfig.json)", async () => {
    expect(await compile("tsconfig.json")).toEqual({code: 0, output: ""})
  }, 60_000)

  it("compile against zeromq 6's own declarations too (tsconfig.zeromq.json)", async () => {
    expect(await compile("tsconfig.zeromq.json")).toEqual({code: 0, output: ""})
  }, 60_000)
})
