/**
 * Certificate files across libraries: those pyzmq writes
 * (zmq.auth.create_certificates) load in zmq-napi, those zmq-napi writes
 * load in pyzmq (zmq.auth.load_certificate, load_certificates), and a
 * directory of pyzmq's certificates is what zmq-napi's Authenticator accepts
 * a pyzmq CURVE client by.
 */
import {execFile} from "node:child_process"
import {mkdtemp, rm} from "node:fs/promises"
import {tmpdir} from "node:os"
import * as path from "node:path"
import {afterEach, beforeEach, describe, expect, it} from "vitest"
import * as zmq from "../../lib/index"
import {until} from "../unit/observer/support"
import {ANY_PORT, peers, QUIET_MS, startPeer} from "./support"

const python = path.join(__dirname, ".peers/venv/bin/python")
const pyzmq = peers.find(peer => peer.id === "pyzmq")!

/** Runs `source` in the interop venv's Python with `args` as sys.argv[1:]; its stdout as JSON. */
function runPython(source: string, ...args: string[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(python, ["-c", source, ...args], {timeout: 15_000}, (error, stdout, stderr) => {
      if (error) reject(new Error(`python failed: ${error.message}\n${stderr}`))
      else resolve(JSON.parse(stdout))
    })
  })
}

const PYZMQ_CREATES = `
import json, sys, zmq.auth
public_file, secret_file = zmq.auth.create_certificates(sys.argv[1], sys.argv[2], {"owner": "pyzmq side"})
public, secret = zmq.auth.load_certificate(secret_file)
print(json.dumps({"publicFile": public_file, "secretFile": secret_file,
                  "publicKey": public.decode(), "secretKey": secret.decode()}))
`

const PYZMQ_LOADS = `
import json, sys, zmq.auth
loaded = {}
for name in sys.argv[2:]:
    public, secret = zmq.auth.load_certificate(name)
    loaded[name] = [public.decode(), secret.decode() if secret else None]
keys = sorted(key.decode() for key in zmq.auth.load_certificates(sys.argv[1]))
print(json.dumps({"files": loaded, "directory": keys}))
`

let directory = ""
beforeEach(async () => { directory = await mkdtemp(path.join(tmpdir(), "zmq-napi-interop-certs-")) })
afterEach(async () => { await rm(directory, {recursive: true, force: true}) })

describe("certificates between pyzmq and zmq-napi", () => {
  it("files written by pyzmq load in zmq-napi", async () => {
    const written = await runPython(PYZMQ_CREATES, directory, "client") as
      {publicFile: string; secretFile: string; publicKey: string; secretKey: string}
    expect(await zmq.loadCertificate(written.publicFile)).toEqual({publicKey: written.publicKey, metadata: {}})
    expect(await zmq.loadCertificate(written.secretFile)).toEqual({
      publicKey: written.publicKey, secretKey: written.secretKey, metadata: {owner: "pyzmq side"},
    })
    expect(await zmq.loadCertificates(directory)).toEqual([{publicKey: written.publicKey, metadata: {}}])
  })

  it("files written by zmq-napi load in pyzmq", async () => {
    const certificate = zmq.createCertificate({owner: "zmq-napi side", note: 'with "quotes"'})
    const {publicFile, secretFile} = await zmq.saveCertificate(directory, "server", certificate)
    const other = zmq.createCertificate()
    await zmq.saveCertificate(directory, "other", other)
    const loaded = await runPython(PYZMQ_LOADS, directory, publicFile, secretFile!)
    expect(loaded).toEqual({
      files: {
        [publicFile]: [certificate.publicKey, null],
        [secretFile!]: [certificate.publicKey, certificate.secretKey],
      },
      directory: [certificate.publicKey, other.publicKey].sort(),
    })
  })

  it("the Authenticator accepts a pyzmq CURVE client by its pyzmq certificate in a directory, and no other", async () => {
    const allowed = await runPython(PYZMQ_CREATES, directory, "allowed") as {publicKey: string; secretKey: string}
    const elsewhere = await mkdtemp(path.join(tmpdir(), "zmq-napi-interop-certs-"))
    const stranger = await runPython(PYZMQ_CREATES, elsewhere, "stranger") as {publicKey: string; secretKey: string}
    await rm(elsewhere, {recursive: true, force: true})
    const serverKeys = zmq.curveKeyPair()
    const auth = new zmq.Authenticator().start()
    await auth.configureCurveDirectory("*", directory)
    const reply = new zmq.Reply({linger: 0, curveServer: true, curveSecretKey: serverKeys.secretKey})
    const events = reply.events
    try {
      await reply.bind(ANY_PORT)
      const as = (keys: {publicKey: string; secretKey: string}) => ({
        curve_serverkey: serverKeys.publicKey, curve_public: keys.publicKey, curve_secret: keys.secretKey,
        rcvtimeo: QUIET_MS,
      })
      // The refused client only listens: with its handshake failed it has no connection to send on.
      const refused = await startPeer(pyzmq, "dealer", "connect", reply.lastEndpoint!, as(stranger))
      expect((await until(events, "handshake:error:auth")).event.error.status).toBe(400)
      expect(await refused.process.receive()).toBeNull()
      await refused.process.kill()
      const accepted = await startPeer(pyzmq, "req", "connect", reply.lastEndpoint!, as(allowed))
      await accepted.process.send([Buffer.from("allowed")])
      expect((await reply.receive()).map(String)).toEqual(["allowed"])
      await accepted.process.kill()
    } finally {
      reply.close()
      auth.stop()
    }
  }, 30_000)
})
