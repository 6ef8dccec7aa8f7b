#!/usr/bin/env node
/**
 * `npm run test:valgrind [-- program...]`: runs the programs of scripts/valgrind/ one by one under
 * valgrind's memcheck, against the addon as built (the one node-gyp-build loads: build/Release in
 * a clone), and judges each report by T8's rule (scripts/lib/valgrind-report.mjs, docs/valgrind.md).
 * Every program checks its own behaviour and exits 0; the run passes when each one did and no
 * record counts against our code. Reports and output stay in .valgrind/ for a closer look.
 */
import {spawn, spawnSync} from "node:child_process"
import {once} from "node:events"
import {existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync} from "node:fs"
import {createRequire} from "node:module"
import {basename, join} from "node:path"
import {formatRecord, judge, parseReport} from "./lib/valgrind-report.mjs"
import {root} from "./lib/paths.mjs"

const programsDir = join(root, "scripts", "valgrind")
const reportsDir = join(root, ".valgrind")

const MEMCHECK = [
  "--tool=memcheck",
  "--leak-check=full",
  // V8 writes machine code into anonymous memory and patches it: valgrind must look for changed code there.
  "--smc-check=all-non-file",
  // Deep enough to reach from inside libzmq up through the addon's entry points.
  "--num-callers=40",
  "--error-limit=no",
  "--xml=yes",
]
// gc(): the programs collect garbage while they still run, so Buffer finalizers run under memcheck.
const NODE_FLAGS = ["--expose-gc"]
// Not a synchronisation: a hung program must fail the run rather than hold CI forever. Under
// memcheck a program here takes well under a minute on a busy two-core machine.
const WATCHDOG_MS = 10 * 60 * 1000

function fail(message) {
  console.error(message)
  process.exit(1)
}

function preconditions() {
  if (spawnSync("valgrind", ["--version"]).status !== 0) fail("valgrind is not installed (apt-get install valgrind)")
  if (!existsSync(join(root, "dist", "esm", "index.mjs"))) fail("dist/ is missing: run `npm run build:ts` first")
  const require = createRequire(import.meta.url)
  try {
    return realpathSync(require("node-gyp-build").path(root))
  } catch (error) {
    fail(`no addon to test (${error.message}): run \`npm run build:addon\` first`)
  }
}

function selectPrograms(names) {
  const all = readdirSync(programsDir).filter(file => file.endsWith(".mjs")).map(file => basename(file, ".mjs")).sort()
  const unknown = names.filter(name => !all.includes(name))
  if (unknown.length > 0) fail(`unknown program(s): ${unknown.join(", ")}; there are: ${all.join(", ")}`)
  return names.length > 0 ? names : all
}

/** Runs one program under memcheck; resolves with how it ended, its output and its report. */
async function runProgram(name) {
  const xmlFile = join(reportsDir, `${name}.xml`)
  const args = [...MEMCHECK, `--xml-file=${xmlFile}`, process.execPath, ...NODE_FLAGS, join(programsDir, `${name}.mjs`)]
  const started = performance.now()
  const child = spawn("valgrind", args, {cwd: root, stdio: ["ignore", "pipe", "pipe"]})
  let output = ""
  child.stdout.on("data", chunk => { output += chunk })
  child.stderr.on("data", chunk => { output += chunk })
  const watchdog = setTimeout(() => child.kill("SIGKILL"), WATCHDOG_MS)
  const [code, signal] = await once(child, "exit")
  clearTimeout(watchdog)
  writeFileSync(join(reportsDir, `${name}.log`), output)
  const seconds = (performance.now() - started) / 1000
  const report = parseReport(existsSync(xmlFile) ? readFileSync(xmlFile, "utf8") : "")
  return {code, signal, output, seconds, report}
}

const addon = preconditions()
const programs = selectPrograms(process.argv.slice(2))
rmSync(reportsDir, {recursive: true, force: true})
mkdirSync(reportsDir)
console.log(`memcheck over ${programs.length} programs, addon ${addon}`)

let failures = 0
for (const name of programs) {
  const {code, signal, output, seconds, report} = await runProgram(name)
  const {failing, noted, ignored} = judge(report.records, addon)
  const problems = []
  if (code !== 0) problems.push(`exited with ${signal ?? `code ${code}`}`)
  if (!report.complete) problems.push("the report is incomplete")
  if (report.fatalSignal !== undefined) problems.push(`died of ${report.fatalSignal}`)
  if (failing.length > 0) problems.push(`${failing.length} record(s) against our code`)
  const counts = `${failing.length} failing, ${noted.length} noted, ${ignored.length} outside our code`
  console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${name} (${seconds.toFixed(1)} s; ${counts})`)
  for (const record of failing) console.log(formatRecord(record).replace(/^/gm, "     "))
  for (const record of noted) console.log(`     noted: ${formatRecord(record).replace(/\n/g, "\n     ")}`)
  if (problems.length > 0) {
    failures++
    console.log(`     ${problems.join("; ")}\n     output:\n${output.replace(/^/gm, "       ")}`)
  }
}
console.log(failures === 0 ? `memcheck clean: ${programs.length} programs` : `memcheck: ${failures} of ${programs.length} programs failed`)
process.exitCode = failures === 0 ? 0 : 1
