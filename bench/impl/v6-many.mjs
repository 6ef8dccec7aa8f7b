// The "many sockets" rows' receiver for the zeromq v6 API (bench/harness/many.mjs
// has the design): `sockets` idle PULL sockets connected to a peer that never
// sends, each with a receive pending as a service's would (a `for await`
// loop), then one busy PULL receiving like thr-recv.
import {connectAddress, emit, idleWindow, Tally} from "./common.mjs"

/** Waits on `socket` until it is closed; an idle socket gets no message. */
async function listen(socket) {
  try {
    for await (const message of socket) throw new Error(`an idle socket got a message of ${message.length} frames`)
  } catch (error) {
    if (!socket.closed) throw error
  }
}

export function manyRoles(zmq, hooks) {
  return {
    async "many-recv"({bind, idle, sockets, maxSockets, window, parts}) {
      const context = new zmq.Context({maxSockets})
      const idlers = Array.from({length: sockets}, () => new zmq.Pull({linger: 0, context}))
      for (const socket of idlers) socket.connect(idle)
      const listening = idlers.map(listen)
      await connectAddress() // the go-ahead: every idle socket is connected
      emit({idle: await idleWindow(window)})

      const pull = new zmq.Pull({linger: 0, context})
      await pull.bind(bind)
      emit({endpoint: pull.lastEndpoint})
      const tally = new Tally()
      await hooks.receive(pull, parts, tally)
      tally.finish()
      for (const socket of [pull, ...idlers]) socket.close()
      await Promise.all(listening)
      emit({result: tally.report()})
    },
  }
}
