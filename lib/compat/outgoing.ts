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

/** FIFO of waiting batches with O(1) push/shift. */
export class BatchQueue {
  private items: (Batch | undefined)[] = []
  private head = 0

  /** Waiting batches (settled ones that were not skipped yet included). */
  get length(): number {
    return this.items.length - this.head
  }

  push(batch: Batch): void {
    this.items.push(batch)
  }

  /** The first batch that still waits, dropping settled ones. */
  peek(): Batch | undefined {
    while (this.head < this.items.length) {
      const batch = this.items[this.head]!
      if (!batch.settled) return batch
      this.shift()
    }
    return undefined
  }

  shift(): Batch | undefined {
    if (this.head >= this.items.length) return undefined
    const batch = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return batch
  }

  forEach(visit: (batch: Batch) => void): void {
    for (let index = this.head; index < this.items.length; index++) {
      const batch = this.items[index]!
      if (!batch.settled) visit(batch)
    }
  }

  /** Removes and returns every batch that still waits. */
  drain(): Batch[] {
    const rest = (this.items.slice(this.head) as Batch[]).filter(batch => !batch.settled)
    this.items = []
    this.head = 0
    return rest
  }
}
