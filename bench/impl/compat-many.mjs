// The "many sockets" rows' receiver for zmq-napi's legacy API: what
// v6-many.mjs does, with a 'message' listener on every idle socket.
import {runReceiver, socket, zmq} from "./compat-io.mjs"
import {connectAddress, emit, idleWindow, Tally} from "./common.mjs"

export const manyRoles = {
  async "many-recv"({bind, idle, sockets, maxSockets, window, parts}) {
    zmq.Context.setMaxSockets(maxSockets)
    const idlers = Array.from({length: sockets}, () => {
      const pull = socket("pull")
      pull.linger = 0
      pull.on("message", () => {
        throw new Error("an idle socket got a message")
      })
      pull.connect(idle)
      return pull
    })
    await connectAddress() // the go-ahead: every idle socket is connected
    emit({idle: await idleWindow(window)})

    const pull = socket("pull")
    pull.linger = 0
    pull.bindSync(bind)
    emit({endpoint: pull.last_endpoint})
    const tally = new Tally()
    await runReceiver(pull, parts, tally)
    for (const each of [pull, ...idlers]) each.close()
    emit({result: tally.report()})
  },
}
