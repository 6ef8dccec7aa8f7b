// What a built addon asks of the machine that loads it, read with binutils' readelf (any ELF
// architecture), and the promises a prebuild keeps, checked:
// - it exports only the Node-API entry points (libzmq's, libsodium's and the C++ runtime's
//   symbols are hidden, so they cannot clash with another addon's copy);
// - it needs no C++ runtime from the machine (libstdc++ and libgcc are linked in), only glibc;
// - it is stripped.
import {execFileSync} from "node:child_process"

const allowedExports = new Set(["napi_register_module_v1", "node_api_module_get_api_version_v1"])
const allowedLibraries = /^(libc|libm|libpthread|libdl|librt|ld-linux[-\w]*)\.so(\.[\d.]+)?$/

const readelf = (args, file) => execFileSync("readelf", [...args, "-W", file], {encoding: "utf8"})

const compareVersions = (a, b) => {
  const [x, y] = [a.split(".").map(Number), b.split(".").map(Number)]
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0)
  return 0
}

/** @returns {{exports: string[], needed: string[], glibc: string}} or throws naming a broken promise */
export function inspectBinary(file) {
  const exports = readelf(["--dyn-syms"], file).split("\n")
    .map((line) => line.trim().split(/\s+/))
    // Num: Value Size Type Bind Vis Ndx Name
    .filter((f) => f.length >= 8 && /^\d+:$/.test(f[0]) && f[6] !== "UND" && (f[4] === "GLOBAL" || f[4] === "WEAK"))
    .map((f) => f[7].replace(/@.*/, ""))
  const needed = [...readelf(["-d"], file).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1])
  const glibc = [...readelf(["-V"], file).matchAll(/Name: GLIBC_([\d.]+)/g)].map((m) => m[1]).sort(compareVersions).at(-1)
  const problems = []
  const extra = exports.filter((name) => !allowedExports.has(name))
  if (extra.length) problems.push(`exports more than the Node-API entry points: ${extra.slice(0, 10).join(", ")}${extra.length > 10 ? ", …" : ""}`)
  const foreign = needed.filter((lib) => !allowedLibraries.test(lib))
  if (foreign.length) problems.push(`needs shared libraries beyond glibc: ${foreign.join(", ")}`)
  if (/\]\s+\.symtab\s/.test(readelf(["-S"], file))) problems.push("is not stripped (has .symtab)")
  if (problems.length) throw new Error(`${file} ${problems.join("; ")}`)
  return {exports, needed, glibc: glibc ?? "(none)"}
}
