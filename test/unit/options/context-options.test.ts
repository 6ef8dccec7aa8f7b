/**
 * Context options: round trips on a new Context, read-only and unknown names,
 * wrong types, and constructor options.
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {contextOptions, type OptionSpec} from "../../../lib/option-table"

/** Runs `body` with a new Context, and always closes it. */
function withContext<R>(body: (context: zmq.Context) => R, options?: zmq.ContextOptions): R {
  const context = new zmq.Context(options)
  try {
    return body(context)
  } finally {
    context.close()
  }
}

const asOptions = (context: zmq.Context) => context as unknown as Record<string, unknown>

describe("context options", () => {
  const roundTrips: [keyof zmq.Context & string, unknown][] = [
    ["ioThreads", 3],
    ["maxSockets", 77],
    ["blocky", false],
    ["ipv6", true],
    ["maxMessageSize", 4096],
  ]
  for (const [name, value] of roundTrips) {
    it(`${name} round-trips (${JSON.stringify(value)})`, () => {
      withContext(context => {
        expect(asOptions(context)[name], "the sample differs from the default").not.toBe(value)
        asOptions(context)[name] = value
        expect(asOptions(context)[name]).toBe(value)
      })
    })
  }

  it("every readable context option of this build can be read on a new Context", () => {
    const table: Record<string, OptionSpec> = contextOptions
    const readable = Object.entries(table)
      .filter(([, spec]) => spec.access !== "W" && (!spec.draft || zmq.capability.draft))
      .map(([name]) => name)
    withContext(context => {
      const failures: string[] = []
      for (const name of readable) {
        try {
          const value = asOptions(context)[name]
          if (typeof value !== "number" && typeof value !== "boolean") failures.push(`${name}: ${typeof value}`)
        } catch (error) {
          failures.push(`${name}: ${(error as Error).message}`)
        }
      }
      expect(failures).toEqual([])
    })
  })

  it("maxSocketsLimit reads a positive number and is read-only", () => {
    withContext(context => {
      const limit = context.maxSocketsLimit
      expect(limit).toBeGreaterThan(0)
      let error: unknown
      try {
        asOptions(context).maxSocketsLimit = 4
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(TypeError)
      expect((error as Error).message).toContain("maxSocketsLimit")
      expect(context.maxSocketsLimit).toBe(limit)
    })
  })

  it("constructor options apply", () => {
    withContext(context => {
      expect(context.ioThreads).toBe(2)
      expect(context.maxSockets).toBe(64)
      expect(context.blocky).toBe(false)
      expect(context.ipv6).toBe(true)
    }, {ioThreads: 2, maxSockets: 64, blocky: false, ipv6: true})
  })

  it("an unknown option in the constructor throws a TypeError naming it", () => {
    expect(() => new zmq.Context({ioThread: 2} as zmq.ContextOptions)).toThrow(/ioThread/)
    expect(() => new zmq.Context({ioThread: 2} as zmq.ContextOptions)).toThrow(TypeError)
  })

  it("a wrong type throws a TypeError naming the option", () => {
    withContext(context => {
      expect(() => { asOptions(context).ioThreads = "2" }).toThrow(TypeError)
      expect(() => { asOptions(context).ioThreads = "2" }).toThrow(/ioThreads/)
      expect(() => { asOptions(context).blocky = 0 }).toThrow(TypeError)
      expect(() => { asOptions(context).blocky = 0 }).toThrow(/blocky/)
      expect(context.ioThreads).toBe(1)
    })
  })

  it("assigning an unknown property throws a TypeError (contexts are sealed)", () => {
    withContext(context => {
      expect(() => { asOptions(context).ioThread = 2 }).toThrow(TypeError)
      expect("ioThread" in context).toBe(false)
    })
  })
})
