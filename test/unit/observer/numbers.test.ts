/**
 * lib/events.ts is the one home of libzmq's monitor numbers: they must be
 * those of the zmq.h we build against, and the legacy API's event names must
 * come from them. The Observer is exported alike through require() and import().
 */
import * as fs from "node:fs"
import * as path from "node:path"
import {describe, expect, it} from "vitest"
import * as events from "../../../lib/events"
import {events as legacyNames} from "../../../lib/compat/constants"
import {packageRoot, runChild} from "../../helpers"

/** The zmq.h of the pinned build (deps/build.js installs it), or the system's for a shared build. */
function zmqHeader(): string {
  for (const candidate of [path.join(packageRoot, "deps/build/prefix/include/zmq.h"), "/usr/include/zmq.h"]) {
    if (fs.existsSync(candidate)) return fs.readFileSync(candidate, "utf8")
  }
  throw new Error("no zmq.h found: run npm install (deps/build.js) first")
}

function defines(header: string, prefix: string): Map<string, number> {
  const found = new Map<string, number>()
  for (const [, name, value] of header.matchAll(new RegExp(`#define (${prefix}\\w+) (0x[0-9A-Fa-f]+)\\b`, "g"))) {
    found.set(name!, Number(value))
  }
  return found
}

describe("monitor numbers", () => {
  const header = zmqHeader()

  it("every ZMQ_EVENT_* of the v1 monitor in lib/events.ts is zmq.h's", () => {
    const fromHeader = defines(header, "ZMQ_EVENT_")
    const ours = Object.entries(events).filter(([name]) => name.startsWith("EVENT_"))
    expect(ours.length).toBe(16)
    for (const [name, value] of ours) expect(value, name).toBe(fromHeader.get(`ZMQ_${name}`))
  })

  it("every ZMQ_PROTOCOL_ERROR_* is named, with zmq.h's number", () => {
    const fromHeader = defines(header, "ZMQ_PROTOCOL_ERROR_")
    expect(fromHeader.size).toBe(21)
    for (const [name, value] of fromHeader) {
      expect((events.protocolErrors as Record<string, number>)[`ERR_${name.slice("ZMQ_PROTOCOL_ERROR_".length)}`], name)
        .toBe(value)
    }
  })

  it("the legacy names are keyed by the same numbers", () => {
    expect(legacyNames).toEqual({
      [events.EVENT_CONNECTED]: "connect", [events.EVENT_CONNECT_DELAYED]: "connect_delay",
      [events.EVENT_CONNECT_RETRIED]: "connect_retry", [events.EVENT_LISTENING]: "listen",
      [events.EVENT_BIND_FAILED]: "bind_error", [events.EVENT_ACCEPTED]: "accept",
      [events.EVENT_ACCEPT_FAILED]: "accept_error", [events.EVENT_CLOSED]: "close",
      [events.EVENT_CLOSE_FAILED]: "close_error", [events.EVENT_DISCONNECTED]: "disconnect",
    })
  })

  it("an unknown event number is `unknown`, an unknown protocol error ERR_UNKNOWN", () => {
    expect(events.toEvent(0x8000, 0, "")).toEqual({type: "unknown"})
    const event = events.toEvent(events.EVENT_HANDSHAKE_FAILED_PROTOCOL, 0x1234, "tcp://127.0.0.1:1")
    expect(event).toEqual({type: "handshake:error:protocol", address: "tcp://127.0.0.1:1", error: expect.any(Error)})
    expect((event as {error: Error}).error).toMatchObject({code: "ERR_UNKNOWN", errno: 0x1234, message: "Unknown error"})
  })
})

describe("the Observer export", () => {
  it("is the same class through require() and import(), and the default export", async () => {
    const result = await runChild(`
      const {pathToFileURL} = require("node:url")
      import(pathToFileURL(${JSON.stringify(path.join(packageRoot, "dist/esm/index.mjs"))}).href).then(esm => {
        console.log(JSON.stringify({
          cjs: typeof zmq.Observer, esm: esm.Observer === zmq.Observer, default: esm.default.Observer === zmq.Observer,
        }))
      })
    `)
    expect(result).toMatchObject({code: 0, signal: null, timedOut: false, stderr: ""})
    expect(JSON.parse(result.stdout)).toEqual({cjs: "function", esm: true, default: true})
  })
})
