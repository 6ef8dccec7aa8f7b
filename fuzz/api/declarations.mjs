/**
 * Which member names the package declares public, read from its shipped
 * type declarations (dist/cjs/**\/*.d.ts): TypeScript keeps `private` members
 * there as bare names and drops `@internal` ones (an interface keeps them:
 * those are taken from the sources' `@internal` tags). A member not declared
 * public is still fuzzed for crashes, hangs and leaks, but the shape of its
 * errors is its callers' business (they are inside the package).
 */
import {readdirSync, readFileSync} from "node:fs"
import {join} from "node:path"
import {fileURLToPath} from "node:url"

const DECLARATIONS = fileURLToPath(new URL("../../dist/cjs", import.meta.url))
const SOURCES = fileURLToPath(new URL("../../lib", import.meta.url))

const DECLARED = /^\s*(?:(?:readonly|static|get|set|async|abstract)\s+)*([A-Za-z_$][\w$]*)\??\s*[(:<]/
const HIDDEN = /^\s*(?:private|protected)\b/

/** A doc comment with @internal, then the member it documents. */
const INTERNAL = /\/\*\*(?:(?!\*\/)[\s\S])*@internal[\s\S]*?\*\/\s*(?:(?:get|set|static|async|readonly)\s+)*([A-Za-z_$][\w$]*)/g

function filesEndingWith(directory, suffix) {
  return readdirSync(directory, {withFileTypes: true}).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return filesEndingWith(path, suffix)
    return entry.name.endsWith(suffix) ? [path] : []
  })
}

/** Every name some declaration file lists as a public member, property or export. */
export function publicNames() {
  const names = new Set()
  for (const file of filesEndingWith(DECLARATIONS, ".d.ts")) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (HIDDEN.test(line)) continue
      const name = DECLARED.exec(line)?.[1]
      if (name) names.add(name)
    }
  }
  for (const file of filesEndingWith(SOURCES, ".ts")) {
    for (const match of readFileSync(file, "utf8").matchAll(INTERNAL)) names.delete(match[1])
  }
  return names
}
