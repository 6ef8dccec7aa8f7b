/**
 * Shared by the fault tests: a peer in a child process that the test can
 * wait on (a line of its output) and kill at a moment of its choosing, and
 * the "no message lost" oracle over the indices messages carry.
 */
import {type ChildResult, startChild} from "../../helpers"

/** Long enough for a child on a loaded machine; only a hang ever reaches it. */
export const PEER_TIMEOUT_MS = 60_000

export class Peer {
  readonly result: Promise<ChildResult>
  readonly #child
  #stdout = ""
  #waiters: {pattern: RegExp; resolve(match: RegExpMatchArray): void}[] = []

  /** Starts a child running `source` (CommonJS, with `zmq` defined). */
  constructor(source: string) {
    const {child, result} = startChild(source, {
      timeoutMs: PEER_TIMEOUT_MS,
      onOutput: stdout => {
        this.#stdout = stdout
        this.#waiters = this.#waiters.filter(waiter => !this.#settle(waiter))
      },
    })
    this.#child = child
    this.result = result
  }

  /**
   * The first line of output (so far or to come) that matches `pattern`.
   * Rejects, with the child's output, if the child ends without writing it.
   */
  line(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const waiter = {pattern: new RegExp(pattern.source, pattern.flags.replace("g", "") + "m"), resolve}
      if (this.#settle(waiter)) return
      this.#waiters.push(waiter)
      void this.result.then(result => {
        if (this.#waiters.includes(waiter)) reject(new Error(`the peer ended without a line matching ${pattern}: ${JSON.stringify(result)}`))
      })
    })
  }

  /** The numbers of every output line `<word> <number>`, in order. */
  numbers(word: string, stdout = this.#stdout): number[] {
    return [...stdout.matchAll(new RegExp(`^${word} (\\d+)$`, "gm"))].map(match => Number(match[1]))
  }

  /** Sends `signal` (SIGKILL by default) and waits for the child to end. */
  kill(signal: NodeJS.Signals = "SIGKILL"): Promise<ChildResult> {
    this.#child.kill(signal)
    return this.result
  }

  #settle(waiter: {pattern: RegExp; resolve(match: RegExpMatchArray): void}): boolean {
    // Only complete lines: a line still being written could match a prefix of itself.
    const match = this.#stdout.slice(0, this.#stdout.lastIndexOf("\n") + 1).match(waiter.pattern)
    if (match) waiter.resolve(match)
    return match !== null
  }
}

/** The indices from `first` to `last`, both included. */
export function run(first: number, last: number): number[] {
  return Array.from({length: last - first + 1}, (_, offset) => first + offset)
}
