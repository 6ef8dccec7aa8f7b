// zmq-napi, fastest documented API: `sendBatch()` hands libzmq many messages
// per call (packed into one buffer per native call, no promise per message,
// large frames lent rather than copied),
// and `receivePacked()` takes every message at hand per call, packed as
// libzmq's batch arrived (no JS object per message: the receiver reads frame
// counts from the batch without cutting it). The roles in v6.mjs stay as
// they are; only these two hooks differ.
import * as zmq from "zmq-napi"
import {v6Impl} from "./v6.mjs"

/** Messages per sendBatch() call. */
const BATCH = Number(process.env.ZMQ_NAPI_BENCH_BATCH) || 256
/** The benchmark never changes its message: its large frames are lent, not copied (`copy: false`). */
const LEND = {copy: false}

const fast = {
  async send(push, messages, n) {
    // A whole number of cycles per batch, so every batch is the same.
    const cycle = messages.length
    const batch = Array.from({length: Math.min(n, BATCH - (BATCH % cycle))}, (_, index) => messages[index % cycle])
    for (let done = 0; done < n; done += batch.length) {
      if (n - done < batch.length) batch.length = n - done
      await push.sendBatch(batch, LEND)
    }
  },

  async receive(pull, parts, tally) {
    for (;;) {
      const batch = await pull.receivePacked()
      for (let message = 0; message < batch.length; message++) {
        if (batch.frameCount(message) !== parts) return
        if (++tally.count === tally.next && tally.tick()) return
      }
    }
  },
}

export default v6Impl(zmq, fast)
