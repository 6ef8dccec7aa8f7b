// The small C++ programs of bench/native/, compiled on first use (once per
// run, into the run's temp dir) against the pinned static libzmq + libsodium
// in deps/build/prefix, so they measure the same libzmq as the zmq-napi rows.
import {execFile} from "node:child_process"
import {existsSync} from "node:fs"
import {join} from "node:path"
import {promisify} from "node:util"
import {Proc} from "./procs.mjs"
import {NATIVE_PREFIX, root} from "./paths.mjs"

const SOURCES = join(root, "bench", "native")

/** Which tool plays a role of the worker protocol (bench/native/tool.h). */
const TOOL_OF_ROLE = {
  "thr-recv": "thr",
  "thr-send": "thr",
  "fanout-pub": "fanout",
  "fanout-sub": "fanout",
  "many-recv": "many",
  "idle-peer": "many",
}

/** The path of bench/native/<name>.cpp compiled; compiles it on the first call of a run. */
export function nativeBinary(name, ctx) {
  ctx.nativeBinaries ??= new Map()
  if (!ctx.nativeBinaries.has(name)) ctx.nativeBinaries.set(name, compile(name, ctx))
  return ctx.nativeBinaries.get(name)
}

async function compile(name, ctx) {
  const lib = join(NATIVE_PREFIX, "lib")
  for (const file of ["libzmq.a", "libsodium.a"]) {
    if (!existsSync(join(lib, file))) throw new Error(`${join(lib, file)} is missing: build it with \`npm run build:deps\``)
  }
  const output = join(ctx.tmpdir, name)
  const compiler = process.env.CXX || "c++"
  try {
    await promisify(execFile)(compiler, [
      "-O2", "-DZMQ_STATIC", `-I${join(NATIVE_PREFIX, "include")}`, join(SOURCES, `${name}.cpp`),
      "-std=c++11", "-o", output, join(lib, "libzmq.a"), join(lib, "libsodium.a"), "-lpthread",
    ])
  } catch (error) {
    throw new Error(`cannot compile bench/native/${name}.cpp with ${compiler}: ${(error.stderr || error.message).trim()}`)
  }
  return output
}

/**
 * A native process playing `role` with the JS workers' arguments, flattened
 * to key=value (the tools take no nested values).
 */
export async function nativeRole(role, args, options, ctx) {
  const tool = TOOL_OF_ROLE[role]
  if (!tool) throw new Error(`no native tool plays ${role}`)
  const {socket = {}, ...rest} = args
  const argv = Object.entries({...rest, ...socket}).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${value}`)
  return new Proc(await nativeBinary(tool, ctx), [role, ...argv], {label: `native ${role}`, ...options})
}
