/**
 * The package surface: the compiled package loads through require() and
 * import() as one module instance (same class objects), exports every name of
 * the zeromq v6 API that exists so far, and each socket class has exactly the
 * methods its type supports.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {packageRoot, runChild, typeCheck} from "../../helpers"
import {socketClasses} from "../options/socket-classes"

const classNames = [
  "Context", "Socket", "Pair", "Publisher", "Subscriber", "Request", "Reply", "Dealer", "Router",
  "Pull", "Push", "XPublisher", "XSubscriber", "Stream", "Observer", "Poller", "Proxy",
]
const valueNames = ["context", "version", "capability", "curveKeyPair", "curvePublic", "z85Encode", "z85Decode"]

describe("the compiled package", () => {
  it("package.json maps require and import, each with its own declarations, and every target exists", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8"))
    expect(manifest.exports["."].require).toEqual({types: "./dist/cjs/index.d.ts", default: "./dist/cjs/index.js"})
    expect(manifest.exports["."].import).toEqual({types: "./dist/esm/index.d.mts", default: "./dist/esm/index.mjs"})
    expect(manifest.main).toBe("./dist/cjs/index.js")
    for (const [entry, conditions] of Object.entries(manifest.exports)) {
      if (typeof conditions === "string") continue
      for (const condition of ["import", "require"]) {
        const {types, default: target} = (conditions as Record<string, {types: string; default: string}>)[condition]!
        expect(fs.existsSync(path.join(packageRoot, types)), `${entry} ${condition} types ${types}`).toBe(true)
        expect(fs.existsSync(path.join(packageRoot, target)), `${entry} ${condition} ${target}`).toBe(true)
      }
    }
  })

  it("loads through require() and import() with the same objects, and a default export", async () => {
    // A real node process: the test runner's own module loader would blur CJS/ESM identity.
    const result = await runChild(`
      const {createRequire} = require("node:module")
      const {pathToFileURL} = require("node:url")
      const root = ${JSON.stringify(packageRoot)}
      const names = ${JSON.stringify([...classNames, ...valueNames])}
      const byName = createRequire(root + "/package.json")("zmq-napi")
      import(pathToFileURL(root + "/dist/esm/index.mjs").href).then(esm => {
        const report = {}
        for (const name of names) {
          report[name] = {
            cjs: typeof zmq[name],
            sameEsm: esm[name] === zmq[name],
            sameDefault: esm.default[name] === zmq[name],
            sameByName: byName[name] === zmq[name],
          }
        }
        console.log(JSON.stringify(report))
      })
    `)
    expect(result).toMatchObject({code: 0, signal: null, stderr: ""})
    const report = JSON.parse(result.stdout)
    for (const name of classNames) {
      expect(report[name], name).toEqual({cjs: "function", sameEsm: true, sameDefault: true, sameByName: true})
    }
    for (const name of valueNames) {
      expect(report[name].cjs, name).not.toBe("undefined")
      expect(report[name], name).toMatchObject({sameEsm: true, sameDefault: true, sameByName: true})
    }
  })
})

describe("type declarations", () => {
  it("give each socket class its methods and typed options, and refuse what it lacks", async () => {
    expect(await typeCheck(path.join(__dirname, "fixtures/typed-options.ts"), true)).toEqual({code: 0, output: ""})
  }, 60_000)

  it("type-check on their own (a consumer without skipLibCheck)", async () => {
    expect(await typeCheck(path.join(__dirname, "fixtures/declarations.ts"), false)).toEqual({code: 0, output: ""})
  }, 60_000)
})

describe("exports", () => {
  for (const name of classNames) {
    it(`exports the class ${name}`, () => {
      const value = (zmq as Record<string, unknown>)[name]
      expect(typeof value).toBe("function")
      expect((value as {name: string}).name).toBe(name)
    })
  }

  it("exports context (a Context), version, capability and the CURVE/Z85 functions", () => {
    expect(zmq.context).toBeInstanceOf(zmq.Context)
    expect(typeof zmq.version).toBe("string")
    expect(typeof zmq.capability).toBe("object")
    for (const name of ["curveKeyPair", "curvePublic", "z85Encode", "z85Decode"]) {
      expect(typeof (zmq as Record<string, unknown>)[name], name).toBe("function")
    }
  })
})

describe("methods per socket class", () => {
  const common = ["bind", "unbind", "bindSync", "unbindSync", "connect", "disconnect", "close", "ref", "unref"]

  for (const {name, Class, sends, receives} of socketClasses) {
    it(`${name} is a Socket with ${[sends && "send", receives && "receive"].filter(Boolean).join(" and ")}`, () => {
      const socket = new Class() as unknown as Record<string | symbol, unknown>
      try {
        expect(socket).toBeInstanceOf(zmq.Socket)
        for (const method of common) expect(typeof socket[method], method).toBe("function")
        expect(typeof socket.send, "send").toBe(sends ? "function" : "undefined")
        expect(typeof socket.receive, "receive").toBe(receives ? "function" : "undefined")
        expect(typeof socket[Symbol.asyncIterator], "Symbol.asyncIterator").toBe(receives ? "function" : "undefined")
        const subscribes = name === "Subscriber" || name === "XSubscriber"
        expect(typeof socket.subscribe, "subscribe").toBe(subscribes ? "function" : "undefined")
        expect(typeof socket.unsubscribe, "unsubscribe").toBe(subscribes ? "function" : "undefined")
      } finally {
        (socket as unknown as zmq.Socket).close()
      }
    })
  }

  it("Publisher has no receive, Pull has no send, Push has no subscribe", () => {
    const pub = new zmq.Publisher()
    const pull = new zmq.Pull()
    const push = new zmq.Push()
    try {
      expect(typeof (pub as unknown as Record<string, unknown>).receive).toBe("undefined")
      expect(typeof (pull as unknown as Record<string, unknown>).send).toBe("undefined")
      expect(typeof (push as unknown as Record<string, unknown>).subscribe).toBe("undefined")
    } finally {
      pub.close()
      pull.close()
      push.close()
    }
  })

  it("the base Socket class has neither send nor receive", () => {
    expect("send" in zmq.Socket.prototype).toBe(false)
    expect("receive" in zmq.Socket.prototype).toBe(false)
  })
})
