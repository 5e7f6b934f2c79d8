#!/usr/bin/env node
// In a checkout of the repository (the TypeScript sources and tsx are there) this runs the
// sources, so `npx forksafe` works straight after `npm ci` and never runs a stale build; the
// published package ships only dist/ and runs the compiled CLI.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = new URL("../src/cli/main.ts", import.meta.url);
const tsx = await import("tsx/esm/api").catch(() => undefined);
if (tsx && existsSync(fileURLToPath(source))) {
  tsx.register();
  await import(source.href);
} else {
  await import(new URL("../dist/cli/main.js", import.meta.url).href);
}
