// Reads the sanitizers' report files of a run (one per process, ASAN_OPTIONS/UBSAN_OPTIONS
// log_path) and decides which reports are ours. See docs/sanitizers.md.
//
// - Every AddressSanitizer error (use-after-free, overflow, double free, new/delete mismatch...)
//   and every UndefinedBehaviorSanitizer "runtime error" counts, wherever it happened: Node's own
//   binary is not instrumented, so what it could report at all is rare and worth a look.
// - A LeakSanitizer leak record counts when the allocation was ours: the first frame of its stack
//   outside the sanitizer runtime, libc, libgcc and libstdc++ (the allocator and the library
//   calls that allocate on a caller's behalf) is in our addon's module, which has libzmq and
//   libsodium linked in. Node, V8 and libuv leave memory behind at exit on purpose; those
//   records begin in the node binary and do not count.
// - A sanitizer that could not do its check ("LeakSanitizer has encountered a fatal error")
//   counts too: silence is not a pass.
//
// Frames must name their module: the run sets STACK_TRACE_FORMAT in ASAN_OPTIONS.
import {readdirSync, readFileSync} from "node:fs"
import {join} from "node:path"

/** ASan's frame format for the run: the module of every frame between braces at the end. */
export const STACK_TRACE_FORMAT = "    #%n %p %F %L {%m}"

/** Modules that allocate on a caller's behalf; the caller is the frame after them. */
const ALLOCATING_MODULES = [/\/libasan\.so/, /\/libubsan\.so/, /\/libc\.so/, /\/libstdc\+\+\.so/, /\/libgcc_s\.so/, /\/ld-linux/]

const FRAME = /^\s*#\d+ 0x[0-9a-f]+ .*\{([^{}]*)\}\s*$/
const LEAK_RECORD = /^(Direct|Indirect) leak of \d+ byte\(s\) in \d+ object\(s\) allocated from:$/
const ERROR_HEADER = /^==\d+==ERROR: (AddressSanitizer|LeakSanitizer): (.*)$/
const UB_ERROR = /: runtime error: /
const FATAL = /(LeakSanitizer|AddressSanitizer) has encountered a fatal error/

/** The module of each frame line in `lines`, in order (lines that are not frames are skipped). */
function frameModules(lines) {
  return lines.map(line => FRAME.exec(line)?.[1]).filter(module => module !== undefined)
}

/** True when the allocation of this leak record's stack was made by code in `addon`. */
export function leakIsOurs(stackLines, addon) {
  const caller = frameModules(stackLines).find(module => !ALLOCATING_MODULES.some(pattern => pattern.test(module)))
  return caller === addon
}

/**
 * The reports in one file's text that count, each {kind, text}: kind is "error" (ASan),
 * "undefined-behaviour", "leak" (one record) or "fatal". `addon` is the absolute path of the
 * addon the run loaded.
 */
export function reportsIn(text, addon) {
  const lines = text.split("\n")
  const found = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (FATAL.test(line)) {
      found.push({kind: "fatal", text: lines.slice(Math.max(0, i - 2), i + 3).join("\n")})
    } else if (UB_ERROR.test(line)) {
      found.push({kind: "undefined-behaviour", text: block(lines, i)})
    } else if (LEAK_RECORD.test(line)) {
      const record = block(lines, i)
      if (leakIsOurs(record.split("\n").slice(1), addon)) found.push({kind: "leak", text: record})
    } else {
      const header = ERROR_HEADER.exec(line)
      // A LeakSanitizer header only introduces the records judged above.
      if (header && header[1] === "AddressSanitizer") found.push({kind: "error", text: untilSummary(lines, i)})
    }
  }
  return found
}

/** Lines from `start` to the next blank line. */
function block(lines, start) {
  let end = start + 1
  while (end < lines.length && lines[end].trim() !== "") end++
  return lines.slice(start, end).join("\n")
}

/** Lines from `start` to ASan's SUMMARY line (its report has blank lines inside). */
function untilSummary(lines, start) {
  let end = start + 1
  while (end < lines.length && !lines[end].startsWith("SUMMARY:")) end++
  return lines.slice(start, end + 1).join("\n")
}

/** Every counting report in the files of `directory`, each with its `file`. */
export function collectReports(directory, addon) {
  return readdirSync(directory).sort().flatMap(name => {
    const file = join(directory, name)
    return reportsIn(readFileSync(file, "utf8"), addon).map(report => ({file, ...report}))
  })
}
