/**
 * Setup file of the sanitize run only (vitest.sanitize.config.ts): after each test file, the
 * worker runs LeakSanitizer's check (test/sanitizers/leak-check.c, which scripts/sanitize.mjs builds
 * and names in ZMQ_NAPI_LEAK_CHECK),
 * since vitest kills its workers before the check at exit could finish. A leak found here is
 * judged with every other report when the run ends.
 */
import {createRequire} from "node:module"
import {afterAll} from "vitest"

const modulePath = process.env.ZMQ_NAPI_LEAK_CHECK
if (!modulePath) throw new Error("ZMQ_NAPI_LEAK_CHECK is not set: run the sanitize suites with `npm run test:sanitize`")
const leakCheck = createRequire(__filename)(modulePath) as {check(): boolean}

afterAll(() => {
  leakCheck.check()
})
