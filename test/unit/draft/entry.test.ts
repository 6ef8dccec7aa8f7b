/**
 * The `zmq-napi/draft` entry: CommonJS and ESM give the same classes, and
 * where libzmq lacks draft APIs importing still works while constructing a
 * draft socket throws an error that says why.
 */
import {describe, expect, it} from "vitest"
import * as path from "node:path"
import {packageRoot, runChild} from "../../helpers"

const classNames = ["Server", "Client", "Radio", "Dish", "Gather", "Scatter", "Datagram", "Peer", "Channel"]

describe("zmq-napi/draft", () => {
  it("require() and import() of the package name give the same classes", async () => {
    // Resolved by the package's own name (a package with "exports" can import itself).
    const result = await runChild(`
      const draft = require("zmq-napi/draft")
      import("zmq-napi/draft").then(esm => {
        const names = ${JSON.stringify(classNames)}
        console.log(JSON.stringify(names.map(name =>
          [name, typeof draft[name], esm[name] === draft[name], esm.default[name] === draft[name]])))
      })
    `)
    expect(result).toMatchObject({code: 0, signal: null, stderr: ""})
    expect(JSON.parse(result.stdout)).toEqual(classNames.map(name => [name, "function", true, true]))
  })

  it("has every class of zeromq/draft (6.8.0), with the same socket type numbers, plus Peer and Channel", async () => {
    const result = await runChild(`
      const theirs = require("zeromq/draft")
      const ours = require("zmq-napi/draft")
      console.log(JSON.stringify(Object.keys(theirs).map(name => {
        const a = new theirs[name](), b = new ours[name]()
        const row = [name, typeof ours[name], a.type === b.type]
        a.close()
        b.close()
        return row
      })))
    `)
    expect(result).toMatchObject({code: 0, signal: null})
    const rows = JSON.parse(result.stdout) as [string, string, boolean][]
    expect(rows.map(([name]) => name).sort()).toEqual(classNames.filter(name => name !== "Peer" && name !== "Channel").sort())
    for (const row of rows) expect(row.slice(1), row[0]).toEqual(["function", true])
  })

  it("without draft APIs in libzmq, importing works and constructing throws ENOTSUP saying why", async () => {
    // A libzmq without drafts (npm_config_zmq_shared) reports capability.draft false.
    const result = await runChild(`
      const {binding} = require(${JSON.stringify(path.join(packageRoot, "dist/cjs/native.js"))})
      binding.capability.draft = false
      const draft = require(${JSON.stringify(path.join(packageRoot, "dist/cjs/draft.js"))})
      for (const name of ${JSON.stringify(classNames)}) {
        try {
          new draft[name]()
          console.log(name + " constructed")
        } catch (error) {
          console.log(name + " " + error.code + " " + error.message)
        }
      }
    `, {entry: "package.json"})
    expect(result).toMatchObject({code: 0, signal: null, stderr: ""})
    const lines = result.stdout.trim().split("\n")
    expect(lines).toHaveLength(classNames.length)
    for (const [index, name] of classNames.entries()) {
      expect(lines[index]).toBe(`${name} ENOTSUP ${name} is a draft socket type, and this libzmq (4.3.4) was built ` +
        "without draft APIs (capability.draft is false): build zmq-napi with its bundled libzmq " +
        "(without npm_config_zmq_shared) to use it")
    }
  })
})
