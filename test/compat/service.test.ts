/**
 * The legacy-API service fixture (fixtures/service.js) in a child process,
 * talked to with the modern API and with a foreign peer (pyzmq).
 */
import {type ChildProcess, execFile, spawn} from "node:child_process"
import {once} from "node:events"
import * as fs from "node:fs"
import {createRequire} from "node:module"
import * as path from "node:path"
import {afterEach, describe, expect, it} from "vitest"
import {Reply, Request, Subscriber} from "../../lib/index"
import {packageRoot, toolEnv} from "../helpers"
import {compatModule} from "./support"

const fixtures = path.join(__dirname, "fixtures")
const service = path.join(fixtures, "service.js")
const python = path.join(packageRoot, "test/interop/.peers/venv/bin/python")

interface Endpoints {
  rep: string
  feed: string
  frontend: string
  backend: string
}

interface Running {
  child: ChildProcess
  endpoints: Endpoints
  exited: Promise<[number | null, NodeJS.Signals | null]>
  stderr: () => string
}

const children: ChildProcess[] = []
const modern: {close(): void}[] = []

afterEach(() => {
  for (const sock of modern.splice(0)) sock.close()
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
})

function track<T extends {close(): void}>(sock: T): T {
  modern.push(sock)
  return sock
}

/** Starts the fixture on the compiled legacy API and waits for its endpoints. */
async function start(): Promise<Running> {
  if (!fs.existsSync(compatModule)) throw new Error(`${compatModule} is missing: run \`npm run build:ts\` first`)
  const child = spawn(process.execPath, [service], {
    env: {...process.env, ZMQ_MODULE: compatModule},
    stdio: ["ignore", "pipe", "pipe"],
  })
  children.push(child)
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>
  let stderr = ""
  child.stderr!.on("data", chunk => { stderr += chunk })
  let stdout = ""
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on("data", chunk => {
      stdout += chunk
      const end = stdout.indexOf("\n")
      if (end >= 0) resolve(stdout.slice(0, end))
    })
    exited.then(([code, signal]) => reject(new Error(`service exited (${code}, ${signal}) before listening: ${stderr}`)))
  })
  return {child, endpoints: JSON.parse(line) as Endpoints, exited, stderr: () => stderr}
}

async function shutdown(running: Running): Promise<void> {
  const req = track(new Request({linger: 0}))
  req.connect(running.endpoints.rep)
  await req.send("shutdown")
  expect((await req.receive()).map(String)).toEqual(["bye"])
  // Every socket closed: the process ends by itself, cleanly.
  expect(await running.exited).toEqual([0, null])
  expect(running.stderr()).toBe("")
}

describe("legacy-API service fixture", () => {
  it("resolves zmq-napi/compat by package name (the one-line migration)", () => {
    // Needs the "./compat" entry in package.json "exports".
    const resolved = createRequire(service).resolve("zmq-napi/compat")
    expect(resolved).toBe(compatModule)
  })

  it("serves modern-API clients: req/rep, pub/sub feed, router/dealer broker", async () => {
    const running = await start()
    const {endpoints} = running

    const req = track(new Request({linger: 0}))
    req.connect(endpoints.rep)
    await req.send(["hello", Buffer.from([0, 1, 2])])
    const echo = await req.receive()
    expect(echo.map(frame => [...frame])).toEqual([[...Buffer.from("echo")], [...Buffer.from("hello")], [0, 1, 2]])

    const sub = track(new Subscriber({linger: 0}))
    sub.connect(endpoints.feed)
    sub.subscribe("weather")
    const feed: string[][] = []
    for await (const message of sub) {
      feed.push(message.map(String))
      if (String(message[1]) === "end") break
    }
    expect(feed).toEqual([["weather", "1"], ["weather", "2"], ["weather", "3"], ["weather", "end"]])

    const worker = track(new Reply({linger: 0}))
    worker.connect(endpoints.backend)
    const client = track(new Request({linger: 0}))
    client.connect(endpoints.frontend)
    await client.send(["job", "7", "extra"])
    const job = await worker.receive()
    expect(job.map(String)).toEqual(["job", "7", "extra"])
    await worker.send(["done", ...job.slice(1)])
    expect((await client.receive()).map(String)).toEqual(["done", "7", "extra"])

    await shutdown(running)
  })

  it("serves a foreign peer (pyzmq)", async () => {
    expect(fs.existsSync(python), `missing foreign peer: ${python} (a venv with pyzmq, set up for test/interop)`).toBe(true)
    const running = await start()
    const output = await new Promise<string>((resolve, reject) => {
      execFile(python, [path.join(fixtures, "peer.py"), JSON.stringify(running.endpoints)], {timeout: 20_000, env: toolEnv()},
        (error, stdout, stderr) => error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout))
    })
    expect(JSON.parse(output)).toEqual({
      echo: ["echo", "from-python", "000102"],
      feed: [["py", "1"], ["py", "2"], ["py", "3"], ["py", "end"]],
      broker: {worker: ["job", "42"], client: ["done", "42"]},
    })
    await shutdown(running)
  })
})
