/**
 * The socket classes under test, with the facts the tests check them against:
 * libzmq type name and number, and whether the type sends and/or receives.
 * Written out here (not derived from the library) so the tests are independent.
 */
import * as zmq from "../../../lib/index"
import type {SocketTypeName} from "../../../lib/option-table"

export interface SocketClassCase {
  name: string
  Class: new (options?: object) => zmq.Socket
  type: SocketTypeName
  number: number
  sends: boolean
  receives: boolean
}

export const socketClasses: SocketClassCase[] = [
  {name: "Pair", Class: zmq.Pair, type: "pair", number: 0, sends: true, receives: true},
  {name: "Publisher", Class: zmq.Publisher, type: "pub", number: 1, sends: true, receives: false},
  {name: "Subscriber", Class: zmq.Subscriber, type: "sub", number: 2, sends: false, receives: true},
  {name: "Request", Class: zmq.Request, type: "req", number: 3, sends: true, receives: true},
  {name: "Reply", Class: zmq.Reply, type: "rep", number: 4, sends: true, receives: true},
  {name: "Dealer", Class: zmq.Dealer, type: "dealer", number: 5, sends: true, receives: true},
  {name: "Router", Class: zmq.Router, type: "router", number: 6, sends: true, receives: true},
  {name: "Pull", Class: zmq.Pull, type: "pull", number: 7, sends: false, receives: true},
  {name: "Push", Class: zmq.Push, type: "push", number: 8, sends: true, receives: false},
  {name: "XPublisher", Class: zmq.XPublisher, type: "xpub", number: 9, sends: true, receives: true},
  {name: "XSubscriber", Class: zmq.XSubscriber, type: "xsub", number: 10, sends: true, receives: true},
  {name: "Stream", Class: zmq.Stream, type: "stream", number: 11, sends: true, receives: true},
]

/** Runs `body` with a new socket of `Class`, and always closes it. */
export function withSocket<T extends zmq.Socket, R>(Class: new (options?: object) => T,
                                                    body: (socket: T) => R, options?: object): R {
  const socket = new Class(options)
  try {
    return body(socket)
  } finally {
    socket.close()
  }
}
