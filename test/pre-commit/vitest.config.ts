import { defineConfig } from "vitest/config";

// `npm run test:pre-commit`: the real pre-commit installs the hook (npm install, npm pack, a
// global install from the npm registry), which takes minutes; CI runs it after installing
// Debian's pre-commit.
export default defineConfig({
  test: {
    include: ["test/pre-commit/**/*.test.ts"],
    testTimeout: 40 * 60_000,
    hookTimeout: 40 * 60_000,
  },
});
