// Where the packaging scripts keep what they fetch and build (git-ignored, reused across runs).
import {dirname, join} from "node:path"
import {fileURLToPath} from "node:url"

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
export const prebuildDir = join(root, ".prebuild")
