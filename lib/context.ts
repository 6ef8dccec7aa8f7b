/**
 * Context: a libzmq context. Most programs use the process-wide default
 * `context`, shared by every worker thread so that inproc:// works between
 * them. A custom `new Context()` isolates its sockets and can be closed.
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
    nativeOf.set(this, new binding.Context(sharedDefault))
    writeOnlyOf.set(this, new Map())
    Object.seal(this)
    assignOptions(this, options, "Context")
  }

  /**
   * Terminates the context: pending sends and receives on its sockets reject
   * with code ETERM, its sockets are closed, and libzmq finishes delivering
   * (per each socket's linger) in the background. The default context cannot
   * be closed.
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

// Only the construction of the default context below asks for the shared one.
let sharedDefault = true
/** The default context, shared by the whole process (all worker threads). */
export const context = new Context()
sharedDefault = false
