/**
 * A fuzzing campaign: the server child binds every target; each round
 * throws one family's inputs at all of them (each socket's inputs follow from
 * (seed, round, socket) alone, so a round replays on its own and on fewer sockets), then checks that the child lives, that a good client
 * of every socket still completes an exchange, and that the child's memory
 * stays bounded. The first finding ends the campaign with everything needed
 * to replay it.
 */
import {Random, targetSeed} from "../random.mjs"
import {FAMILIES} from "./families/index.mjs"
import {Finding, withDeadline} from "./finding.mjs"
import {Oracle} from "./oracle.mjs"
import {play} from "./peer.mjs"
import {ServerProcess} from "./server-process.mjs"
import {SOCKET_TYPES, targetsOf} from "./targets.mjs"
import {CONNECTION_DEADLINE_MS, EXCHANGE_DEADLINE_MS} from "./timing.mjs"

/**
 * How much the server's resident memory may grow over its size after the
 * first round. That round brings libzmq and V8 to their working size (every
 * socket has had connections, CURVE and ZAP have run); later rounds only
 * repeat the same work, so lasting growth is a leak. glibc keeps freed
 * memory in its arenas, and a flood round holds a few hundred connections
 * at once, so the margin is generous: a leak of a few hundred octets per
 * connection still crosses it within a few thousand rounds.
 */
export const RSS_GROWTH_LIMIT = 64 * 1024 * 1024

/** The inputs of one round: for every target, the connections of the round's family. */
export function roundInputs(targets, seed, round) {
  const family = FAMILIES[round % FAMILIES.length]
  return {family, inputs: targets.map(target => ({
    target, connections: family.generate(target, new Random(targetSeed(seed, round, target.name))),
  }))}
}

/**
 * Runs rounds `first`.. while `more(round)`; `report(line)` hears one line per
 * round. Resolves with the statistics; rejects with a finding (its `replay`
 * says how to run it again, `inputs` what was sent).
 */
export async function runCampaign({seed, first = 0, more, types = Object.keys(SOCKET_TYPES), report = () => {}}) {
  const targets = targetsOf(types)
  const server = await ServerProcess.start(types)
  const oracle = new Oracle(server)
  const stats = {seed, rounds: 0, connections: 0, octets: 0, held: 0, exchanges: 0, firstRss: 0, peakRss: 0}
  try {
    await server.whileAlive(oracle.check(targets, "before"))
    for (let round = first; more(round); round++) {
      const {family, inputs} = roundInputs(targets, seed, round)
      try {
        await server.whileAlive(attack(server, oracle, targets, inputs, family.hold === true, stats, round))
        const rss = await withDeadline(server.memory(), EXCHANGE_DEADLINE_MS, "the server's memory report")
        if (stats.rounds === 0) stats.firstRss = rss
        stats.peakRss = Math.max(stats.peakRss, rss)
        if (rss > stats.firstRss + RSS_GROWTH_LIMIT) {
          throw new Finding(`the server's memory grew from ${mib(stats.firstRss)} after the first round to ${mib(rss)}`)
        }
        stats.rounds++
        stats.exchanges = oracle.exchanges
        report(`round ${round} ${family.name}: ${stats.connections} connections, ${stats.exchanges} exchanges so far, ` +
          `rss ${mib(rss)} (first ${mib(stats.firstRss)}), ${stats.held} held`)
      } catch (error) {
        throw located(error, {seed, round, family, inputs, types})
      }
    }
    await server.exit()
    return stats
  } finally {
    server.kill()
  }
}

/** Plays every target's connections (targets in parallel, each target's one after the other), then asks the oracle. */
async function attack(server, oracle, targets, inputs, hold, stats, round) {
  const open = []
  await Promise.all(inputs.map(async ({target, connections}) => {
    for (const {script} of connections) {
      const connection = play(server.ports.get(target.name), script, {hold})
      stats.connections++
      stats.octets += script.reduce((sum, step) => sum + (step.write?.length ?? 0), 0)
      await connection.played
      open.push(connection)
      // Without `hold`, the server reads to the end before the next input, so a finding is this input's.
      if (!hold) await closed(connection, stats)
    }
  }))
  await oracle.check(targets, `round ${round}`)
  for (const connection of open) connection.end()
  await Promise.all(open.map(connection => closed(connection, stats)))
}

/** Waits until the server closes `connection`; one it still holds at the deadline is reset and counted. */
async function closed(connection, stats) {
  const timer = setTimeout(() => connection.reset(), CONNECTION_DEADLINE_MS)
  const result = await connection.closed
  clearTimeout(timer)
  if (result.reset) stats.held++
}

/** The error as a finding that says where it happened and how to replay it. */
function located(error, {seed, round, family, inputs, types}) {
  const finding = error instanceof Finding ? error : new Finding("the fuzzer failed", error.stack)
  finding.seed = seed
  finding.round = round
  finding.family = family.name
  finding.replay = `npm run fuzz:wire -- --seed ${seed} --round ${round} --types ${types.join(",")}`
  finding.inputs = inputs
  return finding
}

function mib(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}
