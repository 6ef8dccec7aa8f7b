/**
 * A socket waiting both ways (a send at the high-water mark and a receive)
 * must hear when it becomes writable, whichever call learned it. A receive
 * that fails with EAGAIN makes libzmq process the socket's pending commands
 * first, and so takes the FD's signal: if an `activate_write` was among them,
 * the socket is writable now and the FD will not say so again. The native
 * readiness once remembered the earlier EAGAIN of the send as still true and
 * never looked: the send waited for ever (found with a peer that restarts,
 * test/unit/faults/peer-restart.test.ts).
 */
import {expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bindAddress} from "../../helpers"
import {track} from "./support"

it("a receive that finds nothing does not hide that a waiting send can go now", async () => {
  const address = bindAddress("inproc")
  const reader = track(new zmq.Dealer({receiveHighWaterMark: 1}))
  await reader.bind(address)
  const dealer = track(new zmq.Dealer({sendHighWaterMark: 1}))
  dealer.connect(address)
  let filled = 0
  while (dealer.writable) {
    await dealer.send(String(filled++))
    if (filled > 10_000) throw new Error("the high-water mark was never reached")
  }
  const waiting = dealer.send("waits")
  // Synchronously, in one turn: the reader takes what is queued (libzmq sends
  // the dealer activate_write), then the dealer's receive finds nothing and
  // processes that command on its way.
  const taken: string[] = []
  for (let index = 0; index < filled; index++) taken.push(String((await reader.receive())[0]))
  const receiving = dealer.receive()
  await waiting
  expect(taken).toEqual(Array.from({length: filled}, (_, index) => String(index)))
  expect(String((await reader.receive())[0])).toBe("waits")
  await reader.send("reply")
  expect(String((await receiving)[0])).toBe("reply")
})
