/**
 * Context: a libzmq context. Most programs use the process-wide default
 * `context`, shared by every worker thread so that inproc:// works between
 * them. A custom `new Context()` isolates its sockets and can be closed.
 */
import {binding, type NativeContext} from "./native"
import {contextOptions, type ContextOptionProperties, type ContextOptions} from "./option-table"
import {assignOptions, checkOptions, defineOptions, type NativeKind} from "./options"

const nativeOf = new WeakMap<Context, NativeContext>()

/** The native context behind a Context (internal). */
export function nativeContext(context: Context): NativeContext {
  return nativeOf.get(context)!
}

export interface Context extends ContextOptionProperties {}

export class Context {
  /** @internal */
  readonly writeOnlyValues = new Map<string, unknown>()

  constructor(options: ContextOptions = {}) {
    checkOptions(options)
    nativeOf.set(this, new binding.Context(sharedDefault))
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
