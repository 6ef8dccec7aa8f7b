/**
 * ZPL, the ZeroMQ Property Language (RFC 4): the text format of czmq and
 * pyzmq certificate files. A tree of named nodes, one per line, four spaces
 * of indentation per level, each with an optional value after "=", quoted
 * with " or ' or bare; "#" starts a comment line.
 */

export interface ZplNode {
  name: string
  value: string
  children: ZplNode[]
}

const INDENT = "    "
/** RFC 4: names are letters, digits and $ - _ @ . & + / */
const NAME = /^[A-Za-z0-9$\-_@.&+/]+$/

export function isZplName(name: string): boolean {
  return NAME.test(name)
}

/** A value ZPL can hold: one line, and not both kinds of quote. */
export function isZplValue(value: string): boolean {
  return !/[\r\n]/.test(value) && !(value.includes('"') && value.includes("'"))
}

/** Parses ZPL text into its top-level nodes; a SyntaxError names `source` and the line. */
export function parseZpl(text: string, source: string): ZplNode[] {
  const root: ZplNode = {name: "", value: "", children: []}
  // path[level] is the last node at that level; the root is level -1, kept at index 0.
  const path: ZplNode[] = [root]
  const lines = text.split(/\r?\n/)
  lines.forEach((line, index) => {
    const fail = (why: string) => new SyntaxError(`${source}, line ${index + 1}: ${why}`)
    const body = line.trimStart()
    if (body === "" || body.startsWith("#")) return
    const indent = line.length - body.length
    if (line.slice(0, indent).includes("\t")) throw fail("indentation must be spaces, not tabs")
    if (indent % INDENT.length !== 0) throw fail(`indentation must be a multiple of ${INDENT.length} spaces`)
    const level = indent / INDENT.length
    if (level > path.length - 1) throw fail("indented more than one level below its parent")
    const node = parseLine(body, fail)
    path.length = level + 1
    path[level]!.children.push(node)
    path.push(node)
  })
  return root.children
}

function parseLine(body: string, fail: (why: string) => SyntaxError): ZplNode {
  const match = /^([^\s=#]+)\s*(?:=\s*(.*))?$/.exec(body)
  if (!match || !isZplName(match[1]!)) throw fail(`"${body}" is not a name, or name = value`)
  return {name: match[1]!, value: parseValue(match[2] ?? "", fail), children: []}
}

function parseValue(text: string, fail: (why: string) => SyntaxError): string {
  const quote = text[0]
  if (quote === '"' || quote === "'") {
    const end = text.indexOf(quote, 1)
    if (end < 0) throw fail(`the value has no closing ${quote}`)
    const rest = text.slice(end + 1).trim()
    if (rest !== "" && !rest.startsWith("#")) throw fail("only a comment may follow a quoted value")
    return text.slice(1, end)
  }
  // A bare value runs to the end of the line or to a comment after whitespace
  // ("#" itself is a Z85 character, so it cannot end a bare key).
  return text.replace(/\s+#.*$/, "").trim()
}

/** ZPL text: `comments` as "#" lines, a blank line, then the nodes. */
export function formatZpl(comments: readonly string[], nodes: readonly ZplNode[]): string {
  const lines = comments.map(comment => `#   ${comment}`.trimEnd())
  lines.push("")
  const write = (node: ZplNode, depth: number) => {
    const value = node.value === "" ? "" : ` = ${quoted(node.value)}`
    lines.push(`${INDENT.repeat(depth)}${node.name}${value}`)
    for (const child of node.children) write(child, depth + 1)
  }
  for (const node of nodes) write(node, 0)
  return lines.join("\n") + "\n"
}

function quoted(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`
}
