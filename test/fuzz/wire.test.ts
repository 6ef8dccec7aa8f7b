/**
 * The wire fuzzer's short run (reliability.md T4): a fixed seed, one round
 * of every input family against every socket type under NULL, PLAIN and
 * CURVE, with the fuzzer's own oracle (the server child lives, a good client
 * of each socket completes an exchange, its memory stays bounded). The long
 * run is `npm run fuzz:wire -- --forever` (README, "Fuzzing").
 */
import {describe, expect, it} from "vitest"
import {runCampaign} from "../../fuzz/wire/campaign.mjs"
import {FAMILIES} from "../../fuzz/wire/families/index.mjs"
import {inputsText} from "../../fuzz/wire/inputs-text.mjs"

const SEED = 0x5eed0014
/** Each round runs one family, so this many rounds cover them all once. */
const ROUNDS = FAMILIES.length
/** A round waits for every connection to close (flood rounds for libzmq's 2 s handshake interval) and a loaded 2-core machine is slow. */
const RUN_TIMEOUT_MS = 300_000

describe("wire fuzzing, short run", () => {
  it(`seed ${SEED}: ${ROUNDS} rounds, every family and socket type, no finding`, async () => {
    let stats
    try {
      stats = await runCampaign({seed: SEED, more: (round: number) => round < ROUNDS})
    } catch (finding) {
      const {replay, inputs} = finding as {replay?: string, inputs?: unknown}
      throw new Error(`${(finding as Error).message}\nreplay: ${replay}\n${inputs ? inputsText(inputs) : ""}`.slice(0, 20_000))
    }
    expect(stats.rounds).toBe(ROUNDS)
    expect(stats.exchanges).toBeGreaterThan(0)
  }, RUN_TIMEOUT_MS)
})
