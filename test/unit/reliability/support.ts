/**
 * Shared by the reliability tests: sockets made with track() are closed
 * (with linger 0, so nothing waits on a peer that is gone) after each test,
 * whatever the test left behind.
 */
import {afterEach} from "vitest"
import type * as zmq from "../../../lib/index"

const sockets: zmq.Socket[] = []

export function track<T extends zmq.Socket>(socket: T): T {
  sockets.push(socket)
  return socket
}

afterEach(() => {
  for (const socket of sockets.splice(0)) {
    if (!socket.closed) {
      socket.linger = 0
      socket.close()
    }
  }
})
