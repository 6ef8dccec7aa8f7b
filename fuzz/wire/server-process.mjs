/**
 * The fuzzer's handle on the server child (server.mjs): starts it, asks it
 * questions, hears its reports, and turns its death into a finding. Every
 * wait on the child also ends if the child dies, so nothing waits for a dead
 * process.
 */
import {fork} from "node:child_process"
import {fileURLToPath} from "node:url"
import {Finding} from "./finding.mjs"

const SERVER = fileURLToPath(new URL("./server.mjs", import.meta.url))
/** The last output of a dead server shown in the finding (libzmq's assertion message is there). */
const STDERR_TAIL = 2_000

export class ServerProcess {
  static async start(types) {
    const child = fork(SERVER, [JSON.stringify(types)], {execArgv: ["--expose-gc"], stdio: ["ignore", "inherit", "pipe", "ipc"]})
    const server = new ServerProcess(child)
    const hello = await server.next(message => message.ready !== undefined)
    server.ports = new Map(hello.ready.map(({name, port}) => [name, port]))
    server.serverKey = hello.serverKey
    return server
  }

  constructor(child) {
    this.child = child
    this.stderr = ""
    this.listeners = new Set()
    this.nextId = 1
    child.stderr.on("data", chunk => { this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL) })
    // Sending to a child that has died fails here; the death itself is reported through `died`.
    child.on("error", () => {})
    child.on("message", message => { for (const listener of [...this.listeners]) listener(message) })
    this.died = new Promise(resolve => child.on("exit", (code, signal) => resolve({code, signal})))
  }

  get pid() {
    return this.child.pid
  }

  /** The next message for which `matches` is true; rejects with a finding if the server dies first. */
  next(matches) {
    let listener
    const message = new Promise(resolve => {
      listener = message => { if (matches(message)) resolve(message) }
      this.listeners.add(listener)
    })
    return this.whileAlive(message).finally(() => this.listeners.delete(listener))
  }

  deathFinding({code, signal}) {
    return new Finding(`the server process died (exit code ${code}, signal ${signal})`, this.stderr.trim())
  }

  /** Resident memory after a full garbage collection, in bytes. */
  async memory() {
    const id = this.nextId++
    const answer = this.next(message => message.id === id)
    this.child.send({op: "memory", id})
    return (await answer).rss
  }

  /** `promise`, or a finding if the server dies first. */
  whileAlive(promise) {
    return Promise.race([promise, this.died.then(exit => { throw this.deathFinding(exit) })])
  }

  /** Asks it to send `marker` from socket `name` until stop() with the returned id. */
  deliver(name, marker) {
    const id = this.nextId++
    this.child.send({op: "deliver", id, name, marker})
    return id
  }

  stop(id) {
    this.child.send({op: "stop", id})
  }

  /** Waits for its report that socket `name` received `marker`. */
  received(name, marker) {
    return this.next(message => message.received === name && message.text.includes(marker))
  }

  /** Closes its sockets and waits for it to exit; an exit other than 0 is a finding. */
  async exit() {
    this.child.send({op: "exit"})
    const exit = await this.died
    if (exit.code !== 0) throw this.deathFinding(exit)
  }

  kill() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL")
  }
}
