#!/usr/bin/env node
/**
 * The wire fuzzer: random and mutated ZMTP against bound sockets of every
 * type under NULL, PLAIN and CURVE, with a good client's exchange and the
 * server's memory checked after every round (fuzz/wire/campaign.mjs).
 * Needs the built addon and dist/ (npm run build:addon, npm run build:ts).
 *
 *   npm run fuzz:wire -- [--rounds N | --forever] [--seed S] [--round R] [--types Pair,Router,...]
 *
 * --round R replays round R of seed S alone (what a finding prints). Exit 0:
 * no finding; 1: a finding (printed with its inputs); 2: bad arguments.
 */
import {writeFileSync} from "node:fs"
import {tmpdir} from "node:os"
import {join} from "node:path"
import {parseArgs} from "node:util"
import {runCampaign} from "./wire/campaign.mjs"
import {inputsText} from "./wire/inputs-text.mjs"

/** Three passes through the families. */
const DEFAULT_ROUNDS = 24

function options() {
  const {values} = parseArgs({options: {
    rounds: {type: "string"}, forever: {type: "boolean"}, seed: {type: "string"},
    round: {type: "string"}, types: {type: "string"},
  }})
  const number = (text, name) => {
    const value = Number(text)
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`--${name} must be a non-negative integer, not ${text}`)
    return value
  }
  const seed = values.seed === undefined ? Date.now() >>> 0 : number(values.seed, "seed")
  const types = values.types?.split(",")
  if (values.round !== undefined) {
    const round = number(values.round, "round")
    return {seed, types, first: round, more: r => r === round}
  }
  const rounds = values.rounds === undefined ? DEFAULT_ROUNDS : number(values.rounds, "rounds")
  return {seed, types, first: 0, more: values.forever ? () => true : r => r < rounds}
}

let campaign
try {
  campaign = options()
} catch (error) {
  console.error(error.message)
  process.exit(2)
}

const started = Date.now()
console.log(`wire fuzzer: seed ${campaign.seed}`)
try {
  const stats = await runCampaign({...campaign, report: line => console.log(line)})
  console.log(`no finding: ${stats.rounds} rounds, ${stats.connections} connections, ${stats.octets} octets, ` +
    `${stats.exchanges} good exchanges, ${stats.held} connections held by the server, ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s (seed ${stats.seed})`)
} catch (finding) {
  console.error(`\nFINDING in round ${finding.round} (${finding.family}), seed ${finding.seed}:\n${finding.message}`)
  if (finding.inputs) {
    // All of the round's inputs go to a file; the socket the finding names (if any) is also shown here.
    const file = join(tmpdir(), `zmq-napi-wire-finding-${finding.seed}-${finding.round}.txt`)
    writeFileSync(file, inputsText(finding.inputs) + "\n")
    const named = finding.inputs.map(({target}) => target.name).filter(name => finding.summary.startsWith(name))
    if (named.length) console.error(`\ninputs sent to ${named[0]} (connection | octets written, hex):\n${inputsText(finding.inputs, {only: named})}`)
    console.error(`\nevery input of the round: ${file}`)
  }
  if (finding.replay) console.error(`\nreplay: ${finding.replay}`)
  process.exitCode = 1
}
