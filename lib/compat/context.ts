/**
 * The legacy `zmq.Context`. Its statics act on the default context, which
 * every legacy socket uses (the process-wide default context of zmq-napi, so
 * inproc:// connects legacy and modern sockets). `new Context(ioThreads?)`
 * creates a separate libzmq context with `close()`, `setOpt()`, `getOpt()`;
 * as in the legacy API, sockets cannot be created in it.
 */
import {Context as ModernContext, context as defaultContext} from "../context"
import {contextOptions} from "../option-table"

const IO_THREADS = contextOptions.ioThreads.id
const MAX_SOCKETS = contextOptions.maxSockets.id

/** `value` as an integer; a TypeError names it as the legacy binding did ("Value", "Option", "io_threads"). */
function integer(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new TypeError(`${name} must be an integer`)
  return Math.trunc(value)
}

function setOpt(context: ModernContext, option: unknown, value: unknown): void {
  context.setOption(integer(option, "Option"), 0, integer(value, "Value"))
}

function getOpt(context: ModernContext, option: unknown): number {
  return context.getOption(integer(option, "Option"))
}

const contexts = new WeakMap<Context, ModernContext>()

export class Context {
  constructor(ioThreads?: number) {
    const threads = ioThreads === undefined ? undefined : integer(ioThreads, "io_threads")
    const context = new ModernContext()
    contexts.set(this, context)
    if (threads === undefined) return
    try {
      setOpt(context, IO_THREADS, threads)
    } catch (error) {
      // A context refused at birth is nobody's to close: close it here.
      context.close()
      throw error
    }
  }

  /** Terminates the context (in the background: the JS thread never waits for linger). */
  close(): void {
    contexts.get(this)!.close()
  }

  setOpt(option: number, value: number): void {
    setOpt(contexts.get(this)!, option, value)
  }

  getOpt(option: number): number {
    return getOpt(contexts.get(this)!, option)
  }

  static setMaxThreads(value: number): void {
    setOpt(defaultContext, IO_THREADS, value)
  }

  static getMaxThreads(): number {
    return getOpt(defaultContext, IO_THREADS)
  }

  static setMaxSockets(value: number): void {
    setOpt(defaultContext, MAX_SOCKETS, value)
  }

  static getMaxSockets(): number {
    return getOpt(defaultContext, MAX_SOCKETS)
  }
}

// The legacy default context took its I/O thread count from ZMQ_IO_THREADS.
// libzmq applies it only if no socket of the default context exists yet.
const ioThreads = Number.parseInt(process.env.ZMQ_IO_THREADS ?? "", 10)
if (Number.isInteger(ioThreads) && ioThreads > 0) {
  try {
    setOpt(defaultContext, IO_THREADS, ioThreads)
  } catch {
    // A value libzmq refuses is ignored, as the legacy binding did.
  }
}
