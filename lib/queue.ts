/**
 * A FIFO with O(1) push and shift that also lets a waiting entry be dropped
 * in place (timeouts, aborts): dropped entries are skipped when they reach
 * the head.
 */
export class Queue<T extends {settled: boolean}> {
  private items: (T | undefined)[] = []
  private head = 0

  get size(): number {
    return this.items.length - this.head
  }

  push(item: T): void {
    this.items.push(item)
  }

  /** The first live entry, discarding settled ones on the way. */
  peek(): T | undefined {
    while (this.head < this.items.length) {
      const item = this.items[this.head]!
      if (!item.settled) return item
      this.shift()
    }
    return undefined
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head++] = undefined
    if (this.head === this.items.length) {
      this.items = []
      this.head = 0
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
    return item
  }

  /** Calls `visit` for every entry that still waits, oldest first. */
  forEach(visit: (item: T) => void): void {
    for (let index = this.head; index < this.items.length; index++) {
      const item = this.items[index]!
      if (!item.settled) visit(item)
    }
  }

  /** Removes and returns every entry that still waits. */
  drain(): T[] {
    const rest = (this.items.slice(this.head) as T[]).filter(item => !item.settled)
    this.items = []
    this.head = 0
    return rest
  }
}
