import {defineConfig} from "vitest/config"

import base from "./vitest.config"

// The suites `npm run test:sanitize` runs (scripts/sanitize.mjs, docs/sanitizers.md), on the
// normal configuration. Only the timeouts differ: everything runs several times slower under
// AddressSanitizer; they stay limits on a hang, never a way to wait.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/unit/**/*.test.ts", "test/compat/**/*.test.ts", "test/sanitizers/**/*.test.ts"],
    setupFiles: ["test/sanitizers/leak-check-after-tests.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
})
