/**
 * The compiled addon (src-native/) and the shape of what it exports. Nothing
 * outside lib/ sees these raw objects; the classes in lib/ wrap them.
 */
import * as fs from "node:fs"
import * as path from "node:path"

import type {MessageMetadata} from "./metadata"

export interface NativeContext {
  getOption(id: number): number
  setOption(id: number, value: number): void
  close(): void
  readonly closed: boolean
  /** The number that names this libzmq context in the whole process (src-native/context.h). */
  readonly handle: number
}

/**
 * Flags of a frame in a batch layout, the (length, flags) pairs that
 * receive() returns and sendPacked() takes; as in src-native/incoming.h.
 */
export const FRAME_MORE = 1
/** The frame is not in the batch's bytes but the next of its separate values. */
export const FRAME_EXTERNAL = 2

/**
 * A draft socket's per-message property in a received batch, one entry per
 * message: the sender's routing id (Server, Peer) or the group (Dish).
 */
export type MessagePropertyEntries = Uint32Array | Buffer[]

/** A frame as the native layer accepts it (lib/message.ts normalises user input). */
export type NativeFrame = string | ArrayBufferView | null

export interface NativeSocket {
  bind(address: string): void
  unbind(address: string): void
  connect(address: string): void
  disconnect(address: string): void
  close(): void
  /**
   * True when libzmq took the message; false when it would block (nothing
   * sent). A draft socket's one-frame message may carry a routing id (Server,
   * Peer) or a group (Radio). With `lend`, large frames are passed to libzmq
   * without a copy and kept alive until it lets go (src-native/buffer_loans.h).
   */
  send(message: NativeFrame | NativeFrame[], routingId?: number, group?: string | Uint8Array, lend?: boolean): boolean
  /**
   * Sends the messages of a pack until libzmq would block; how many it took.
   * `frames` (length, flags) pairs of `layout` describe the frames; their
   * bytes follow each other in `data`, or a frame flagged external is the
   * next value of `large` (see lib/outgoing.ts), lent rather than copied
   * when `lend` is true and it is large.
   */
  sendPacked(data: Uint8Array, layout: Uint32Array, frames: number, large: NativeFrame[], lend?: boolean): number
  /**
   * Up to `max` whole messages that are available now, or null if none: one
   * Buffer with the small frames' bytes back to back, (length, flags) pairs,
   * and the large frames as Buffers of their own (see lib/incoming.ts). With
   * `metadata` (property names, lib/metadata.ts), each message's metadata
   * follows as a fifth element.
   */
  receive(max: number, metadata?: readonly string[]): [
    data: Buffer, layout: Uint32Array, large: Buffer[], properties?: MessagePropertyEntries,
    metadata?: (MessageMetadata | undefined)[],
  ] | null
  /** Peer: connects and returns the routing id of that peer. */
  connectPeer(address: string): number
  /** Dish: group membership. */
  join(group: string | Uint8Array): void
  leave(group: string | Uint8Array): void
  getOption(id: number, kind: number): unknown
  setOption(id: number, kind: number, value: unknown): void
  /** Readiness interest: 1 = readable, 2 = writable, 0 = none. */
  watch(interest: number): void
  ref(): void
  unref(): void
  readonly events: number
  readonly closed: boolean
}

/** A wait for a plain file descriptor (src-native/descriptor.h); one per descriptor per Poller wait. */
export interface NativeDescriptorWatch {
  close(): void
}

export interface Binding {
  /** The default context (true), the context with that handle (a number), or a new one. */
  Context: new (of?: true | number) => NativeContext
  Socket: new (type: number, context: NativeContext, onReady: (events: number) => void) => NativeSocket
  version: string
  capability: {ipc: boolean; pgm: boolean; tipc: boolean; norm: boolean; curve: boolean; gssapi: boolean; draft: boolean}
  curveKeyPair(): {publicKey: string; secretKey: string}
  curvePublic(secretKey: string): string
  z85Encode(data: Uint8Array): string
  z85Decode(text: string): Buffer
  /**
   * zmq_poll with a zero timeout (src-native/poller.h): writes each item's
   * revents. Sockets are polled for both directions whatever `events` says;
   * `events[i]` is the POLLIN/POLLOUT interest of descriptor `items[i]`.
   */
  pollNow(items: (NativeSocket | number)[], events: Int32Array, revents: Int32Array): void
  DescriptorWatch: new (fd: number, interest: number, onReady: (events: number) => void) => NativeDescriptorWatch
}

/** The package root, above this file (which runs from dist/cjs/, or lib/ in tests). */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json")
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === "zmq-napi") return dir
    if (path.dirname(dir) === dir) throw new Error(`zmq-napi: cannot find the package root above ${__dirname}`)
  }
}

// node-gyp-build takes build/Release/ (a clone's source build) when there is one, else the
// prebuild in prebuilds/<platform>-<arch>/ for this libc; PREBUILDS_ONLY=1 skips build/Release/.
// ZMQ_NAPI_ADDON=<absolute path of a .node> loads that file instead, for another build of the same
// sources (the sanitizer build, docs/sanitizers.md); it inherits into every child process.
function loadBinding(): Binding {
  const chosen = process.env.ZMQ_NAPI_ADDON
  if (chosen) {
    if (!path.isAbsolute(chosen)) throw new TypeError(`zmq-napi: ZMQ_NAPI_ADDON must be an absolute path, not ${JSON.stringify(chosen)}`)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(chosen) as Binding
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("node-gyp-build") as (dir: string) => Binding)(packageRoot())
}

export const binding: Binding = loadBinding()
export const capability = binding.capability
