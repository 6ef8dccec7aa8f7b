/**
 * Helpers of the draft socket tests: a free UDP port, and the group
 * handshake of Radio/Dish (the Dish's join must reach the Radio before what it
 * sends is kept, as a subscription must reach a publisher).
 */
import * as dgram from "node:dgram"
import {expect} from "vitest"
import type {Dish, Radio} from "../../../lib/draft"

/** A UDP port nobody uses right now (the OS picks it): libzmq's udp:// has no wildcard port. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket("udp4")
    socket.once("error", reject)
    socket.bind(0, "127.0.0.1", () => {
      const {port} = socket.address()
      socket.close(() => resolve(port))
    })
  })
}

/**
 * Sends `marker` under `group` until `dish` receives it, which proves the
 * Dish's join of `group` reached the Radio; returns `next()`, the next
 * message that is not a marker (markers in flight come first: one connection
 * keeps order).
 */
export async function syncGroup(radio: Radio, dish: Dish, group: string,
                                 marker: string): Promise<() => Promise<[Buffer, {group: Buffer}]>> {
  let arrived = false
  const first = dish.receive().finally(() => { arrived = true })
  while (!arrived) {
    await radio.send(marker, {group})
    // Paces the sending only; the arrival of a marker is the signal.
    await new Promise(resolve => setTimeout(resolve, 2))
  }
  expect((await first)[0].toString()).toBe(marker)
  return async () => {
    for (;;) {
      const message = await dish.receive()
      if (message[0].toString() !== marker) return message
    }
  }
}
