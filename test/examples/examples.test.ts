/**
 * Every program in examples/ runs to its end on its own and prints what it
 * should. They are compiled once, with the repository's TypeScript, into a
 * temporary folder where "zmq-napi" is this package (examples/run.mjs), then
 * each runs in a child process of its own, with a time limit.
 */
import {spawn} from "node:child_process"
import * as fs from "node:fs"
import * as path from "node:path"
import {afterAll, beforeAll, describe, expect, it} from "vitest"
import {packageRoot} from "../helpers"
// @ts-expect-error a JavaScript module without types
import {compiledExample, compileExamples, exampleNames} from "../../examples/run.mjs"

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
  lines: string[]
}

let out: string

function run(name: string, timeoutMs = 15_000): Promise<Run> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [compiledExample(out, name)], {stdio: ["ignore", "pipe", "pipe"]})
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", chunk => { stdout += chunk })
    child.stderr.on("data", chunk => { stderr += chunk })
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      resolve({code, signal, stderr, lines: stdout.split("\n").filter(line => line !== "")})
    })
  })
}

/** Runs an example and checks that it ended by itself, cleanly; returns its output lines. */
async function linesOf(name: string): Promise<string[]> {
  const result = await run(name)
  expect(result, name).toMatchObject({code: 0, signal: null, stderr: ""})
  return result.lines
}

const numbered = (count: number, line: (n: number) => string) => Array.from({length: count}, (_, n) => line(n))
const sorted = (lines: string[]) => [...lines].sort()

/** What each example must print (order-free where threads or peers race). */
const expectations: Record<string, (lines: string[]) => void> = {
  "hello-world": lines => {
    expect(lines.filter(line => line.startsWith("Received reply"))).toEqual(numbered(10, n => `Received reply ${n} [World]`))
    expect(lines.filter(line => line === "Received request: [Hello]")).toHaveLength(10)
    expect(lines).toHaveLength(20)
  },
  "weather": lines => expect(sorted(lines)).toEqual([
    "Average temperature for zipcode '10001' was 33.5F",
    "Average temperature for zipcode '94103' was 37.9F",
    'Publisher: a subscriber filters on "10001"',
    'Publisher: a subscriber filters on "94103"',
  ]),
  "pipeline": lines => {
    expect(lines).toContain("Ventilator: sent 30 tasks, total expected cost 90 msec")
    expect(lines.indexOf("Sink: batch 0 started")).toBeLessThan(lines.indexOf("Sink: received all 30 results"))
    const killed = lines.map(line => /^Worker (\d): killed after (\d+) tasks$/.exec(line)).filter(match => match !== null)
    expect(sorted(killed.map(match => match[1]!))).toEqual(["0", "1", "2"])
    expect(killed.reduce((sum, match) => sum + Number(match[2]), 0)).toBe(30)
    expect(lines).toHaveLength(6)
  },
  "poller": lines => expect(sorted(lines)).toEqual(sorted([
    ...numbered(5, n => `Process task: task ${n}`),
    ...numbered(5, n => `Process weather update: 10001 ${20 + n} ${50 + n}`),
  ])),
  "rrbroker": lines => expectBrokered(lines),
  "msgqueue": lines => expectBrokered(lines),
  "mtserver": lines => expect(lines).toEqual([
    ...numbered(10, n => `Received reply ${n} [World (for Hello ${n})]`),
    "Server: 3 worker threads stopped",
  ]),
  "mtrelay": lines => expect(lines).toEqual(["Signal received: step 1 ready, step 2 ready", "Test successful!"]),
  "syncpub": lines => {
    expect(lines[0]).toBe("Publisher: 3 subscribers are ready, broadcasting 1000 updates")
    expect(sorted(lines.slice(1))).toEqual(numbered(3, n => `Subscriber ${n}: received 1000 updates`))
  },
  "envelopes": lines => expect(lines).toEqual(numbered(3, () => "[B] We would like to see this")),
  "slow-subscriber": lines => expect(lines).toEqual([
    "Publisher: published 10000 updates without waiting",
    "Subscriber: kept updates 0 to 199 (200 of 10000), in order without a gap; 9800 were dropped at the high-water mark",
    "Subscriber: too slow for this publisher, giving up",
  ]),
  "lbbroker": lines => {
    const served = lines.slice(0, -1).map(line => /^client-(\d): OK from worker-(\d) \(HELLO\)$/.exec(line))
    expect(served.every(match => match !== null && Number(match[2]) < 3)).toBe(true)
    expect(sorted(served.map(match => match![1]!))).toEqual(numbered(6, n => String(n)))
    expect(lines.at(-1)).toBe("Broker: served 6 clients with 3 workers")
  },
  "interrupt": lines => expect(lines).toEqual([
    "Server: received [Hello]",
    "Client: received [World]",
    "W: interrupt received, closing the server...",
    "Server: closed cleanly",
  ]),
  "server-client": lines => expect(sorted(lines)).toEqual(numbered(3, n => `client ${n} received: Hello, client ${n}`)),
  "radio-dish": lines => expect(lines).toEqual(["[movies] Premiere tonight", "[weather] Rain", "[weather] Sun"]),
}

/** Three clients, four requests each, every reply to its own request, in order per client. */
function expectBrokered(lines: string[]): void {
  expect(lines.at(-1)).toBe("Broker: done")
  for (const client of [0, 1, 2]) {
    expect(lines.filter(line => line.startsWith(`Client ${client} `))).toEqual(
      numbered(4, n => `Client ${client} received reply: World (for Hello ${client}.${n})`))
  }
  expect(lines).toHaveLength(13)
}

beforeAll(() => {
  out = compileExamples()
}, 120_000)

afterAll(() => {
  if (out) fs.rmSync(out, {recursive: true, force: true})
})

describe("examples/", () => {
  it("every example is tested and listed in examples/README.md", () => {
    const names: string[] = exampleNames()
    expect(sorted(Object.keys(expectations))).toEqual(names)
    const readme = fs.readFileSync(path.join(packageRoot, "examples/README.md"), "utf8")
    for (const name of names) expect(readme, name).toContain(`[${name}.ts](${name}.ts)`)
  })

  for (const [name, check] of Object.entries(expectations)) {
    it(`${name}.ts`, async () => check(await linesOf(name)))
  }
})
