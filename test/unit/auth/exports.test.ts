/**
 * The authenticator and certificate API in the compiled package: the same
 * objects through require() and import(), and declarations a strict
 * TypeScript consumer compiles against.
 */
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import {packageRoot, runChild, typeCheck} from "../../helpers"

const names = ["Authenticator", "CURVE_ALLOW_ANY", "createCertificate", "saveCertificate", "loadCertificate",
  "loadCertificates"]

describe("the authenticator and certificates in the compiled package", () => {
  it("are exported through require() and import() as the same objects", async () => {
    const result = await runChild(`
      const {pathToFileURL} = require("node:url")
      import(pathToFileURL(${JSON.stringify(packageRoot)} + "/dist/esm/index.mjs").href).then(esm => {
        const names = ${JSON.stringify(names)}
        console.log(JSON.stringify(names.map(name => [name, typeof zmq[name], esm[name] === zmq[name]])))
      })
    `)
    expect(result).toMatchObject({code: 0, signal: null, stderr: ""})
    expect(JSON.parse(result.stdout)).toEqual([
      ["Authenticator", "function", true], ["CURVE_ALLOW_ANY", "string", true],
      ...names.slice(2).map(name => [name, "function", true]),
    ])
  })

  it("have declarations a consumer compiles against without skipLibCheck", async () => {
    expect(await typeCheck(path.join(__dirname, "fixtures/usage.ts"), false)).toEqual({code: 0, output: ""})
  }, 60_000)
})
