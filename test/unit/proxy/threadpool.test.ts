/**
 * Each running proxy has a native thread of its own: twenty of them leave the
 * libuv threadpool (4 threads unless UV_THREADPOOL_SIZE says otherwise) free,
 * so fs, dns, crypto, zlib and bind() complete while they all run. (In the
 * `zeromq` package each proxy holds a pool thread for its whole life, and
 * these would wait until four of them ended.)
 */
import * as crypto from "node:crypto"
import * as dns from "node:dns"
import * as fs from "node:fs"
import {promisify} from "node:util"
import * as zlib from "node:zlib"
import {describe, expect, it} from "vitest"
import * as zmq from "../../../lib/index"
import {bound} from "../../helpers"
import {observe, socketScope, texts} from "../patterns/support"

const use = socketScope()
const poolSize = Number(process.env.UV_THREADPOOL_SIZE ?? 4)
const PROXIES = Math.max(20, 5 * poolSize)

describe("running proxies and the libuv threadpool", () => {
  it(`${PROXIES} running proxies leave fs, dns, crypto, zlib and bind() to complete meanwhile`, async () => {
    const proxies = []
    for (let index = 0; index < PROXIES; index++) {
      const frontEnd = use(new zmq.Router())
      const backEnd = use(new zmq.Dealer())
      const front = await bound(frontEnd, "tcp")
      const back = await bound(backEnd, "tcp")
      const proxy = new zmq.Proxy(frontEnd, backEnd)
      proxies.push({proxy, front, back, running: observe(proxy.run())})
    }
    // Each proxy's thread is inside zmq_proxy_steerable: it answers.
    await Promise.all(proxies.map(({proxy}) => proxy.statistics()))

    const [file, address, key, packed] = await Promise.all([
      fs.promises.readFile(__filename, "utf8"),
      dns.promises.lookup("localhost"),
      promisify(crypto.pbkdf2)("secret", "salt", 1000, 32, "sha256"),
      promisify(zlib.gzip)(Buffer.alloc(1 << 16)),
      ...Array.from({length: poolSize * 2}, () => fs.promises.stat(__filename)),
    ])
    expect(file).toContain("running proxies and the libuv threadpool")
    expect(address.address).toMatch(/^(127\.0\.0\.1|::1)$/)
    expect(key.length).toBe(32)
    expect(packed.length).toBeGreaterThan(0)
    const extra = use(new zmq.Dealer())
    await extra.bind("tcp://127.0.0.1:*")
    expect(extra.lastEndpoint).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/)

    // All of that happened while every proxy ran, and each still forwards.
    expect(proxies.every(({running}) => !running.settled)).toBe(true)
    await Promise.all(proxies.map(async ({front, back}, index) => {
      const client = use(new zmq.Request())
      const worker = use(new zmq.Reply())
      client.connect(front)
      worker.connect(back)
      await client.send(`ping ${index}`)
      await worker.send(`pong ${texts(await worker.receive())[0]}`)
      expect(texts(await client.receive())).toEqual([`pong ping ${index}`])
    }))

    for (const {proxy} of proxies) proxy.terminate()
    await Promise.all(proxies.map(({running}) => running.promise))
  })
})
