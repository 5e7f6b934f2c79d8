import { defineConfig } from "vitest/config";

// The runtime oracle: real servers and PostgreSQL, so long timeouts and a few scenarios at once.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/runtime/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxConcurrency: 4,
    // One file at a time (the oracle, then its fix phase): each starts its own cluster and servers,
    // and both at once on a small machine would measure the machine's load, not the servers.
    fileParallelism: false,
  },
});
