import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound, transports} from "../../helpers"
import {socketScope, texts} from "./support"

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

  it("rejects a second request before the reply with EFSM, and stays usable", async () => {
    const {request, reply} = await pair()
    await request.send("one")
    await expect(request.send("two")).rejects.toMatchObject({code: "EFSM"})

    expect(texts(await reply.receive())).toEqual(["one"])
    await reply.send("reply to one")
    expect(texts(await request.receive())).toEqual(["reply to one"])
    // The refused "two" never went out: the next request is the one received.
    await request.send("three")
    expect(texts(await reply.receive())).toEqual(["three"])
  })

  it("rejects a receive on a Request that has not sent with EFSM", async () => {
    const {request} = await pair()
    await expect(request.receive()).rejects.toMatchObject({code: "EFSM"})
  })

  it("rejects a reply before any request, and a second reply, with EFSM", async () => {
    const {request, reply} = await pair()
    await expect(reply.send("unasked")).rejects.toMatchObject({code: "EFSM"})

    await request.send("ask")
    expect(texts(await reply.receive())).toEqual(["ask"])
    await reply.send("answer")
    await expect(reply.send("answer again")).rejects.toMatchObject({code: "EFSM"})
    expect(texts(await request.receive())).toEqual(["answer"])
  })
})
