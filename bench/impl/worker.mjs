// Entry point of every benchmark process the harness starts:
//   node bench/impl/worker.mjs <impl> <role> '<json args>'
// <impl> is a module beside this file (zmq-napi, zmq-napi-fast, compat,
// zeromq); <role> one of its exports (thr-recv, thr-send, inproc,
// lat-server, lat-client, broker, broker-send, broker-recv) or "probe"
// (prints the library version).
// Any failure exits non-zero with the error on stderr.
import {emit} from "./common.mjs"

const [impl, role, json = "{}"] = process.argv.slice(2)
const IMPLS = new Set(["zmq-napi", "zmq-napi-fast", "compat", "zeromq"])

process.on("unhandledRejection", error => {
  console.error(`unhandled rejection in ${impl} ${role}:`, error)
  process.exit(70)
})

try {
  if (!IMPLS.has(impl)) throw new Error(`unknown implementation ${impl}`)
  const {default: roles} = await import(`./${impl}.mjs`)
  if (role === "probe") {
    emit({version: roles.version})
  } else {
    if (typeof roles[role] !== "function") throw new Error(`${impl} has no role ${role}`)
    await roles[role](JSON.parse(json))
  }
} catch (error) {
  console.error(`${impl} ${role} failed:`, error)
  process.exit(1)
}
