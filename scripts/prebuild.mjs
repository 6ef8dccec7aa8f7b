// npm run prebuild [-- x64 arm64]  (default: both)
//
// Makes the Node-API prebuilds that `npm pack` ships, prebuilds/linux-<arch>/zmq-napi.glibc.node,
// with prebuildify, inside the bullseye build root (scripts/lib/build-root.mjs) so that they need
// no newer glibc than 2.31, against the oldest supported Node's headers (scripts/node-versions.json;
// Node-API is forward compatible, so every newer Node loads the same file). linux-arm64 is
// cross-compiled there with Debian's aarch64 toolchain.
//
// Each prebuild is linked with libzmq, libsodium and the C++ runtime inside it, stripped, with
// every symbol but the Node-API entry points hidden. After building, this script checks that, and
// reports the size, the shared libraries it needs and the highest GLIBC_ symbol version it uses.
import {execFileSync} from "node:child_process"
import {cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync} from "node:fs"
import {join} from "node:path"
import {buildRoot, release, runInRoot} from "./lib/build-root.mjs"
import {nodeBinary, nodeVersions} from "./lib/node-binaries.mjs"
import {root} from "./lib/paths.mjs"
import {inspectBinary} from "./lib/inspect-binary.mjs"

const crossTriplet = "aarch64-linux-gnu"
const targets = {
  x64: {env: {}},
  arm64: {
    env: {
      CC: `${crossTriplet}-gcc`,
      CXX: `${crossTriplet}-g++`,
      ZMQ_NAPI_HOST: crossTriplet,
      PREBUILD_STRIP_BIN: `${crossTriplet}-strip`,
    },
  },
}

// What the build needs from the package (the rest of node_modules comes along for prebuildify
// and node-gyp). deps/build/ is kept in each staging folder, so libzmq is built once per arch.
const sources = ["package.json", "binding.gyp", "src-native", "deps/versions.json", "deps/patches", "deps/cache",
  ...readdirSync(join(root, "deps")).filter((f) => f.endsWith(".js")).map((f) => `deps/${f}`)]

function stage(rootDir, arch) {
  const staging = join(rootDir, "build", `zmq-napi-${arch}`)
  mkdirSync(staging, {recursive: true})
  for (const entry of readdirSync(staging)) if (entry !== "deps") rmSync(join(staging, entry), {recursive: true, force: true})
  for (const rel of [...sources, "node_modules"]) {
    rmSync(join(staging, rel), {recursive: true, force: true})
    cpSync(join(root, rel), join(staging, rel), {recursive: true, verbatimSymlinks: true})
  }
  return staging
}

function prebuild(arch) {
  const rootDir = buildRoot()
  const nodeDir = join(rootDir, "opt", `node-${nodeVersions.build}`)
  if (!existsSync(join(nodeDir, "bin", "node"))) cpSync(nodeBinary(nodeVersions.build, "x64"), nodeDir, {recursive: true})
  // The tarballs are obtained on this machine (its cache, variables and apt settings); the
  // build root then finds them in deps/cache/ and needs no network.
  execFileSync(process.execPath, [join(root, "deps", "obtain.js")], {stdio: ["ignore", "ignore", "inherit"]})
  const staging = stage(rootDir, arch)
  const inside = (path) => `/${path.slice(rootDir.length).replace(/^\/+/, "")}`
  const started = Date.now()
  runInRoot(rootDir, "node node_modules/prebuildify/bin.js --napi --strip --tag-libc --arch \"$ARCH\" --target \"node@$NODE_VERSION\"", {
    cwd: inside(staging),
    env: {
      PATH: `${inside(nodeDir)}/bin:/usr/local/bin:/usr/bin:/bin`,
      ARCH: arch,
      NODE_VERSION: nodeVersions.build,
      npm_config_nodedir: inside(nodeDir),
      PREBUILD_NODE_GYP: "node_modules/.bin/node-gyp",
      ZMQ_NAPI_PERF_TOOLS: "0",
      ...targets[arch].env,
    },
  })
  const built = join(staging, "prebuilds", `linux-${arch}`)
  const out = join(root, "prebuilds", `linux-${arch}`)
  rmSync(out, {recursive: true, force: true})
  cpSync(built, out, {recursive: true})
  for (const file of readdirSync(out)) {
    const report = inspectBinary(join(out, file))
    const size = (statSync(join(out, file)).size / 1024).toFixed(0)
    console.log(`prebuilds/linux-${arch}/${file}: ${size} KiB, built on ${release} in ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
      `needs ${report.needed.join(", ")}; highest glibc symbol GLIBC_${report.glibc}; exports ${report.exports.join(", ")}`)
  }
}

const wanted = process.argv.slice(2).filter((a) => a !== "--")
for (const arch of wanted.length ? wanted : Object.keys(targets)) {
  if (!targets[arch]) throw new Error(`unknown prebuild architecture ${arch} (known: ${Object.keys(targets).join(", ")})`)
  prebuild(arch)
}
