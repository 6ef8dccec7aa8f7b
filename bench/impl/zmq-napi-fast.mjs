// zmq-napi, fastest documented API. THE place to swap in dedicated batch
// methods (e.g. a sendMany / receiveBatch) when they exist: only `fast.send`
// and `fast.receive` below change; the roles in v6.mjs stay as they are.
//
// For now: sends overlap — `push.send()` calls queue in order in zmq-napi, so
// WINDOW sends are issued without awaiting each and only the last of them is
// awaited (if an earlier one fails, the later ones fail too, and the
// unawaited rejection makes the process fail loudly). Receiving is the
// idiomatic `for await`.
import * as zmq from "zmq-napi"
import {idiomatic, v6Impl} from "./v6.mjs"

/** Sends in flight between two awaits. */
const WINDOW = Number(process.env.ZMQ_NAPI_BENCH_WINDOW) || 64

const fast = {
  async send(push, message, n) {
    for (let done = 0; done < n;) {
      const end = Math.min(n, done + WINDOW)
      let last
      for (; done < end; done++) last = push.send(message)
      await last
    }
  },

  receive: idiomatic.receive,
}

export default v6Impl(zmq, fast)
