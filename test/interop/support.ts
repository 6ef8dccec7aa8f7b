/**
 * Interop test support: starting the foreign peers (test/interop/peers/,
 * built by .ci/install-peers.sh), talking to them over their line protocol,
 * and registering one test per peer × role from matrix.json. A peer that is
 * not installed fails its tests loudly, naming the peer; it never skips.
 */
import {type ChildProcessWithoutNullStreams, spawn} from "node:child_process"
import {createHash} from "node:crypto"
import {existsSync} from "node:fs"
import * as path from "node:path"
import {afterEach, describe, it} from "vitest"
import * as zmq from "../../lib/index"
import matrix from "./matrix.json"

export type PeerId = "c" | "pyzmq" | "pebbe" | "go-zeromq" | "jeromq"
export type Role = "zmq-napi binds" | "peer binds"
export type ScenarioId = (typeof matrix.scenarios)[number]["id"]

export interface Peer {
  id: PeerId
  name: string
  /** Accepts hb_ivl/hb_timeout/hb_ttl (sends PINGs of its own). */
  heartbeatOptions: boolean
  /** Accepts zap=user:pass (runs a ZAP handler of its own). */
  zapHandler: boolean
}

export const peers = matrix.peers as Peer[]
export const roles = matrix.roles.map(role => role.id) as Role[]

const here = __dirname
const built = path.join(here, ".peers")
const sources = path.join(here, "peers")

/** How to run each peer, and the file whose absence means "not installed". */
function commandOf(id: PeerId): {file: string; command: string; args: string[]} {
  switch (id) {
    case "c":
      return {file: path.join(built, "c-peer"), command: path.join(built, "c-peer"), args: []}
    case "pyzmq": {
      const python = path.join(built, "venv/bin/python")
      return {file: python, command: python, args: [path.join(sources, "python/peer.py")]}
    }
    case "pebbe":
      return {file: path.join(built, "go-pebbe"), command: path.join(built, "go-pebbe"), args: []}
    case "go-zeromq":
      return {file: path.join(built, "go-zeromq"), command: path.join(built, "go-zeromq"), args: []}
    case "jeromq": {
      const java = path.join(built, "java")
      return {
        file: path.join(java, "classes/Peer.class"),
        command: "java",
        args: ["-XX:TieredStopAtLevel=1", "-cp", `${java}/classes:${java}/lib/*`, "Peer"],
      }
    }
  }
}

/** What matrix.json says a peer cannot do in a cell, if anything. */
export function limitation(peer: PeerId, scenario: ScenarioId, role: Role, kind: "unsupported" | "partial"):
  string | undefined {
  return matrix.limitations.find(l => l.kind === kind &&
    l.peer === peer && l.scenario === scenario && (l.role === "*" || l.role === role))?.reason
}

const DEFAULT_WAIT = 15_000

/** One running peer process, driven over stdin, read line by line from stdout. */
export class PeerProcess {
  private readonly child: ChildProcessWithoutNullStreams
  private readonly lines: string[] = []
  private readonly zapLines: string[] = []
  private partial: string[] = []
  private readonly waiters = new Set<() => void>()
  private stderr = ""
  private exited = false
  readonly exitedPromise: Promise<void>

  constructor(readonly peer: Peer, readonly argv: string[]) {
    const {file, command, args} = commandOf(peer.id)
    if (!existsSync(file)) {
      throw new Error(`interop peer "${peer.id}" (${peer.name}) is not installed: ${file} is missing. ` +
        `Install the peers with: bash .ci/install-peers.sh`)
    }
    this.child = spawn(command, [...args, ...argv], {stdio: ["pipe", "pipe", "pipe"]})
    live.add(this)
    this.child.stdout.setEncoding("latin1")
    this.child.stdout.on("data", (chunk: string) => this.onData(chunk))
    this.child.stderr.on("data", (chunk: Buffer) => { this.stderr += chunk.toString() })
    this.child.stdin.on("error", () => { /* the peer exited; reported by next() */ })
    this.exitedPromise = new Promise(resolve => this.child.on("close", () => {
      this.exited = true
      live.delete(this)
      this.wake()
      resolve()
    }))
    this.child.on("error", error => {
      this.stderr += `\nspawn failed: ${error.message}`
    })
  }

  get pid(): number { return this.child.pid! }

  private onData(chunk: string): void {
    let start = 0
    for (;;) {
      const nl = chunk.indexOf("\n", start)
      if (nl < 0) break
      this.partial.push(chunk.slice(start, nl))
      const line = this.partial.join("")
      this.partial = []
      ;(line.startsWith("ZAP ") ? this.zapLines : this.lines).push(line)
      start = nl + 1
    }
    if (start < chunk.length) this.partial.push(chunk.slice(start))
    this.wake()
  }

  private wake(): void {
    for (const waiter of this.waiters) waiter()
    this.waiters.clear()
  }

  private describe(): string {
    return `peer ${this.peer.id} (${this.argv.join(" ")})` +
      (this.stderr ? `\n--- its stderr ---\n${this.stderr.slice(-4000)}` : "")
  }

  private async take(queue: string[], what: string, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const line = queue.shift()
      if (line !== undefined) return line
      if (this.exited) throw new Error(`${this.describe()}\nexited while we waited for ${what}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`${this.describe()}\nsaid nothing for ${timeoutMs} ms while we waited for ${what}`)
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, left)
        this.waiters.add(() => { clearTimeout(timer); resolve() })
      })
    }
  }

  /** The next line of output (ZAP lines aside). */
  next(timeoutMs = DEFAULT_WAIT): Promise<string> {
    return this.take(this.lines, "a line", timeoutMs)
  }

  /** The next line, which must start with `word`; returns the rest of it. */
  async expect(word: string, timeoutMs = DEFAULT_WAIT): Promise<string> {
    const line = await this.take(this.lines, word, timeoutMs)
    if (line !== word && !line.startsWith(word + " ")) {
      throw new Error(`${this.describe()}\nsaid "${line.slice(0, 300)}" where we expected ${word}`)
    }
    return line.slice(word.length + 1)
  }

  /** The next line the peer's ZAP handler printed: "<mechanism> <user> <status>". */
  nextZap(timeoutMs = DEFAULT_WAIT): Promise<string> {
    return this.take(this.zapLines, "a ZAP request", timeoutMs).then(line => line.slice(4))
  }

  /** Whether a line is ready without waiting. */
  get pending(): number { return this.lines.length }

  command(line: string): void {
    this.child.stdin.write(line + "\n")
  }

  /** Sends a message; resolves when the peer's library took it. */
  async send(frames: Buffer[]): Promise<void> {
    this.command(`SEND ${formatFrames(frames)}`)
    await this.expect("SENT")
  }

  /** Receives one message; null when the peer's receive timed out. */
  async receive(timeoutMs = DEFAULT_WAIT): Promise<Buffer[] | null> {
    this.command("RECV")
    return this.readMessage(timeoutMs)
  }

  /** Reads the answer to a RECV (MSG or TIMEOUT). */
  async readMessage(timeoutMs = DEFAULT_WAIT): Promise<Buffer[] | null> {
    const line = await this.next(timeoutMs)
    if (line === "TIMEOUT") return null
    if (!line.startsWith("MSG ")) throw new Error(`${this.describe()}\nsaid "${line.slice(0, 300)}" where we expected MSG`)
    return parseFrames(line.slice(4))
  }

  /** SIGSTOP / SIGCONT. */
  freeze(): void { this.child.kill("SIGSTOP") }
  thaw(): void { this.child.kill("SIGCONT") }

  /** Kills the process (thawing it first) and waits for it to be gone. */
  async kill(): Promise<void> {
    if (this.exited) return
    this.child.kill("SIGCONT")
    this.child.kill("SIGKILL")
    await this.exitedPromise
  }
}

const live = new Set<PeerProcess>()

/** Starts a peer with a socket and waits for READY; returns it and the endpoint it reported. */
export async function startPeer(peer: Peer, type: string, mode: "bind" | "connect", endpoint: string,
                                options: Record<string, string | number | string[]> = {}):
  Promise<{process: PeerProcess; endpoint: string}> {
  const args = [type, mode, endpoint]
  for (const [name, value] of Object.entries(options)) {
    for (const v of Array.isArray(value) ? value : [value]) args.push(`${name}=${v}`)
  }
  const child = new PeerProcess(peer, args)
  const line = await child.next()
  if (!line.startsWith("READY ")) throw new Error(`peer ${peer.id} (${args.join(" ")}) did not start: ${line}`)
  return {process: child, endpoint: line.slice(6)}
}

/** Runs a peer once (version, keygen) and returns its output line. */
export async function runPeer(peer: Peer, ...argv: string[]): Promise<string> {
  const child = new PeerProcess(peer, argv)
  const line = await child.next()
  await child.exitedPromise
  return line
}

/** A CURVE key pair generated by the peer's own library (Z85). */
export async function peerKeyPair(peer: Peer): Promise<{publicKey: string; secretKey: string}> {
  const line = await runPeer(peer, "keygen")
  const match = /^KEYPAIR (\S{40}) (\S{40})$/.exec(line)
  if (!match) throw new Error(`peer ${peer.id} keygen said: ${line}`)
  return {publicKey: match[1]!, secretKey: match[2]!}
}

export const formatFrames = (frames: Buffer[]): string => frames.map(f => f.toString("hex")).join(",")
export const parseFrames = (text: string): Buffer[] => text.split(",").map(hex => Buffer.from(hex, "hex"))
export const hex = (data: Buffer | string): string => Buffer.from(data).toString("hex")

/**
 * Frames in a form that compares exactly and prints briefly: small frames as
 * hex, large ones as length + sha256 (vitest compares big Buffers slowly and
 * prints megabyte diffs).
 */
export const digest = (frames: Buffer[] | null): string[] | null => frames && frames.map(frame =>
  frame.length <= 300 ? `hex:${frame.toString("hex")}`
    : `${frame.length} bytes sha256:${createHash("sha256").update(frame).digest("hex")}`)

type Closable = zmq.Socket & {linger: number}

/**
 * Registers one test per peer × role for a scenario, in a describe block
 * named after the scenario. Cells that matrix.json lists as unsupported (the
 * peer lacks the feature) register no test at all — the matrix shows them
 * with their reason from matrix.json; "partial" cells run, and the body gets
 * the note. Every socket
 * passed to `use()` and every peer process is closed/killed after each test.
 */
export function interop(scenario: ScenarioId,
                        body: (t: {
                          peer: Peer
                          role: Role
                          use: <S extends zmq.Socket>(s: S) => S
                          /** A "partial" limitation of this cell: the body leaves that part out. */
                          partial?: string
                        }) => Promise<void>,
                        timeoutMs = 30_000): void {
  const title = matrix.scenarios.find(s => s.id === scenario)!.title
  describe(`${scenario}: ${title}`, () => {
    const open: zmq.Socket[] = []
    const use = <S extends zmq.Socket>(socket: S): S => { open.push(socket); return socket }
    afterEach(async () => {
      for (const socket of open.splice(0)) {
        if (socket.closed) continue
        ;(socket as Closable).linger = 0
        socket.close()
      }
      await Promise.all([...live].map(p => p.kill()))
    })
    for (const peer of peers) {
      for (const role of roles) {
        const name = `${peer.id} / ${role}`
        const reason = limitation(peer.id, scenario, role, "unsupported")
        const partial = limitation(peer.id, scenario, role, "partial")
        if (!reason) it(name, () => body({peer, role, use, partial}), timeoutMs)
      }
    }
  })
}

/** Loopback tcp with a port chosen by the OS. */
export const ANY_PORT = "tcp://127.0.0.1:*"

/** Bounded negative waits ("nothing arrives"): long enough to catch a leak, short for the suite. */
export const QUIET_MS = 500

/**
 * A ZAP handler (RFC 27) in zmq-napi: a Router at inproc://zeromq.zap.01 in
 * the default context, the one the server sockets use. It accepts exactly
 * the PLAIN credentials given (and any CURVE client), and records each
 * decision as "<mechanism> <user> <status>".
 */
export async function zapHandler(use: <S extends zmq.Socket>(s: S) => S, user: string, password: string) {
  const router = use(new zmq.Router())
  await router.bind("inproc://zeromq.zap.01")
  const decisions: string[] = []
  const waiters = new Set<() => void>()
  const serving = (async () => {
    for await (const [id, delimiter, version, requestId, , , , mechanism, ...credentials] of router) {
      const mech = mechanism!.toString()
      const gotUser = mech === "PLAIN" ? credentials[0]!.toString() : ""
      const ok = mech === "CURVE" || (mech === "PLAIN" && gotUser === user && credentials[1]!.toString() === password)
      const status = ok ? "200" : "400"
      await router.send([id!, delimiter!, version!, requestId!, status, ok ? "OK" : "Denied", ok ? gotUser : "", ""])
      decisions.push(`${mech} ${gotUser} ${status}`)
      for (const wake of waiters) wake()
      waiters.clear()
    }
  })().catch(() => { /* the socket was closed */ })
  return {
    serving,
    /** The next decision, waiting for it if need be. */
    async next(timeoutMs = DEFAULT_WAIT): Promise<string> {
      const deadline = Date.now() + timeoutMs
      while (decisions.length === 0) {
        const left = deadline - Date.now()
        if (left <= 0) throw new Error(`no ZAP request within ${timeoutMs} ms`)
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, left)
          waiters.add(() => { clearTimeout(timer); resolve() })
        })
      }
      return decisions.shift()!
    },
  }
}

/** Expects a zmq-napi receive to time out (EAGAIN): nothing was delivered. */
export async function expectNothing(socket: zmq.Socket & {receive(): Promise<Buffer[]>; receiveTimeout: number}):
  Promise<void> {
  socket.receiveTimeout = QUIET_MS
  const outcome = await socket.receive().then(
    message => `received ${message.map(f => f.toString("hex")).join(",")}`,
    (error: {code?: string}) => error.code)
  if (outcome !== "EAGAIN") throw new Error(`expected nothing to arrive (EAGAIN), but: ${outcome}`)
}
