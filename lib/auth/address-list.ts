/**
 * A list of peer addresses for the authenticator's allow or deny list:
 * IPv4 and IPv6 addresses and CIDR ranges ("10.0.0.0/8", "fd00::/8"). An
 * IPv4 entry also matches the same address written as IPv4-mapped IPv6.
 * Host names are refused: ZAP gives the handler the peer's IP address, and
 * resolving names there would block or race.
 */
import {BlockList, isIP} from "node:net"

export class AddressList {
  private matcher = new BlockList()
  private readonly entries = new Set<string>()

  get size(): number {
    return this.entries.size
  }

  /** The entries as given. */
  get addresses(): string[] {
    return [...this.entries]
  }

  /** Adds every address; checks them all first, so a bad one adds none. */
  add(addresses: readonly unknown[], argument: string): void {
    const parsed = addresses.map(address => parseEntry(address, argument))
    for (const [text, add] of parsed) {
      add(this.matcher)
      this.entries.add(text)
    }
  }

  clear(): void {
    this.matcher = new BlockList()
    this.entries.clear()
  }

  has(address: string): boolean {
    const family = isIP(address)
    return family !== 0 && this.matcher.check(address, family === 4 ? "ipv4" : "ipv6")
  }
}

type Entry = [text: string, add: (list: BlockList) => void]

function parseEntry(entry: unknown, argument: string): Entry {
  // Only a string is shown as it is: converting anything else may throw (an array holding a Symbol).
  const refuse = () => new TypeError(
    `${argument} must be IP addresses or CIDR ranges ("192.168.1.10", "10.0.0.0/8", "::1"), got ${typeof entry === "string" ? entry : typeof entry}`)
  if (typeof entry !== "string") throw refuse()
  const [address = "", prefix, extra] = entry.split("/")
  const family = isIP(address)
  if (family === 0 || extra !== undefined) throw refuse()
  const type = family === 4 ? "ipv4" : "ipv6"
  if (prefix === undefined) return [entry, list => list.addAddress(address, type)]
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN
  if (!(bits <= (family === 4 ? 32 : 128))) throw refuse()
  return [entry, list => list.addSubnet(address, bits, type)]
}
