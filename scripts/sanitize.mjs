// npm run test:sanitize [-- vitest args]
// The unit and compat suites under AddressSanitizer (with LeakSanitizer) and
// UndefinedBehaviorSanitizer, over an instrumented addon, libzmq and libsodium; fails on any
// report of ours (scripts/lib/sanitizer-reports.mjs decides which). See docs/sanitizers.md.
//
// 1. Builds what is missing or stale: the sanitizer deps (deps/build-sanitize/, by deps/build.js)
//    and the addon (build-sanitize/, cmake-js, incremental), and dist/ when absent.
// 2. Runs vitest with vitest.sanitize.config.ts, the ASan runtime preloaded into Node (its binary
//    is not instrumented, the runtime must come first) and every process's reports written to
//    .sanitize/reports/; the environment reaches every child process the tests start.
// 3. Prints the reports that count and exits non-zero if there is one, or if vitest failed.
import {spawnSync} from "node:child_process"
import {existsSync, mkdirSync, readdirSync, rmSync} from "node:fs"
import {createRequire} from "node:module"
import {dirname, join, resolve} from "node:path"
import {root} from "./lib/paths.mjs"
import {collectReports, STACK_TRACE_FORMAT} from "./lib/sanitizer-reports.mjs"

const require = createRequire(import.meta.url)
const {SANITIZE_ADDON_DIR} = require("../deps/sanitize.js")

const addon = join(SANITIZE_ADDON_DIR, "Release", "zmq_napi.node")
const reportDir = join(root, ".sanitize", "reports")
const leakCheck = join(root, ".sanitize", "leak-check.node")
const compiler = process.env.CC || "cc"

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, {cwd: root, stdio: "inherit", env})
  if (result.error) throw result.error
  return result.status ?? 1
}

function build() {
  const cmakeJs = require.resolve("cmake-js/bin/cmake-js")
  const status = run(process.execPath, [cmakeJs, "build", "--out", SANITIZE_ADDON_DIR], {...process.env, ZMQ_NAPI_SANITIZE: "1"})
  if (status !== 0) throw new Error(`the sanitizer build of the addon failed (cmake-js exit code ${status})`)
  // The test workers' leak check (test/sanitizers/leak-check.c): a second, so always rebuilt.
  const nodeDir = process.env.npm_config_nodedir || resolve(process.execPath, "..", "..")
  const include = join(nodeDir, "include", "node")
  mkdirSync(dirname(leakCheck), {recursive: true})
  if (run(compiler, ["-shared", "-fPIC", "-O1", `-I${include}`, "-o", leakCheck, join(root, "test", "sanitizers", "leak-check.c")]) !== 0) {
    throw new Error(`building ${leakCheck} failed (Node's headers from ${include})`)
  }
  if (!existsSync(join(root, "dist", "cjs", "index.js"))) {
    // Child processes of the tests load the compiled package.
    if (run(process.execPath, [join(root, "scripts", "build-ts.mjs")]) !== 0) throw new Error("npm run build:ts failed")
  }
}

/** The ASan runtime of the compiler that built the addon. */
function asanRuntime() {
  const result = spawnSync(compiler, ["-print-file-name=libasan.so"], {encoding: "utf8"})
  const file = result.stdout?.trim()
  if (result.status !== 0 || !file || !existsSync(file)) {
    throw new Error(`cannot find libasan.so (\`${compiler} -print-file-name=libasan.so\` gave ${JSON.stringify(file)})`)
  }
  return file
}

function sanitizerEnv() {
  return {
    ...process.env,
    ZMQ_NAPI_ADDON: addon,
    ZMQ_NAPI_LEAK_CHECK: leakCheck,
    LD_PRELOAD: asanRuntime(),
    // A leak must not change a child's exit code (the lifecycle tests assert it, and Node's own
    // leaks at process.exit() would): exitcode=0, and the report files decide. An ASan error
    // still ends the process at once, with SIGABRT (abort_on_error), which no test expects.
    ASAN_OPTIONS: [
      "detect_leaks=1",
      "halt_on_error=1",
      "abort_on_error=1",
      "exitcode=0",
      // malloc returns NULL for a size it cannot serve, as glibc's does, instead of reporting it:
      // libzmq must survive a peer that announces a 2^63-byte frame (reliability.md T4).
      "allocator_may_return_null=1",
      `log_path=${join(reportDir, "asan")}`,
      `stack_trace_format="${STACK_TRACE_FORMAT}"`,
    ].join(":"),
    UBSAN_OPTIONS: ["print_stacktrace=1", "halt_on_error=1", `log_path=${join(reportDir, "ubsan")}`].join(":"),
  }
}

build()
rmSync(reportDir, {recursive: true, force: true})
mkdirSync(reportDir, {recursive: true})
const started = Date.now()
const vitest = join(root, "node_modules", "vitest", "vitest.mjs")
const status = run(process.execPath, [vitest, "run", "--config", "vitest.sanitize.config.ts", ...process.argv.slice(2)], sanitizerEnv())
const minutes = ((Date.now() - started) / 60000).toFixed(1)

const reports = collectReports(reportDir, addon)
for (const report of reports) console.error(`\n--- ${report.kind} (${report.file}) ---\n${report.text}`)
console.error(`\nsanitizers: ${reports.length} report(s) of ours from ${readdirSync(reportDir).length} report file(s); ` +
              `vitest exit code ${status}; ${minutes} min`)
process.exit(status !== 0 ? status : reports.length > 0 ? 1 : 0)
