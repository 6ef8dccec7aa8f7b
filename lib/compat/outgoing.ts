/**
 * The send queue of a legacy socket. `send()` cannot block, so a message that
 * libzmq cannot take yet (high-water mark reached, no peer) waits here, in
 * order, until the socket is writable. A batch is one multipart message: the
 * frames given to consecutive `send()` calls joined by ZMQ_SNDMORE, with the
 * callbacks given to any of those calls.
 */

export type SendCallback = (this: unknown, error?: Error) => void

export interface Batch {
  frames: Buffer[]
  callbacks: SendCallback[]
  /** ZMQ_DONTWAIT: fail with EAGAIN rather than wait. */
  dontwait: boolean
  /** Sent or failed; a settled batch still in the queue is skipped. */
  settled: boolean
  /** The SNDTIMEO timer while it waits. */
  timer?: ReturnType<typeof setTimeout>
}

export function newBatch(): Batch {
  return {frames: [], callbacks: [], dontwait: false, settled: false}
}

