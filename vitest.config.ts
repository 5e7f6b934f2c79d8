import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/runtime/**", "test/pre-commit/**", "test/fixtures/**", "node_modules/**"],
    testTimeout: 30_000,
  },
});
