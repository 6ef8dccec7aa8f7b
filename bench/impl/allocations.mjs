// Allocations per received message, for the "alloc" rows: V8's sampling heap
// profiler (through node:inspector, in this process) with a sampling interval
// below the size of any heap object, so that every allocation on the JS heap
// is a sample, and with the samples of objects already collected by a GC
// kept, so short-lived garbage counts too. Over a window of a fixed number
// of messages: objects = samples, bytes = the sum of their sizes.
//
// "Objects" are V8's allocations: optimized code folds several small objects
// allocated together into one allocation, so the count is a lower bound on
// JS objects; the bytes are exact. Buffers' memory outside the JS heap
// (ArrayBuffer backing stores) is not counted, only their JS objects.
import {Session} from "node:inspector"

/** Every allocation is at least this big, so each one is sampled. */
const SAMPLING_INTERVAL = 1
/** Empty windows measured to find the profiler's own cost, which is subtracted. */
const BASELINE_WINDOWS = 3

/**
 * A window over `count` messages after the first `skip` (warm-up: caches,
 * optimized code): `marks` for the receiver's Tally, `result()` once it is past.
 */
export function allocationWindow({skip, count}) {
  const session = new Session()
  session.connect()
  const post = (method, params) => {
    let result
    let failure
    // The in-process session answers synchronously.
    session.post(method, params, (error, value) => {
      failure = error
      result = value
    })
    if (failure) throw failure
    return result
  }
  const start = () => post("HeapProfiler.startSampling", {
    samplingInterval: SAMPLING_INTERVAL,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  })
  const stop = () => {
    const {profile} = post("HeapProfiler.stopSampling")
    let bytes = 0
    for (const sample of profile.samples) bytes += sample.size
    return {objects: profile.samples.length, bytes}
  }
  post("HeapProfiler.enable")
  const baselines = Array.from({length: BASELINE_WINDOWS}, () => (start(), stop()))
  const baseline = {
    objects: Math.min(...baselines.map(window => window.objects)),
    bytes: Math.min(...baselines.map(window => window.bytes)),
  }
  let measured = null
  return {
    marks: [[skip, start], [skip + count, () => (measured = stop())]],
    result() {
      session.disconnect()
      if (!measured) return undefined
      return {
        messages: count,
        objectsPerMessage: Math.max(0, measured.objects - baseline.objects) / count,
        bytesPerMessage: Math.max(0, measured.bytes - baseline.bytes) / count,
      }
    },
  }
}
