import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {observe, socketScope, texts} from "./support"

describe.each(transports)("request/reply over %s", transport => {
  const use = socketScope()

  async function pair() {
    const reply = use(new zmq.Reply())
    const request = use(new zmq.Request())
    request.connect(await bound(reply, transport))
    return {request, reply}
  }

  it("round-trips multipart requests and replies", async () => {
    const {request, reply} = await pair()
    for (let i = 0; i < 5; i++) {
      await request.send(["question", String(i), Buffer.from([0, i, 0])])
      const asked = await reply.receive()
      expect(texts(asked.slice(0, 2))).toEqual(["question", String(i)])
      expect(asked[2]).toEqual(Buffer.from([0, i, 0]))
      expect(asked).toHaveLength(3)

      await reply.send([`answer ${i}`, null, "end"])
      expect(texts(await request.receive())).toEqual([`answer ${i}`, "", "end"])
    }
  })

  it("a second request sent before the reply waits for it, as in zeromq, then goes out", async () => {
    const {request, reply} = await pair()
    await request.send("one")
    const second = observe(request.send("two"))
    expect(texts(await reply.receive())).toEqual(["one"])
    await reply.send("reply to one")
    expect(texts(await request.receive())).toEqual(["reply to one"])
    expect(texts(await reply.receive())).toEqual(["two"])
    await second.promise
  })

  it("a receive before the request waits for the reply (receive first, then send)", async () => {
    const {request, reply} = await pair()
    const answer = request.receive()
    await request.send("ask")
    expect(texts(await reply.receive())).toEqual(["ask"])
    await reply.send("answer")
    expect(texts(await answer)).toEqual(["answer"])
  })

  it("a reply sent before any request waits for one", async () => {
    const {request, reply} = await pair()
    const early = reply.send("early answer")
    await request.send("ask")
    expect(texts(await reply.receive())).toEqual(["ask"])
    await early
    expect(texts(await request.receive())).toEqual(["early answer"])
  })

  it("close() rejects operations the state refused with EFSM, not EBADF", async () => {
    const {request} = await pair()
    await request.send("one")
    const second = request.send("two")
    request.close()
    await expect(second).rejects.toMatchObject({code: "EFSM"})
  })

  it("a for-await loop on a Request that never sent throws EFSM when the socket closes; the close does not hide it", async () => {
    const {request} = await pair()
    const iterate = async () => {
      for await (const message of request) return message
      return "ended"
    }
    const iteration = iterate() // the loop's first receive is under way
    request.close()
    await expect(iteration).rejects.toMatchObject({code: "EFSM"})
  })

  it("a for-await loop on a Reply ends quietly when the socket closes", async () => {
    const {reply} = await pair()
    const received: Buffer[][] = []
    const iteration = (async () => {
      for await (const message of reply) received.push(message)
    })()
    reply.close()
    await iteration
    expect(received).toEqual([])
  })

  it("receiveTimeout 0 and sendTimeout 0 still report EFSM at once", async () => {
    const {request, reply} = await pair()
    request.receiveTimeout = 0
    await expect(request.receive()).rejects.toMatchObject({code: "EFSM"})
    reply.sendTimeout = 0
    await expect(reply.send("unasked")).rejects.toMatchObject({code: "EFSM"})
  })
})
