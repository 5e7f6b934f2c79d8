import { defineConfig } from "vitest/config";

// The runtime oracle: real servers and PostgreSQL, so long timeouts and a few scenarios at once.
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/runtime/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    maxConcurrency: 4,
  },
});
