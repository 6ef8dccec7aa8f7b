/**
 * The memcheck report judge of `npm run test:valgrind` (scripts/lib/valgrind-report.mjs): it must
 * find what counts against our code in a report and let Node's noise pass, or the valgrind run
 * proves nothing. The fixture has one record of each case.
 */
import {readFileSync} from "node:fs"
import * as path from "node:path"
import {describe, expect, it} from "vitest"
// @ts-expect-error: a plain ES module of the scripts, without declarations.
import {formatRecord, judge, parseReport} from "../../scripts/lib/valgrind-report.mjs"

type Frame = {ip: string; obj?: string; fn?: string; file?: string; line?: string}
type Record = {kind: string; what: string; stacks: Frame[][]}

const ADDON = "/pkg/build/Release/zmq_napi.node"
const xml = readFileSync(path.join(__dirname, "fixtures", "memcheck.xml"), "utf8")

describe("valgrind report", () => {
  it("reads every record: kind, what, each stack with its frames, entities decoded", () => {
    const report = parseReport(xml)
    expect(report.complete).toBe(true)
    expect(report.fatalSignal).toBe("SIGSEGV")
    expect(report.records.map((record: Record) => record.kind)).toEqual(
      ["InvalidRead", "UninitCondition", "Leak_DefinitelyLost", "Leak_PossiblyLost", "Leak_DefinitelyLost"])
    const [invalidRead, , , possiblyLost] = report.records as Record[]
    expect(invalidRead!.what).toBe("Invalid read of size 8")
    expect(invalidRead!.stacks).toHaveLength(2)
    expect(invalidRead!.stacks[0]![1]).toEqual({ip: "0x7A1B2C3", obj: ADDON, fn: "zmqnapi::ReadBatch(zmqnapi::Batch&, void*)"})
    expect(invalidRead!.stacks[0]![2]).toMatchObject({fn: "uv_run", file: "core.c", line: "447"})
    expect(possiblyLost!.what).toBe("296 bytes in 1 blocks are possibly lost in loss record 12 of 20")
  })

  it("fails memory errors and definite leaks in our code, notes possible leaks, ignores Node's own", () => {
    const {failing, noted, ignored} = judge(parseReport(xml).records, ADDON)
    // The invalid read in the addon, and the leak in a shared libzmq.
    expect(failing.map((record: Record) => record.kind)).toEqual(["InvalidRead", "Leak_DefinitelyLost"])
    expect(failing[1].stacks[0][1].obj).toMatch(/libzmq\.so/)
    expect(noted.map((record: Record) => record.kind)).toEqual(["Leak_PossiblyLost"])
    // V8 scanning the stack under JavaScript our readiness callback ran, and the inspector's leak.
    expect(ignored.map((record: Record) => record.kind)).toEqual(["UninitCondition", "Leak_DefinitelyLost"])
  })

  it("judges by the real path of the addon: another object of the same name is not ours", () => {
    const {failing} = judge(parseReport(xml).records, "/elsewhere/zmq_napi.node")
    expect(failing.map((record: Record) => record.kind)).toEqual(["Leak_DefinitelyLost"])
  })

  it("says when a report stops early, as when valgrind or the program died mid-write", () => {
    const cut = xml.slice(0, xml.indexOf("<error>", xml.indexOf("<error>") + 1))
    const report = parseReport(cut)
    expect(report.complete).toBe(false)
    expect(report.records).toHaveLength(1)
    expect(parseReport("")).toEqual({complete: false, fatalSignal: undefined, records: []})
  })

  it("prints a record as its kind, what, and frames with file and line or object", () => {
    const [invalidRead] = parseReport(xml).records
    expect(formatRecord(invalidRead)).toBe([
      "InvalidRead: Invalid read of size 8",
      "  memmove (vgpreload_memcheck-amd64-linux.so)",
      "  zmqnapi::ReadBatch(zmqnapi::Batch&, void*) (zmq_napi.node)",
      "  uv_run (core.c:447)",
      "  --",
      "  malloc (vgpreload_memcheck-amd64-linux.so)",
      "  zmq::msg_t::init_size(unsigned long) (zmq_napi.node)",
    ].join("\n"))
  })
})
