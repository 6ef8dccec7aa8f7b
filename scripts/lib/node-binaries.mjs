// Real Node.js binaries for other versions and architectures, from the npm registry.
//
// The official Linux builds are published on npm as node-linux-<arch>@<version> (bin/node plus
// include/node, the headers node-gyp needs), so a machine that reaches only the npm registry can
// build against Node 20 and run the package under 20, 22, 24 and 26, or under arm64 with qemu.
// Each one is fetched once with `npm pack` into .prebuild/node/ and reused.
import {execFileSync} from "node:child_process"
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync} from "node:fs"
import {join} from "node:path"
import {prebuildDir} from "./paths.mjs"

/** The Node versions the package supports and CI runs: the oldest builds the prebuild. */
export const nodeVersions = JSON.parse(readFileSync(new URL("../node-versions.json", import.meta.url), "utf8"))

/** Node's name for an architecture -> the npm package suffix. */
const npmArch = {x64: "x64", arm64: "arm64"}

/**
 * The folder of node-linux-<arch>@<version> (with bin/node and include/node), fetched if missing.
 * @param {string} version e.g. "20.20.2"
 * @param {"x64" | "arm64"} arch
 */
export function nodeBinary(version, arch = "x64") {
  if (!npmArch[arch]) throw new TypeError(`no Node binary package for architecture ${arch}`)
  const dir = join(prebuildDir, "node", `${arch}-${version}`)
  if (existsSync(join(dir, "bin", "node"))) return dir
  const spec = `node-linux-${npmArch[arch]}@${version}`
  const tmp = `${dir}.partial-${process.pid}`
  rmSync(tmp, {recursive: true, force: true})
  mkdirSync(tmp, {recursive: true})
  process.stderr.write(`fetching ${spec} from the npm registry\n`)
  try {
    const [packed] = JSON.parse(execFileSync("npm", ["pack", spec, "--json", "--pack-destination", tmp], {encoding: "utf8"}))
    execFileSync("tar", ["-xzf", join(tmp, packed.filename), "-C", tmp, "--strip-components=1"])
    rmSync(join(tmp, packed.filename))
    renameSync(tmp, dir)
  } catch (err) {
    rmSync(tmp, {recursive: true, force: true})
    throw err
  }
  return dir
}
