import {defineConfig} from "vitest/config"

// Native code and worker threads do not mix well: every test file runs in a
// forked child process. No retries, no forced exit: a flaky test or a leaked
// handle is a bug to fix, not to hide.
export default defineConfig({
  test: {
    pool: "forks",
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})
