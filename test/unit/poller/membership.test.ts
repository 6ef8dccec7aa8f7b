/**
 * Poller membership: add(), modify() and remove() between waits, and while a
 * wait is pending (a change applies to pending waits at once); size, items,
 * has() and eventsOf().
 */
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound} from "../../helpers"
import {observe, pushPull, socketScope, texts, turn} from "../patterns/support"
import {summary} from "./support"

describe("Poller membership between waits", () => {
  const use = socketScope()

  it("size, items, has() and eventsOf() follow add, modify and remove", () => {
    const a = use(new zmq.Dealer())
    const b = use(new zmq.Pull())
    const poller = new zmq.Poller<zmq.Dealer | zmq.Pull>()
    expect(poller.size).toBe(0)
    expect(poller.add(a, "both").add(b)).toBe(poller)
    expect(poller.size).toBe(2)
    expect(poller.items).toEqual([a, b])
    expect(poller.items[0]).toBe(a)
    expect(poller.has(b)).toBe(true)
    expect(poller.eventsOf(a)).toBe("both")
    expect(poller.eventsOf(b)).toBe("readable")

    expect(poller.modify(a, "writable")).toBe(poller)
    expect(poller.eventsOf(a)).toBe("writable")
    expect(poller.remove(a)).toBe(true)
    expect(poller.remove(a)).toBe(false)
    expect(poller.has(a)).toBe(false)
    expect(poller.eventsOf(a)).toBeUndefined()
    expect(poller.items).toEqual([b])
  })

  it("modify() of an item not in the poller throws EINVAL; bad events a TypeError", () => {
    const a = use(new zmq.Dealer())
    const poller = new zmq.Poller()
    expect(() => poller.modify(a, "readable")).toThrow(expect.objectContaining({code: "EINVAL"}))
    poller.add(a)
    expect(() => poller.modify(a, "sideways" as zmq.PollerEvents)).toThrow(TypeError)
    expect(() => poller.modify(use(new zmq.Pull()), "readable")).toThrow(/not in this poller; add\(\) it first/)
    expect(poller.eventsOf(a)).toBe("readable")
  })

  it("modify() to events the socket type never has throws a TypeError and changes nothing", () => {
    const pull = use(new zmq.Pull())
    const poller = new zmq.Poller().add(pull)
    expect(() => poller.modify(pull, "both")).toThrow(/A Pull socket never becomes writable/)
    expect(poller.eventsOf(pull)).toBe("readable")
  })

  it("a removed socket is no longer reported, and an added one is", async () => {
    const a = await pushPull(use, "inproc")
    const b = await pushPull(use, "inproc")
    const names = new Map<zmq.Socket, string>([[a.pull, "a"], [b.pull, "b"]])
    const poller = new zmq.Poller().add(a.pull).add(b.pull)
    await a.push.send("x")
    await b.push.send("y")
    expect(summary(await poller.wait({timeout: 0}), names)).toEqual([["a", "r"], ["b", "r"]])
    poller.remove(a.pull)
    expect(summary(await poller.wait({timeout: 0}), names)).toEqual([["b", "r"]])
    poller.add(a.pull)
    // Reported in the order of (re-)adding.
    expect(summary(await poller.wait({timeout: 0}), names)).toEqual([["b", "r"], ["a", "r"]])
  })
})

describe("Poller membership while a wait is pending", () => {
  const use = socketScope()

  it("adding a socket that is ready resolves the pending wait with it", async () => {
    const a = await pushPull(use, "inproc")
    const b = await pushPull(use, "inproc")
    const poller = new zmq.Poller().add(a.pull)
    const waiting = poller.wait()
    await b.push.send("ready already")
    poller.add(b.pull)
    expect((await waiting).map(item => item.socket)).toEqual([b.pull])
  })

  it("a socket added while waiting is watched from then on", async () => {
    const a = await pushPull(use, "tcp")
    const b = await pushPull(use, "tcp")
    const poller = new zmq.Poller().add(a.pull)
    const waiting = observe(poller.wait())
    poller.add(b.pull)
    await turn()
    expect(waiting.settled).toBe(false)
    await b.push.send("later")
    expect((await waiting.promise).map(item => item.socket)).toEqual([b.pull])
  })

  it("a socket removed while waiting is no longer watched", async () => {
    const a = await pushPull(use, "tcp")
    const b = await pushPull(use, "tcp")
    const poller = new zmq.Poller().add(a.pull).add(b.pull)
    const waiting = observe(poller.wait())
    poller.remove(b.pull)
    await b.push.send("unwatched")
    // The message is there (another poller says so), yet the wait goes on.
    await new zmq.Poller().add(b.pull).wait()
    await turn()
    expect(waiting.settled).toBe(false)
    await a.push.send("watched")
    expect((await waiting.promise).map(item => item.socket)).toEqual([a.pull])
    expect(texts(await b.pull.receive())).toEqual(["unwatched"])
  })

  it("modifying the events of a waited-on socket applies at once", async () => {
    const left = use(new zmq.Dealer())
    const right = use(new zmq.Dealer())
    right.connect(await bound(left, "inproc"))
    const poller = new zmq.Poller().add(left, "readable")
    const waiting = poller.wait()
    // Connected, so writable: the wait resolves as soon as it asks for that.
    poller.modify(left, "writable")
    const ready = await waiting
    expect(ready).toHaveLength(1)
    expect(ready[0]).toMatchObject({readable: false, writable: true})
    expect(ready[0]!.socket).toBe(left)
  })

  it("a socket closed after its removal does not disturb the pending wait", async () => {
    const a = await pushPull(use, "inproc")
    const b = await pushPull(use, "inproc")
    const poller = new zmq.Poller().add(a.pull).add(b.pull)
    const waiting = observe(poller.wait())
    poller.remove(b.pull)
    b.pull.close()
    await turn()
    expect(waiting.settled).toBe(false)
    await a.push.send("x")
    expect((await waiting.promise).map(item => item.socket)).toEqual([a.pull])
  })

  it("an empty poller waits until an item is added and ready", async () => {
    const {push, pull} = await pushPull(use, "inproc")
    const poller = new zmq.Poller()
    const waiting = observe(poller.wait())
    await turn()
    expect(waiting.settled).toBe(false)
    poller.add(pull)
    await push.send("x")
    expect((await waiting.promise).map(item => item.socket)).toEqual([pull])
  })
})
