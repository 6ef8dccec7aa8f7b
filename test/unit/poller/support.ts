/**
 * Shared by the poller tests: a readable summary of what wait() reported, and
 * named pipes (FIFOs) as plain file descriptors that no Node stream owns.
 */
import {execFileSync} from "node:child_process"
import {randomUUID} from "node:crypto"
import * as fs from "node:fs"
import {tmpdir} from "node:os"
import * as path from "node:path"
import {afterEach} from "vitest"
import type * as zmq from "../../../lib/index"

type Ready = {readonly socket?: zmq.Socket; readonly fd?: number; readonly readable: boolean; readonly writable: boolean}

/**
 * What wait() reported, as [name, events] pairs ("r", "w", "rw"), with the
 * items named by `names`. Sockets are compared by identity: two sockets of
 * one class would look alike to a deep equality.
 */
export function summary(ready: readonly Ready[], names: Map<zmq.Socket | number, string>): [string, string][] {
  return ready.map(item => {
    const key = item.socket ?? item.fd!
    const name = names.get(key) ?? `unknown ${String(key)}`
    return [name, `${item.readable ? "r" : ""}${item.writable ? "w" : ""}`]
  })
}

/**
 * Returns `fifo()`: a named pipe opened for reading and for writing, as two
 * descriptors, both closed (and the pipe deleted) after the current test.
 * Opening the read end O_RDWR keeps open() from blocking and the pipe from
 * ever reporting end-of-file; both ends are blocking descriptors.
 */
export function fifoScope(): () => {reader: number; writer: number} {
  const open: number[] = []
  const paths: string[] = []
  afterEach(() => {
    for (const fd of open.splice(0)) fs.closeSync(fd)
    for (const file of paths.splice(0)) fs.rmSync(file, {force: true})
  })
  return () => {
    const file = path.join(tmpdir(), `zmq-napi-fifo-${randomUUID()}`)
    execFileSync("mkfifo", [file])
    paths.push(file)
    const reader = fs.openSync(file, fs.constants.O_RDWR)
    const writer = fs.openSync(file, fs.constants.O_WRONLY)
    open.push(reader, writer)
    return {reader, writer}
  }
}

/** Whether a descriptor is in non-blocking mode (Linux: /proc/self/fdinfo). */
export function nonBlocking(fd: number): boolean {
  const flags = /^flags:\s*([0-7]+)$/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, "utf8"))![1]!
  return (parseInt(flags, 8) & fs.constants.O_NONBLOCK) !== 0
}
