// Runs an example: `node examples/run.mjs hello-world` (after `npm run build:ts`).
//
// The examples are TypeScript and import the package by its name, "zmq-napi".
// This compiles all of them with the repository's own TypeScript into a
// temporary folder whose node_modules/zmq-napi links to this package, then
// runs the one asked for. test/examples/ uses compileExamples() too.
import {execFileSync, spawnSync} from "node:child_process"
import {mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync} from "node:fs"
import {createRequire} from "node:module"
import {tmpdir} from "node:os"
import {basename, dirname, join} from "node:path"
import {fileURLToPath} from "node:url"

const examples = dirname(fileURLToPath(import.meta.url))
const root = join(examples, "..")

/** The example names (file names without .ts). */
export function exampleNames() {
  return readdirSync(examples).filter(file => file.endsWith(".ts")).map(file => basename(file, ".ts")).sort()
}

/** Compiles every example into a new temporary folder; returns it (the caller removes it). */
export function compileExamples() {
  const out = mkdtempSync(join(tmpdir(), "zmq-napi-examples-"))
  mkdirSync(join(out, "node_modules"))
  symlinkSync(root, join(out, "node_modules", "zmq-napi"), "dir")
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
  execFileSync(process.execPath, [tsc, "-p", examples, "--outDir", join(out, "examples")], {stdio: "inherit"})
  return out
}

/** The compiled file of example `name` in `out`. */
export function compiledExample(out, name) {
  return join(out, "examples", `${name}.js`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2]
  if (!name || !exampleNames().includes(name)) {
    console.error(`usage: node examples/run.mjs <name>, one of: ${exampleNames().join(", ")}`)
    process.exit(2)
  }
  const out = compileExamples()
  try {
    const {status, signal} = spawnSync(process.execPath, [compiledExample(out, name)], {stdio: "inherit"})
    process.exitCode = status ?? (signal ? 1 : 0)
  } finally {
    rmSync(out, {recursive: true, force: true})
  }
}
