// npm run check:package — the packed package, checked from the outside as a user gets it.
//
// 1. `npm pack`: prints the packed and unpacked sizes and fails when the tarball lacks a prebuild
//    or carries what a user does not need (tests, benchmarks, build intermediates, source maps).
// 2. Installs the tarball into fresh consumer projects with a PATH that holds only node, npm and
//    sh — no compiler, make, cmake or python — so a hidden source build fails: once normally and
//    once with --ignore-scripts (node-gyp-build then finds the prebuild at run time). Prints the
//    wall time of the install, and fails if it wrote anything outside node_modules (besides npm's
//    package.json and lock file) or built anything inside it.
//    A third install forces the source build (--build-from-source) on that bare PATH and must fail
//    before compiling anything, with one message naming every missing tool; a fourth forces it
//    with the tools there, and the addon it builds must pass the smoke test.
// 3. Runs test/package/ in the consumer: smoke.cjs and smoke.mjs (PUSH/PULL and REQ/REP round
//    trips, the legacy API, one module instance for both) under every Node version in
//    scripts/node-versions.json, the arm64 prebuild under qemu-user-static with Node for arm64,
//    and tsc --strict over the declarations with moduleResolution node16 and bundler.
//
// Needs the prebuilds (npm run prebuild); fetches Node binaries and TypeScript from npm.
import {execFileSync, spawnSync} from "node:child_process"
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from "node:fs"
import {tmpdir} from "node:os"
import {join} from "node:path"
import {buildRoot} from "./lib/build-root.mjs"
import {nodeBinary, nodeVersions} from "./lib/node-binaries.mjs"
import {prebuildDir, root} from "./lib/paths.mjs"

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
const fixtures = join(root, "test", "package")
const prebuildArchs = ["x64", "arm64"]
const unwanted = [/^test\//, /^bench\//, /^build\//, /^deps\/(build|cache)\//, /\.(c|m)?(js|ts)\.map$/, /^\.prebuild\//, /^scripts\//, /^lib\//]
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`

function fail(message) {
  console.error(`check:package: ${message}`)
  process.exit(1)
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {encoding: "utf8", ...options})
  if (result.status !== 0) {
    fail(`\`${command} ${args.join(" ")}\` failed (${result.error?.message ?? `exit ${result.status}`}) in ${options.cwd ?? root}\n${result.stdout ?? ""}${result.stderr ?? ""}`)
  }
  return result.stdout
}

// --- 1. the tarball ---------------------------------------------------------------------------
function pack() {
  const out = join(prebuildDir, "pack")
  rmSync(out, {recursive: true, force: true})
  mkdirSync(out, {recursive: true})
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", out], {cwd: root}))
  const files = packed.files.map((f) => f.path)
  for (const arch of prebuildArchs) {
    if (!files.includes(`prebuilds/linux-${arch}/${pkg.name}.glibc.node`)) fail(`the tarball has no linux-${arch} prebuild: run npm run prebuild first`)
  }
  const extra = files.filter((f) => unwanted.some((re) => re.test(f)))
  if (extra.length) fail(`the tarball carries what a user does not need:\n  ${extra.join("\n  ")}`)
  console.log(`packed ${packed.filename}: ${packed.entryCount} files, ${mib(packed.size)} packed, ${mib(packed.unpackedSize)} unpacked`)
  return join(out, packed.filename)
}

// --- 2. the install ---------------------------------------------------------------------------
// A PATH with nothing on it but node, npm and sh.
function bareBin() {
  const dir = join(prebuildDir, "bare-bin")
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  symlinkSync(process.execPath, join(dir, "node"))
  for (const tool of ["npm", "sh"]) symlinkSync(execFileSync("sh", ["-c", `command -v ${tool}`], {encoding: "utf8"}).trim(), join(dir, tool))
  for (const tool of ["cc", "gcc", "c++", "g++", "make", "cmake", "python3"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`], {env: {PATH: dir}}).status === 0) fail(`${tool} is still on the bare PATH`)
  }
  return dir
}

function listOutsideNodeModules(dir) {
  return readdirSync(dir, {recursive: true}).filter((f) => !f.startsWith("node_modules")).sort()
}

// The ways a project installs the package: with its install script, and with scripts skipped
// by a flag or by the project's own policy (.npmrc), where node-gyp-build must find the prebuild
// at run time.
const installs = [
  {name: "npm install", args: [], full: true},
  {name: "npm install --ignore-scripts", args: ["--ignore-scripts"]},
  {name: "npm install (.npmrc: ignore-scripts=true)", args: [], npmrc: "ignore-scripts=true\n"},
]

function consumer(tarball, bin, install) {
  const dir = mkdtempSync(join(tmpdir(), "zmq-napi-consumer-"))
  writeFileSync(join(dir, "package.json"), JSON.stringify({name: "consumer", private: true}, null, 2))
  if (install.npmrc) writeFileSync(join(dir, ".npmrc"), install.npmrc)
  const before = listOutsideNodeModules(dir)
  const args = ["install", "--no-audit", "--no-fund", ...install.args, tarball]
  const started = process.hrtime.bigint()
  run("npm", args, {cwd: dir, env: {...process.env, PATH: bin}})
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const wrote = listOutsideNodeModules(dir).filter((f) => !before.includes(f) && f !== "package-lock.json")
  if (wrote.length) fail(`installing wrote outside node_modules: ${wrote.join(", ")}`)
  const installed = join(dir, "node_modules", pkg.name)
  for (const built of ["build", "deps/build"]) if (existsSync(join(installed, built))) fail(`installing built ${built}/ in the package: no prebuild was used`)
  console.log(`${install.name} of the tarball (no compiler on PATH): ${seconds.toFixed(1)} s`)
  for (const file of readdirSync(fixtures)) cpSync(join(fixtures, file), join(dir, file))
  return dir
}

// The source build on a machine without tools: refused up front, every missing tool named.
function sourceBuildWithoutTools(tarball, bin) {
  const dir = mkdtempSync(join(tmpdir(), "zmq-napi-consumer-"))
  try {
    writeFileSync(join(dir, "package.json"), JSON.stringify({name: "consumer", private: true}, null, 2))
    const result = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--foreground-scripts", tarball], {
      cwd: dir, encoding: "utf8", env: {...process.env, PATH: bin, npm_config_build_from_source: "true"},
    })
    const output = `${result.stdout}${result.stderr}`
    if (result.status === 0) fail("a source build without compilers succeeded?")
    const named = ["python3", "make", "c++", "cc", "cmake", "patch", "autoreconf", "libtoolize"]
    const unnamed = named.filter((tool) => !new RegExp(`^\\s+${tool.replace(/\+/g, "\\+")}\\s+for `, "m").test(output))
    if (!/needs what this machine lacks/.test(output) || unnamed.length) {
      fail(`the source build did not name every missing tool (${unnamed.join(", ")}):\n${output}`)
    }
    if (/gyp info|CXX\(target\)/.test(output)) fail(`node-gyp ran before the prerequisites check:\n${output}`)
    console.log(`npm install --build-from-source without tools: refused with every missing tool named`)
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

// The source build where no prebuild would do (musl, macOS, ...): forced, with the tools on
// PATH and the pinned tarballs handed over through the variables a user would set.
function sourceBuild(tarball) {
  const dir = mkdtempSync(join(tmpdir(), "zmq-napi-consumer-"))
  try {
    writeFileSync(join(dir, "package.json"), JSON.stringify({name: "consumer", private: true}, null, 2))
    const tarballs = Object.fromEntries(run(process.execPath, [join(root, "deps", "obtain.js")]).trim().split("\n").map((line) => line.split(" ")))
    const started = process.hrtime.bigint()
    run("npm", ["install", "--no-audit", "--no-fund", "--build-from-source", tarball], {
      cwd: dir,
      env: {...process.env, ZMQ_NAPI_LIBZMQ_TARBALL: tarballs.libzmq, ZMQ_NAPI_LIBSODIUM_TARBALL: tarballs.libsodium, ZMQ_NAPI_PERF_TOOLS: "0"},
    })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    if (!existsSync(join(dir, "node_modules", pkg.name, "build", "Release", "zmq_napi.node"))) fail("--build-from-source built no addon")
    console.log(`npm install --build-from-source of the tarball: ${seconds.toFixed(0)} s`)
    for (const file of readdirSync(fixtures)) cpSync(join(fixtures, file), join(dir, file))
    smoke(dir, process.execPath)
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

// --- 3. the smoke tests -----------------------------------------------------------------------
function smoke(dir, node, {prefix = []} = {}) {
  for (const script of ["smoke.cjs", "smoke.mjs"]) {
    const [command, ...args] = [...prefix, node, script]
    process.stdout.write(`  ${run(command, args, {cwd: dir, env: {PATH: process.env.PATH, HOME: process.env.HOME}}).trim()}\n`)
  }
}

function typecheck(dir) {
  run("npm", ["install", "--no-audit", "--no-fund", `typescript@${pkg.devDependencies.typescript}`, `@types/node@${pkg.devDependencies["@types/node"]}`], {cwd: dir})
  for (const config of ["tsconfig.node16.json", "tsconfig.bundler.json"]) {
    run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", config], {cwd: dir})
    console.log(`  tsc --strict -p ${config}: ok`)
  }
}

const tarball = pack()
const bin = bareBin()
sourceBuildWithoutTools(tarball, bin)
sourceBuild(tarball)
for (const install of installs) {
  const dir = consumer(tarball, bin, install)
  try {
    for (const version of install.full ? nodeVersions.smoke : [nodeVersions.build]) smoke(dir, join(nodeBinary(version, "x64"), "bin", "node"))
    if (install.full) {
      // linux-arm64 under emulation, with the build root's aarch64 glibc and libstdc++ for Node.
      const sysroot = join(buildRoot(), "usr", "aarch64-linux-gnu")
      for (const version of [nodeVersions.build, nodeVersions.smoke.at(-1)]) {
        smoke(dir, join(nodeBinary(version, "arm64"), "bin", "node"), {prefix: ["qemu-aarch64-static", "-L", sysroot]})
      }
      typecheck(dir)
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
console.log("check:package: ok")
