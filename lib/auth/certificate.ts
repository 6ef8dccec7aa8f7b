/**
 * CURVE certificates in the files czmq and pyzmq use: for a certificate
 * named `name`, `name.key` holds the public key and `name.key_secret` both
 * keys, each in ZPL (RFC 4) with a `metadata` section (name = value pairs)
 * and a `curve` section (`public-key`, `secret-key`, Z85). A directory of
 * `*.key` files is the list of clients a server accepts.
 */
import {randomBytes} from "node:crypto"
import {open, readdir, readFile, rename, rm} from "node:fs/promises"
import * as path from "node:path"
import {codeError} from "../errors"
import {curveKeyPair, curvePublic} from "../curve"
import {curveKeyText, isZ85Key} from "./keys"
import {formatZpl, isZplName, isZplValue, parseZpl, type ZplNode} from "./zpl"

export interface Certificate {
  /** The public key, Z85. */
  publicKey: string
  /** The secret key, Z85; absent from a public certificate. */
  secretKey?: string
  /** The metadata section: free-form name = value pairs. */
  metadata: Record<string, string>
}

/** The files a certificate was saved to. */
export interface CertificateFiles {
  publicFile: string
  /** Absent when the certificate had no secret key. */
  secretFile?: string
}

export const PUBLIC_SUFFIX = ".key"
export const SECRET_SUFFIX = ".key_secret"
/** Secret certificates are readable and writable by their owner only, whatever the umask. */
const SECRET_FILE_MODE = 0o600

/** A new certificate: a fresh key pair and `metadata`. */
export function createCertificate(metadata: Readonly<Record<string, string>> = {}): Certificate {
  return {...curveKeyPair(), metadata: checkMetadata(metadata)}
}

/**
 * Writes `name.key` (public key and metadata) and, when the certificate has
 * a secret key, `name.key_secret` (both keys and metadata, mode 0600) in
 * `directory`. Each file is written whole under a temporary name and then
 * renamed, so a reader never sees half a certificate and a secret file is
 * never readable by others, not even for a moment.
 */
export async function saveCertificate(directory: string, name: string, certificate: Certificate):
    Promise<CertificateFiles> {
  if (typeof directory !== "string") throw new TypeError("directory must be a string")
  if (typeof name !== "string" || name === "" || name === "." || name === ".." || /[/\\\0]/.test(name)) {
    throw new TypeError("name must be a file name without a directory")
  }
  const {publicKey, secretKey, metadata} = checkCertificate(certificate)
  const stamp = `written by zmq-napi on ${new Date().toISOString()}`
  const publicFile = path.join(directory, name + PUBLIC_SUFFIX)
  await writeAtomically(publicFile, undefined, formatZpl([
    `ZeroMQ CURVE public certificate, ${stamp}.`,
    "Give it to the peers that should recognise this key.",
  ], certificateNodes(publicKey, undefined, metadata)))
  if (secretKey === undefined) return {publicFile}
  const secretFile = path.join(directory, name + SECRET_SUFFIX)
  await writeAtomically(secretFile, SECRET_FILE_MODE, formatZpl([
    `ZeroMQ CURVE SECRET certificate, ${stamp}.`,
    "Keep it to yourself: whoever reads it can pose as its owner.",
  ], certificateNodes(publicKey, secretKey, metadata)))
  return {publicFile, secretFile}
}

/** Reads one certificate file, public or secret. A malformed file is an Error with code EINVAL. */
export async function loadCertificate(file: string): Promise<Certificate> {
  if (typeof file !== "string") throw new TypeError("file must be a string")
  return parseCertificate(await readFile(file, "utf8"), file)
}

/** Reads every public certificate (`*.key`) in `directory`, in file name order. */
export async function loadCertificates(directory: string): Promise<Certificate[]> {
  if (typeof directory !== "string") throw new TypeError("directory must be a string")
  const entries = await readdir(directory, {withFileTypes: true})
  const files = entries.filter(entry => entry.name.endsWith(PUBLIC_SUFFIX) && !entry.isDirectory())
    .map(entry => entry.name).sort()
  return Promise.all(files.map(file => loadCertificate(path.join(directory, file))))
}

function certificateNodes(publicKey: string, secretKey: string | undefined, metadata: Record<string, string>):
    ZplNode[] {
  const leaf = (name: string, value: string): ZplNode => ({name, value, children: []})
  const curve = [leaf("public-key", publicKey), ...(secretKey === undefined ? [] : [leaf("secret-key", secretKey)])]
  return [
    {name: "metadata", value: "", children: Object.entries(metadata).map(([key, value]) => leaf(key, value))},
    {name: "curve", value: "", children: curve},
  ]
}

function parseCertificate(text: string, file: string): Certificate {
  let nodes: ZplNode[]
  try {
    nodes = parseZpl(text, file)
  } catch (error) {
    throw codeError("EINVAL", (error as Error).message)
  }
  const section = (name: string) => nodes.find(node => node.name === name)?.children ?? []
  const curve = new Map(section("curve").map(node => [node.name, node.value]))
  const publicKey = curve.get("public-key")
  const secretKey = curve.get("secret-key")
  if (publicKey === undefined) throw codeError("EINVAL", `${file}: no curve public-key`)
  if (!isZ85Key(publicKey)) throw codeError("EINVAL", `${file}: the public-key is not a CURVE key in Z85`)
  const certificate: Certificate = {publicKey, metadata: {}}
  if (secretKey !== undefined) {
    if (!isZ85Key(secretKey)) throw codeError("EINVAL", `${file}: the secret-key is not a CURVE key in Z85`)
    if (curvePublic(secretKey) !== publicKey) {
      throw codeError("EINVAL", `${file}: the secret-key does not belong to the public-key`)
    }
    certificate.secretKey = secretKey
  }
  for (const node of section("metadata")) certificate.metadata[node.name] = node.value
  return certificate
}

/** The certificate's parts, checked: keys that are keys and belong together, metadata ZPL can hold. */
function checkCertificate(certificate: Certificate): Required<Pick<Certificate, "publicKey" | "metadata">> &
    Pick<Certificate, "secretKey"> {
  if (typeof certificate !== "object" || certificate === null) throw new TypeError("certificate must be an object")
  const publicKey = curveKeyText(certificate.publicKey, "certificate.publicKey")
  const metadata = checkMetadata(certificate.metadata ?? {})
  if (certificate.secretKey === undefined) return {publicKey, metadata}
  const secretKey = curveKeyText(certificate.secretKey, "certificate.secretKey")
  if (curvePublic(secretKey) !== publicKey) {
    throw codeError("EINVAL", "certificate.secretKey does not belong to certificate.publicKey")
  }
  return {publicKey, secretKey, metadata}
}

function checkMetadata(metadata: unknown): Record<string, string> {
  if (typeof metadata !== "object" || metadata === null) throw new TypeError("metadata must be an object")
  const checked: Record<string, string> = {}
  for (const [name, value] of Object.entries(metadata)) {
    if (!isZplName(name)) {
      throw new TypeError(`metadata name "${name}" may only have letters, digits and $-_@.&+/ (ZPL)`)
    }
    if (typeof value !== "string" || !isZplValue(value)) {
      throw new TypeError(`metadata["${name}"] must be a one-line string without both kinds of quote (ZPL)`)
    }
    checked[name] = value
  }
  return checked
}

/** Writes `text` to `file` through a temporary file; `mode` exactly, or the umask's default. */
async function writeAtomically(file: string, mode: number | undefined, text: string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`
  // "wx": a fresh file, so `mode` applies from its creation, before any byte is in it.
  const handle = await open(temporary, "wx", mode)
  try {
    // The umask may have taken the owner's own bits away; it can never have added any, so this only restores.
    if (mode !== undefined) await handle.chmod(mode)
    await handle.writeFile(text)
    await handle.sync()
    await handle.close()
    await rename(temporary, file)
  } catch (error) {
    await handle.close().catch(() => { /* already closed */ })
    await rm(temporary, {force: true})
    throw error
  }
}
