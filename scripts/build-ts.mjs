// Compiles lib/ to CommonJS (dist/cjs) and adds the ESM entries (dist/esm).
//
// The ESM entries re-export the CommonJS build instead of compiling a second
// copy: one module instance means one default context and one set of
// classes, whichever way the package is imported.
import {execFileSync} from "node:child_process"
import {mkdirSync, rmSync, writeFileSync} from "node:fs"
import {createRequire} from "node:module"
import {dirname, join} from "node:path"
import {fileURLToPath} from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const require = createRequire(import.meta.url)
const tsc = require.resolve("typescript/bin/tsc")

// From scratch: a file whose source is gone must not linger in dist/ (and ship in the package).
rmSync(join(root, "dist"), {recursive: true, force: true})
execFileSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], {stdio: "inherit", cwd: root})

const entries = {"index.mjs": "../cjs/index.js", "draft.mjs": "../cjs/draft.js", "compat.mjs": "../cjs/compat/index.js"}
mkdirSync(join(root, "dist/esm"), {recursive: true})
for (const [entry, target] of Object.entries(entries)) {
  writeFileSync(join(root, "dist/esm", entry), [
    "// ESM entry: the CommonJS build's exports, plus a default export of all of them.",
    `export * from ${JSON.stringify(target)}`,
    `import zmq from ${JSON.stringify(target)}`,
    "export default zmq",
    "",
  ].join("\n"))
  // Its declarations, so that TypeScript's node16/bundler resolution sees an ES module with a
  // default export, as Node does, instead of the CommonJS declarations.
  writeFileSync(join(root, "dist/esm", entry.replace(/\.mjs$/, ".d.mts")), [
    `export * from ${JSON.stringify(target)}`,
    `import * as zmq from ${JSON.stringify(target)}`,
    "export default zmq",
    "",
  ].join("\n"))
}
