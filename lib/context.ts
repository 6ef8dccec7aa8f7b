/**
 * Context: a libzmq context. Most programs use the process-wide default
 * `context`, shared by every worker thread so that inproc:// works between
 * them. A custom `new Context()` isolates its sockets and can be closed; other
 * threads can use it too, through its `handle` (`Context.fromHandle()`).
 */
import {binding, type NativeContext} from "./native"
import {contextOptions, type ContextOptionProperties, type ContextOptions} from "./option-table"
import {assignOptions, checkOptions, defineOptions, type NativeKind} from "./options"

// Kept off the object, as a socket's state is: a Context has no own
// properties, so spreading it or passing it where options are read (as
// zeromq's allows) finds no internal field to trip over.
const nativeOf = new WeakMap<Context, NativeContext>()
const writeOnlyOf = new WeakMap<Context, Map<string, unknown>>()

/** The native context behind a Context (internal). */
export function nativeContext(context: Context): NativeContext {
  return nativeOf.get(context)!
}

export interface Context extends ContextOptionProperties {}

export class Context {
  constructor(options: ContextOptions = {}) {
    checkOptions(options)
    nativeOf.set(this, new binding.Context(attachTo))
    writeOnlyOf.set(this, new Map())
    Object.seal(this)
    assignOptions(this, options, "Context")
  }

  /**
   * The same libzmq context, for use in another thread: pass `handle` to the
   * worker (`workerData`, `postMessage`) and call `Context.fromHandle(handle)`
   * there. Sockets of both Context objects then share the context's inproc://
   * endpoints and I/O threads. The context lives while any thread's Context
   * object for it is open, so keep this one open until the worker has
   * attached; otherwise fromHandle() throws ETERM.
   */
  static fromHandle(handle: number, options: ContextOptions = {}): Context {
    if (typeof handle !== "number" || !Number.isInteger(handle) || handle < 1 || handle > 0xffffffff) {
      throw new TypeError(`handle must be a context's handle (a positive integer), got ${typeof handle === "number" ? handle : typeof handle}`)
    }
    attachTo = handle
    try {
      return new Context(options)
    } finally {
      attachTo = undefined
    }
  }

  /** The number that names this libzmq context in the whole process, for `Context.fromHandle()` in another thread. */
  get handle(): number {
    return nativeContext(this).handle
  }

  /**
   * Terminates the context: pending sends and receives on its sockets reject
   * with code ETERM, its sockets are closed, and libzmq finishes delivering
   * (per each socket's linger) in the background. The default context cannot
   * be closed. A context used from several threads (`fromHandle()`) is
   * terminated when the last of them closes it: until then, close() closes
   * this thread's sockets in it (pending work rejects with ETERM) and lets go.
   */
  close(): void {
    nativeContext(this).close()
  }

  get closed(): boolean {
    return nativeContext(this).closed
  }

  /** @internal Values of write-only options, remembered so they can be read back. */
  get writeOnlyValues(): Map<string, unknown> {
    return writeOnlyOf.get(this)!
  }

  /** @internal */
  getOption(id: number): number {
    return nativeContext(this).getOption(id)
  }

  /** @internal */
  setOption(id: number, _kind: NativeKind, value: unknown): void {
    nativeContext(this).setOption(id, value as number)
  }
}

defineOptions(Context.prototype, contextOptions, () => true)

// What the next construction attaches to: the shared default context (only
// the construction below), a handle (fromHandle()), or nothing (a new context).
let attachTo: true | number | undefined = true
/** The default context, shared by the whole process (all worker threads). */
export const context = new Context()
attachTo = undefined
