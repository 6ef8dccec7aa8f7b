/**
 * Deterministic randomness for the fuzzers and the tests that replay their
 * inputs: the same seed gives the same numbers on every machine, so a
 * finding is reproduced from its seed alone.
 */

/** mulberry32: a small, well-mixed 32-bit PRNG. Returns a function giving the next unsigned 32-bit number. */
export function prng(seed) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
}

/** The seed of one round of a campaign: rounds of one seed are independent of each other, so any round replays alone. */
export function roundSeed(seed, round) {
  return prng((seed ^ Math.imul(round + 1, 0x9e3779b1)) >>> 0)()
}

/** The seed of one socket's inputs in a round: a name's FNV-1a hash mixed in, so that a subset of the sockets gets the same inputs. */
export function targetSeed(seed, round, name) {
  let hash = 0x811c9dc5
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0
  return (roundSeed(seed, round) ^ hash) >>> 0
}

/** Convenience draws over a prng. */
export class Random {
  constructor(seed) {
    this.next = prng(seed)
  }

  /** An integer in [0, bound). */
  below(bound) {
    return this.next() % bound
  }

  /** An integer in [low, high]. */
  between(low, high) {
    return low + this.below(high - low + 1)
  }

  /** True with the given probability. */
  chance(probability) {
    return this.next() / 0x1_0000_0000 < probability
  }

  pick(items) {
    return items[this.below(items.length)]
  }

  bytes(length) {
    const bytes = Buffer.alloc(length)
    for (let i = 0; i < length; i++) bytes[i] = this.next() & 0xff
    return bytes
  }
}
