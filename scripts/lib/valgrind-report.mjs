/**
 * A valgrind memcheck report (`--xml=yes`, protocol 4) read and judged by T8's rule
 * (docs/valgrind.md): a record counts against us when it is a memory error or a definite leak and
 * one of its stacks passes through our code before that code ran JavaScript. Node and V8 make noise of their own under memcheck;
 * judging by stack frames keeps that out without a suppression list that would go stale with every
 * Node release.
 */
import {basename} from "node:path"

/** Leak kinds that say nothing is wrong on their own: memory still pointed to, or into, at exit. */
const HARMLESS_LEAKS = new Set(["Leak_PossiblyLost", "Leak_IndirectlyLost", "Leak_StillReachable"])

/**
 * Our code in a process: the addon (which links libzmq and libsodium in statically) and, in a
 * build against the system libzmq, the shared libraries.
 */
const SHARED_DEPENDENCY = /\/lib(zmq|sodium)\.so(\.\d+)*$/

const ENTITIES = {lt: "<", gt: ">", amp: "&", quot: "\"", apos: "'"}

function decode(text) {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, name) => ENTITIES[name])
}

/** The text of every `<tag>` element directly in `xml`, in order (no element nests itself here). */
function elements(xml, tag) {
  const pattern = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g")
  return [...xml.matchAll(pattern)].map(match => match[1])
}

function first(xml, tag) {
  const text = elements(xml, tag)[0]
  return text === undefined ? undefined : decode(text.trim())
}

function frame(xml) {
  const fields = {}
  for (const name of ["ip", "obj", "fn", "dir", "file", "line"]) {
    const value = first(xml, name)
    if (value !== undefined) fields[name] = value
  }
  return fields
}

/**
 * The records of a report: `{kind, what, stacks}`, each stack a list of frames
 * `{ip, obj?, fn?, dir?, file?, line?}`, innermost first; `complete` is false when the report
 * stops early (valgrind or the program died), `fatalSignal` names the signal that killed the program.
 */
export function parseReport(xml) {
  const records = elements(xml, "error").map(error => ({
    kind: first(error, "kind"),
    // Memory errors say what in <what>, leaks in <xwhat><text>.
    what: first(error, "what") ?? first(elements(error, "xwhat")[0] ?? "", "text") ?? "",
    stacks: elements(error, "stack").map(stack => elements(stack, "frame").map(frame)),
  }))
  const signal = elements(xml, "fatal_signal")[0]
  return {
    complete: xml.includes("</valgrindoutput>"),
    fatalSignal: signal === undefined ? undefined : first(signal, "signame"),
    records,
  }
}

/**
 * The Node-API calls by which our code runs JavaScript. Below one of them on a stack, whatever
 * happens is JavaScript's and V8's doing (V8's garbage collector scanning the stack, say), not our
 * code's, though our code is further out on the same stack.
 */
const CALLS_INTO_JAVASCRIPT = new Set(["napi_call_function", "napi_make_callback", "napi_new_instance"])

/** Whether `frame` is in our code: the addon at `addonPath` (a real path), or a shared libzmq/libsodium. */
export function isOurFrame(frame, addonPath) {
  return frame.obj !== undefined && (frame.obj === addonPath || SHARED_DEPENDENCY.test(frame.obj))
}

/**
 * Whether our code is on `stack` (innermost frame first) before it ran JavaScript: the record
 * happened in our code, or in what our code called (libc, Node-API, V8's allocator).
 */
export function passesThroughOurCode(stack, addonPath) {
  for (const frame of stack) {
    if (isOurFrame(frame, addonPath)) return true
    if (CALLS_INTO_JAVASCRIPT.has(frame.fn)) return false
  }
  return false
}

/**
 * Sorts records into `failing` (a memory error or a definite leak through our code), `noted`
 * (a possible or indirect leak through our code: listed, since a definite one would be its cause)
 * and `ignored` (nothing of ours on any stack).
 */
export function judge(records, addonPath) {
  const verdict = {failing: [], noted: [], ignored: []}
  for (const record of records) {
    const ours = record.stacks.some(stack => passesThroughOurCode(stack, addonPath))
    if (!ours) verdict.ignored.push(record)
    else if (HARMLESS_LEAKS.has(record.kind)) verdict.noted.push(record)
    else verdict.failing.push(record)
  }
  return verdict
}

/** A record as a few readable lines: kind, what, then each frame as `fn (file:line | object)`. */
export function formatRecord(record) {
  const lines = [`${record.kind}: ${record.what}`]
  record.stacks.forEach((stack, index) => {
    if (index > 0) lines.push("  --")
    for (const {fn = "???", obj, file, line} of stack) {
      const where = file !== undefined ? `${file}:${line ?? "?"}` : obj !== undefined ? basename(obj) : "?"
      lines.push(`  ${fn} (${where})`)
    }
  })
  return lines.join("\n")
}
