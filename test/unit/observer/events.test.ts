/**
 * Every connection-level event of libzmq's monitor, produced for real and
 * read through `socket.events` with `zeromq` v6's names and shapes. The
 * handshake events are in handshake.test.ts, accept:error (descriptor
 * exhaustion) in accept-error.test.ts, `end` in lifecycle.test.ts.
 */
import * as fs from "node:fs"
import * as net from "node:net"
import {tmpdir} from "node:os"
import * as path from "node:path"
import {afterEach, describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {failure} from "../../helpers"
import {freeTcpPort, socketScope} from "../patterns/support"
import {portOf, until} from "./support"

const use = socketScope()

describe("observer events", () => {
  it("bind, accept, handshake and disconnect on the binding side; connect:delay, connect and handshake on the connecting side", async () => {
    const reply = use(new zmq.Reply())
    const server = reply.events
    await reply.bind("tcp://127.0.0.1:*")
    const address = reply.lastEndpoint!
    expect(await server.receive()).toEqual({type: "bind", address})

    const request = use(new zmq.Request())
    const client = request.events
    request.connect(address)
    // A tcp connect is asynchronous: in progress first, then established.
    expect(await client.receive()).toEqual({type: "connect:delay", address})
    expect(await client.receive()).toEqual({type: "connect", address})
    expect(await client.receive()).toEqual({type: "handshake", address})
    expect(await server.receive()).toEqual({type: "accept", address})
    expect(await server.receive()).toEqual({type: "handshake", address})

    request.close()
    expect(await server.receive()).toEqual({type: "disconnect", address})
  })

  it("bind:error for a port in use, with libzmq's address (no scheme) and an EADDRINUSE error", async () => {
    // Someone else (here a plain net server) holds the port.
    const holder = net.createServer()
    await new Promise<void>(resolve => holder.listen(0, "127.0.0.1", resolve))
    try {
      const {port} = holder.address() as net.AddressInfo
      const pull = use(new zmq.Pull())
      const events = pull.events
      const address = `tcp://127.0.0.1:${port}`
      expect(await failure(() => pull.bind(address))).toMatchObject({code: "EADDRINUSE"})

      // The listener's descriptor is closed first (before it had an address), then the failure.
      expect(await events.receive()).toEqual({type: "close"})
      const event = await events.receive()
      // libzmq reports the address of a failed tcp bind without "tcp://", as zeromq v6 passes it on.
      expect(event).toEqual({type: "bind:error", address: `127.0.0.1:${port}`, error: expect.any(Error)})
      const {error} = event as zmq.EventOfType<"bind:error">
      expect(error).toMatchObject({code: "EADDRINUSE", errno: 98, message: "Address already in use"})
    } finally {
      holder.close()
    }
  })

  it("unbind: libzmq reports the listener's close (there is no separate unbind event)", async () => {
    const pull = use(new zmq.Pull())
    const events = pull.events
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    const push = use(new zmq.Push())
    const pushEvents = push.events
    push.connect(address)
    await until(events, "handshake")
    await until(pushEvents, "handshake")

    await pull.unbind(address)
    expect(await events.receive()).toEqual({type: "close", address})
    // Unbinding also ends the connections the listener accepted (quietly on
    // this side); the peer sees its connection end.
    expect(await pushEvents.receive()).toEqual({type: "disconnect", address})
  })

  it("connect:retry with the reconnect interval when nothing listens (after the failed attempt's close)", async () => {
    const address = `tcp://127.0.0.1:${await freeTcpPort()}`
    const dealer = use(new zmq.Dealer({reconnectInterval: 40}))
    const events = dealer.events
    dealer.connect(address)
    for (let attempt = 0; attempt < 2; attempt++) {
      expect(await events.receive()).toEqual({type: "connect:delay", address})
      // The refused attempt's descriptor is closed, then the retry is scheduled.
      expect(await events.receive()).toEqual({type: "close", address})
      const retry = await events.receive() as zmq.EventOfType<"connect:retry">
      expect(retry).toEqual({type: "connect:retry", address, interval: expect.any(Number)})
      // libzmq adds a random part of less than one interval.
      expect(retry.interval).toBeGreaterThanOrEqual(40)
      expect(retry.interval).toBeLessThan(80)
    }
  })

  describe("close:error", () => {
    const saved = process.env.TMPDIR
    let dir = ""
    afterEach(() => {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
      fs.rmSync(dir, {recursive: true, force: true})
    })

    it("when an ipc listener cannot remove its socket file (ENOENT: it is already gone)", async () => {
      // libzmq creates the directory of an ipc://* endpoint under $TMPDIR and
      // removes file and directory when the listener closes; only then can
      // removing fail, and that is CLOSE_FAILED.
      dir = fs.mkdtempSync(path.join(tmpdir(), "zmq-napi-observer-"))
      process.env.TMPDIR = dir
      const pull = use(new zmq.Pull())
      const events = pull.events
      await pull.bind("ipc://*")
      const address = pull.lastEndpoint!
      expect(await events.receive()).toEqual({type: "bind", address})

      fs.unlinkSync(address.slice("ipc://".length))
      await pull.unbind(address)
      const event = await events.receive()
      expect(event).toEqual({type: "close:error", address, error: expect.any(Error)})
      expect((event as zmq.EventOfType<"close:error">).error)
        .toMatchObject({code: "ENOENT", errno: 2, message: "No such file or directory", address})
    })
  })

  it("handshake:error:other with the errno when a peer hangs up during the handshake", async () => {
    const pull = use(new zmq.Pull())
    const events = pull.events
    await pull.bind("tcp://127.0.0.1:*")
    const address = pull.lastEndpoint!
    const peer = net.connect(portOf(address), "127.0.0.1", () => peer.end())
    peer.on("error", () => { /* reset */ })

    const {event, before} = await until(events, "handshake:error:other")
    expect(before).toContainEqual({type: "accept", address})
    expect(event).toEqual({type: "handshake:error:other", address, error: expect.any(Error)})
    // The read that found the connection gone failed with EPIPE.
    expect(event.error).toMatchObject({code: "EPIPE", errno: 32, message: "Broken pipe", address})
    expect(await events.receive()).toEqual({type: "disconnect", address})
    peer.destroy()
  })

  it("over ipc and inproc: bind and connect events name the endpoint; inproc has no connection events", async () => {
    const ipcPull = use(new zmq.Pull())
    const ipcEvents = ipcPull.events
    const ipcAddress = `ipc://${path.join(tmpdir(), `zmq-napi-observer-${process.pid}-${Date.now()}.sock`)}`
    await ipcPull.bind(ipcAddress)
    expect(await ipcEvents.receive()).toEqual({type: "bind", address: ipcAddress})
    const ipcPush = use(new zmq.Push())
    const ipcClient = ipcPush.events
    ipcPush.connect(ipcAddress)
    expect((await until(ipcClient, "connect")).event).toEqual({type: "connect", address: ipcAddress})
    expect((await until(ipcEvents, "accept")).event).toEqual({type: "accept", address: ipcAddress})

    // inproc connections are pipes inside the context: libzmq monitors no bind,
    // accept or connect for them, so the first event is the socket's end.
    const inprocPull = use(new zmq.Pull())
    const inprocEvents = inprocPull.events
    await inprocPull.bind(`inproc://observer-${process.pid}`)
    const inprocPush = use(new zmq.Push())
    inprocPush.connect(`inproc://observer-${process.pid}`)
    await inprocPush.send("through")
    await inprocPull.receive()
    inprocPull.close()
    expect(await inprocEvents.receive()).toEqual({type: "end"})
  })
})
