/**
 * ZMTP 3.1 commands after a good handshake: SUBSCRIBE and CANCEL with long
 * topics, JOIN and LEAVE with groups around the 255-octet limit (a RADIO
 * aborted on 256 before deps/patches/libzmq/0006), PING with contexts longer
 * than the 16 octets allowed, unsolicited PONG, unknown commands.
 */
import {handshake} from "../transcript.mjs"
import {cancel, command, join, leave, ping, subscribe} from "../zmtp.mjs"

export const name = "commands"

function command31(random) {
  const group = () => random.bytes(random.pick([0, 1, 15, 16, 254, 255, 256, 300, random.below(1000)]))
  return random.pick([
    () => subscribe(random.bytes(random.pick([0, 1, 255, 256, 70_000]))),
    () => cancel(random.bytes(random.below(300))),
    () => join(group()),
    () => leave(group()),
    () => ping(random.below(0x10000), random.bytes(random.between(0, 40))),
    () => command("PONG", random.bytes(random.below(40))),
    () => command(random.bytes(random.between(1, 12)).toString("latin1"), random.bytes(random.below(300))),
  ])()
}

export function generate(target, random) {
  if (target.raw) return [{label: "raw bytes", script: [{write: random.bytes(random.between(1, 300))}]}]
  const connections = []
  for (let n = 0; n < 3; n++) {
    const commands = []
    for (let k = random.between(1, 4); k > 0; k--) commands.push(command31(random))
    connections.push({label: `3.1 commands ${n}`, script: [...handshake(target, random, {minor: 1}), {write: Buffer.concat(commands)}]})
  }
  return connections
}
