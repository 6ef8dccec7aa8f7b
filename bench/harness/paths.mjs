// Where the harness finds the project and the pinned native build.
import {dirname, join} from "node:path"
import {fileURLToPath} from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
export const root = join(here, "..", "..")
export const NATIVE_PREFIX = join(root, "deps", "build", "prefix")
export const NATIVE_BIN = join(NATIVE_PREFIX, "bin")
export const WORKER = join(root, "bench", "impl", "worker.mjs")
