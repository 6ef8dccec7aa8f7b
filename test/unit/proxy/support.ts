/**
 * Helpers for the Proxy tests: a capture socket with a reader, a log of what
 * the proxy forwarded (and was told) in order, and the statistics that log
 * implies.
 */
import {randomUUID} from "node:crypto"
import {expect} from "vitest"
import * as zmq from "../../../lib/index"
import type {socketScope} from "../patterns/support"

/** front → back is "forward", back → front "backward". */
export type Direction = "forward" | "backward"

/** One message the proxy forwarded, as its frames. */
export interface Traffic {
  direction: Direction
  frames: string[]
}

/** What the capture socket gets, in order: forwarded messages and control commands. */
export type Captured = Traffic | {command: "PAUSE" | "RESUME" | "TERMINATE" | "STATISTICS"}

/** A capture socket (PAIR, bound over inproc) and the PAIR that reads what it gets. */
export async function captureSockets(use: ReturnType<typeof socketScope>) {
  const capture = use(new zmq.Pair())
  const reader = use(new zmq.Pair())
  const address = `inproc://capture-${randomUUID()}`
  await capture.bind(address)
  reader.connect(address)
  return {capture, reader}
}

/**
 * Drives a proxy and logs each command it sends, in the order the proxy's
 * thread sees them (the capture socket gets a copy of each).
 */
export function steer(proxy: zmq.Proxy, log: Captured[]) {
  return {
    pause() { proxy.pause(); log.push({command: "PAUSE"}) },
    resume() { proxy.resume(); log.push({command: "RESUME"}) },
    terminate() { proxy.terminate(); log.push({command: "TERMINATE"}) },
    statistics() {
      const answer = proxy.statistics()
      log.push({command: "STATISTICS"})
      return answer
    },
  }
}

const bytes = (frames: string[]) => frames.reduce((sum, frame) => sum + Buffer.byteLength(frame), 0)

/** The counters STATISTICS reports after the proxy forwarded `log`'s traffic. */
export function statisticsOf(log: Captured[]): zmq.ProxyStatistics {
  const side = () => ({messagesIn: 0, bytesIn: 0, messagesOut: 0, bytesOut: 0})
  const result = {frontEnd: side(), backEnd: side()}
  for (const entry of log) {
    if (!("direction" in entry)) continue
    const [from, to] = entry.direction === "forward" ? [result.frontEnd, result.backEnd] : [result.backEnd, result.frontEnd]
    from.messagesIn++
    from.bytesIn += bytes(entry.frames)
    to.messagesOut++
    to.bytesOut += bytes(entry.frames)
  }
  return result
}

/** Reads what the capture socket got and checks it against `log`, message by message. */
export async function expectCaptured(reader: zmq.Pair, log: Captured[]): Promise<void> {
  for (const [index, entry] of log.entries()) {
    const message = (await reader.receive()).map(frame => frame.toString("latin1"))
    const expected = "command" in entry ? [entry.command] : entry.frames
    expect(message, `captured message ${index}`).toEqual(expected)
  }
  // Nothing more: the capture socket is closed (by the proxy) and drained.
  expect(reader.readable).toBe(false)
}
