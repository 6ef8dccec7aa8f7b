/**
 * The filter that decides which sanitizer reports fail `npm run test:sanitize`
 * (scripts/lib/sanitizer-reports.mjs): it must count our leaks and every
 * error, and only ignore leaks that Node itself made.
 */
import {mkdtempSync, rmSync, writeFileSync} from "node:fs"
import {tmpdir} from "node:os"
import * as path from "node:path"

import {describe, expect, it} from "vitest"

// @ts-expect-error: a plain ES module of the scripts, without declarations
import {collectReports, reportsIn} from "../../scripts/lib/sanitizer-reports.mjs"

const addon = "/repo/build-sanitize/Release/zmq_napi.node"
const asan = "/lib/x86_64-linux-gnu/libasan.so.8"

const frame = (n: number, fn: string, module: string) => `    #${n} 0x7f00000${n}1234 in ${fn} /src/file.cc:1 {${module}}`

/** A LeakSanitizer report of one process with the given leak records (each a list of frames). */
function leakReport(...records: string[][]): string {
  return [
    "=================================================================",
    "==4242==ERROR: LeakSanitizer: detected memory leaks",
    "",
    ...records.flatMap(frames => ["Direct leak of 64 byte(s) in 1 object(s) allocated from:", ...frames, ""]),
    "SUMMARY: AddressSanitizer: 64 byte(s) leaked in 1 allocation(s).",
  ].join("\n")
}

const nodeLeak = [
  frame(0, "operator new(unsigned long)", asan),
  frame(1, "v8::internal::Isolate::Init()", "/usr/bin/node"),
  frame(2, "node::Start(int, char**)", "/usr/bin/node"),
]
const ourLeak = [
  frame(0, "operator new(unsigned long)", asan),
  frame(1, "zmq::ctx_t::create_socket(int)", addon),
  frame(2, "v8impl::FunctionCallbackWrapper::Invoke()", "/usr/bin/node"),
]
// Allocated by libc (getaddrinfo) for our code: ours too.
const ourLeakThroughLibc = [
  frame(0, "malloc", asan),
  frame(1, "getaddrinfo", "/lib/x86_64-linux-gnu/libc.so.6"),
  frame(2, "zmq::tcp_address_t::resolve()", addon),
]
// Node's allocation while our code called into it (napi_create_reference): Node's.
const nodeLeakUnderOurCall = [
  frame(0, "operator new(unsigned long)", asan),
  frame(1, "napi_create_reference", "/usr/bin/node"),
  frame(2, "Socket::Socket(Napi::CallbackInfo const&)", addon),
]

describe("sanitizer report filter", () => {
  it("ignores leaks that begin in Node", () => {
    expect(reportsIn(leakReport(nodeLeak, nodeLeakUnderOurCall), addon)).toEqual([])
  })

  it("counts a leak allocated by the addon (or libzmq, linked into it), directly or through libc", () => {
    const reports = reportsIn(leakReport(nodeLeak, ourLeak, ourLeakThroughLibc), addon)
    expect(reports.map((r: {kind: string}) => r.kind)).toEqual(["leak", "leak"])
    expect(reports[0].text).toContain("zmq::ctx_t::create_socket")
    expect(reports[1].text).toContain("zmq::tcp_address_t::resolve")
  })

  it("counts a leak of another build of the addon only for that build's path", () => {
    expect(reportsIn(leakReport(ourLeak), "/elsewhere/zmq_napi.node")).toEqual([])
  })

  it("counts every AddressSanitizer error, wherever it happened", () => {
    const text = [
      "==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010",
      "READ of size 8 at 0x602000000010 thread T0",
      frame(0, "uv__io_poll", "/usr/bin/node"),
      "",
      "0x602000000010 is located 0 bytes inside of 16-byte region",
      "SUMMARY: AddressSanitizer: heap-use-after-free in uv__io_poll",
      "==4242==ABORTING",
    ].join("\n")
    const reports = reportsIn(text, addon)
    expect(reports).toHaveLength(1)
    expect(reports[0].kind).toBe("error")
    expect(reports[0].text).toContain("is located 0 bytes inside")
    expect(reports[0].text).toContain("SUMMARY: AddressSanitizer: heap-use-after-free")
  })

  it("counts undefined behaviour and a sanitizer that could not run its check", () => {
    const text = [
      "/repo/src-native/socket.cc:42:7: runtime error: signed integer overflow: 2147483647 + 1",
      frame(0, "Socket::Send(Napi::CallbackInfo const&)", addon),
      "",
      "==4243==LeakSanitizer has encountered a fatal error.",
    ].join("\n")
    expect(reportsIn(text, addon).map((r: {kind: string}) => r.kind)).toEqual(["undefined-behaviour", "fatal"])
  })

  it("reads every file of a report directory", () => {
    const directory = mkdtempSync(path.join(tmpdir(), "zmq-napi-reports-"))
    try {
      writeFileSync(path.join(directory, "asan.1"), leakReport(nodeLeak))
      writeFileSync(path.join(directory, "asan.2"), leakReport(ourLeak))
      const reports = collectReports(directory, addon)
      expect(reports).toHaveLength(1)
      expect(reports[0].file).toBe(path.join(directory, "asan.2"))
    } finally {
      rmSync(directory, {recursive: true, force: true})
    }
  })
})
