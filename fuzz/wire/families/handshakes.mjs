/**
 * Handshake commands that are wrong: for NULL, READY with bad metadata; for
 * PLAIN, HELLO and INITIATE with lengths that lie, wrong credentials, commands
 * out of order; for CURVE, HELLO and INITIATE of right and wrong sizes. Each
 * after a correct greeting of the server's mechanism (or, now and then, of
 * another one).
 */
import {PLAIN_PASSWORD, PLAIN_USERNAME, SOCKET_TYPES} from "../targets.mjs"
import {
  command, commandBody, CURVE_HELLO_DATA_SIZE, CURVE_INITIATE_MIN_DATA_SIZE, curveHello, curveInitiate, frame,
  greeting, MECHANISMS, plainHello, plainInitiate, properties, ready,
} from "../zmtp.mjs"

export const name = "handshakes"

/** One wrong property list: each entry a way metadata can be malformed. */
function badMetadata(target, random) {
  const peerTypes = Object.values(SOCKET_TYPES).map(spec => spec.zmtp)
  const valueSize = Buffer.alloc(4)
  valueSize.writeUInt32BE(random.pick([0xffffffff, 0x80000000, 1_000_000, 5]))
  return random.pick([
    () => properties([]),
    () => properties([["Socket-Type", random.pick(peerTypes)]]),
    () => properties([["Socket-Type", target.peer ?? "PAIR"], ["Socket-Type", random.pick(peerTypes)]]),
    () => properties([["Socket-Type", target.peer ?? "PAIR"], ["Identity", random.bytes(random.between(200, 300))]]),
    () => properties([["Socket-Type", target.peer ?? "PAIR"], ["Identity", Buffer.concat([Buffer.from([0]), random.bytes(4)])]]),
    () => properties([["", "x"], ["Socket-Type", target.peer ?? "PAIR"]]),
    () => properties([["X-" + "n".repeat(random.between(200, 253)), random.bytes(random.below(70_000))]]),
    // A name or a value that claims more octets than follow.
    () => Buffer.concat([Buffer.from([11]), Buffer.from("Socket-Type"), valueSize, Buffer.from("REQ")]),
    () => Buffer.concat([Buffer.from([random.between(12, 255)]), Buffer.from("Socket-Type")]),
    () => random.bytes(random.below(64)),
  ])()
}

function nullCommands(target, random) {
  return random.pick([
    () => command("READY", badMetadata(target, random)),
    () => Buffer.concat([ready(target.peer ?? "PAIR"), ready(target.peer ?? "PAIR")]),
    () => command("ERROR", Buffer.concat([Buffer.from([random.below(256)]), random.bytes(random.below(40))])),
    () => command(random.bytes(random.below(12)).toString("latin1"), random.bytes(random.below(40))),
    () => frame(commandBody("READY").subarray(0, random.below(6)), {command: true}),
    () => frame(random.bytes(random.below(40))),
  ])()
}

function plainCommands(target, random) {
  const user = random.chance(0.5) ? PLAIN_USERNAME : random.bytes(random.below(256)).toString("latin1")
  const password = random.chance(0.5) ? PLAIN_PASSWORD : random.bytes(random.below(256)).toString("latin1")
  return random.pick([
    () => plainHello(user, password),
    () => plainHello(random.bytes(255), random.bytes(255)),
    // Length octets that claim more than follows, or less.
    () => command("HELLO", Buffer.concat([Buffer.from([random.below(256)]), random.bytes(random.below(20))])),
    () => plainInitiate(target.peer ?? "PAIR"),
    () => Buffer.concat([plainHello(PLAIN_USERNAME, PLAIN_PASSWORD), command("INITIATE", badMetadata(target, random))]),
    () => Buffer.concat([plainHello(PLAIN_USERNAME, PLAIN_PASSWORD), plainHello(user, password)]),
    () => ready(target.peer ?? "PAIR"),
  ])()
}

function curveCommands(target, random) {
  const rightHello = () => curveHello(random.bytes(32), random.bytes(8), random.bytes(80))
  const helloOfSize = size => command("HELLO", random.bytes(size))
  return random.pick([
    rightHello,
    () => curveHello(random.bytes(32), random.bytes(8), random.bytes(80), {version: [random.below(3), random.below(3)]}),
    () => helloOfSize(random.pick([0, 1, CURVE_HELLO_DATA_SIZE - 1, CURVE_HELLO_DATA_SIZE + 1, 1000])),
    () => curveInitiate(random.bytes(random.pick([0, CURVE_INITIATE_MIN_DATA_SIZE - 1, CURVE_INITIATE_MIN_DATA_SIZE, 600]))),
    () => Buffer.concat([rightHello(), curveInitiate(random.bytes(CURVE_INITIATE_MIN_DATA_SIZE + random.below(300)))]),
    () => command("MESSAGE", random.bytes(random.below(100))),
    () => ready(target.peer ?? "PAIR"),
  ])()
}

const COMMANDS = {NULL: nullCommands, PLAIN: plainCommands, CURVE: curveCommands}

export function generate(target, random) {
  const connections = []
  for (let n = 0; n < 4; n++) {
    // Mostly the server's own mechanism, so the commands reach its handshake; now and then a mismatch.
    const mechanism = random.chance(0.8) ? target.mechanism : random.pick(MECHANISMS)
    const commands = COMMANDS[mechanism](target, random)
    connections.push({
      label: `${mechanism} handshake ${n}`,
      script: [{write: Buffer.concat([greeting({minor: random.below(2), mechanism}), commands])}],
    })
  }
  return connections
}
