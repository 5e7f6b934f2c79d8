import { defineConfig } from "vitest/config";

// `npm run test:replicas`: two app processes on one real Redis. Run on their own, after
// `npm test`: alongside the other test files, CPU contention delayed the stalled-job takeover
// past the scenario's minute (see the open work on the queue).
export default defineConfig({
  test: {
    include: ["test/github/process/redis-replicas.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
