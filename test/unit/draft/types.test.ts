/**
 * The draft classes' type declarations, compiled as a consumer of the package
 * would (fixtures/typed-draft.ts, importing "zmq-napi/draft").
 */
import * as path from "node:path"
import {expect, it} from "vitest"
import {typeCheck} from "../../helpers"

it("give each draft class its shapes and refuse what it lacks, and type-check without skipLibCheck", async () => {
  expect(await typeCheck(path.join(__dirname, "fixtures/typed-draft.ts"), false)).toEqual({code: 0, output: ""})
}, 60_000)
