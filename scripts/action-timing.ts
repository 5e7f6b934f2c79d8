// `npm run timing:action`: seconds from starting the Action's bundle (as a runner does, a fresh
// `node action/dist/index.mjs`) to its first finding on stdout, and to its end; on the small
// project of the CLI tests and on the benchmark's generated monorepo (ACTION_APPS apps, 200 by
// default). Prints figures; asserts nothing.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { generateMonorepo } from "../bench/generate-monorepo.js";
import { SHOP } from "../test/cli/run-cli.js";
import { ACTION_MAIN } from "../test/action/run-action.js";

const APPS = Number(process.env.ACTION_APPS ?? 200);

function time(workspace: string): Promise<{ first: number | undefined; total: number }> {
  const temp = mkdtempSync(path.join(tmpdir(), "forksafe-timing-"));
  const summary = path.join(temp, "summary");
  writeFileSync(summary, "");
  const env = {
    PATH: process.env.PATH ?? "",
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: "push",
    GITHUB_STEP_SUMMARY: summary,
    RUNNER_TEMP: temp,
    "INPUT_FAIL-ON": "never",
  };
  const started = performance.now();
  return new Promise((resolve) => {
    let first: number | undefined;
    const child = spawn(process.execPath, [ACTION_MAIN], { cwd: workspace, env });
    child.stdout.on("data", (chunk: Buffer) => {
      if (first === undefined && /^::(error|warning|notice) /m.test(chunk.toString())) first = performance.now() - started;
    });
    child.on("close", () => {
      rmSync(temp, { recursive: true, force: true });
      resolve({ first, total: performance.now() - started });
    });
  });
}

const s = (ms: number | undefined) => (ms === undefined ? "none" : `${(ms / 1000).toFixed(2)} s`);

const small = mkdtempSync(path.join(tmpdir(), "forksafe-timing-shop-"));
const large = mkdtempSync(path.join(tmpdir(), "forksafe-timing-mono-"));
try {
  for (const [rel, text] of Object.entries({ ...SHOP, "gunicorn.conf.py": "preload_app = True\n" })) {
    mkdirSync(path.dirname(path.join(small, rel)), { recursive: true });
    writeFileSync(path.join(small, rel), text);
  }
  generateMonorepo(large, APPS);
  writeFileSync(path.join(large, "gunicorn.conf.py"), "preload_app = True\n");
  for (const [name, root] of [
    ["small project (8 files)", small],
    [`monorepo of ${APPS} apps`, large],
  ] as const) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await time(root));
    const best = runs.reduce((a, b) => (b.total < a.total ? b : a));
    console.log(`${name}: first finding after ${s(best.first)}, done after ${s(best.total)} (best of 3)`);
  }
} finally {
  rmSync(small, { recursive: true, force: true });
  rmSync(large, { recursive: true, force: true });
}
