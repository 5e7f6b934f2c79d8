// `npx tsx bench/side-by-side/compare.ts CHECKOUT_A CHECKOUT_B`: two builds of Forksafe (each a
// checkout with `npm run build` done) timed side by side in one run, the way users wait for them:
//  1. A cold `forksafe scan` process (the CLI, pre-commit, the Action run once) on a generated
//     monorepo of 2,000 Django apps: the whole process, start to exit.
//  2. The App reviewing pull requests one after another in one process, with V8's natural
//     collections (no forced ones): every tree under bench/out/served (or BENCH_TREES), in
//     memory as the App holds them, analysed twice through.
// The builds take turns, round after round, so a change in machine load favours neither.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { generateMonorepo } from "../generate-monorepo.js";

const run = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const TREES = process.env.BENCH_TREES ?? path.resolve("bench/out/served");
const WORKER = new URL("./review-sequence.ts", import.meta.url).pathname;
const COLD_SCAN = new URL("../cold-scan.mjs", import.meta.url).pathname;

/** Wall time from start to exit, and the CPU time the work took (steadier on a busy machine). */
interface Cost {
  wall: number;
  cpu: number;
}

async function main(): Promise<void> {
  const checkouts = process.argv.slice(2).map((dir) => path.resolve(dir));
  if (checkouts.length !== 2) throw new Error("usage: compare.ts CHECKOUT_A CHECKOUT_B (each built with npm run build)");
  const root = mkdtempSync(path.join(tmpdir(), "forksafe-side-by-side-"));
  try {
    generateMonorepo(root, 2000);
    const cold: Cost[][] = [[], []];
    const app: Cost[][] = [[], []];
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [0, 1] : [1, 0];
      for (const i of order) cold[i]!.push(await coldScan(checkouts[i]!, root));
      for (const i of order) app[i]!.push(await reviewSequence(checkouts[i]!));
    }
    report("cold forksafe scan process, 2,000-app monorepo", checkouts, cold);
    report(`App: ${TREES} reviewed twice through in one process`, checkouts, app);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function coldScan(checkout: string, repo: string): Promise<Cost> {
  const start = performance.now();
  const options = { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORKSAFE_DIST: path.join(checkout, "dist") } };
  const { stderr } = await run(process.execPath, [COLD_SCAN, "scan", repo, "--format", "json"], options).catch((error: { code?: number; stderr?: string }) => {
    if (error.code !== 1) throw error; // 1: findings, as expected on the monorepo
    return { stderr: error.stderr ?? "" };
  });
  const wall = performance.now() - start;
  const cpu = /cpu-ms (\d+)/.exec(stderr);
  if (!cpu) throw new Error(`no CPU time from ${checkout}: ${stderr}`);
  return { wall, cpu: Number(cpu[1]) };
}

async function reviewSequence(checkout: string): Promise<Cost> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", WORKER, checkout, TREES], { maxBuffer: 16 * 1024 * 1024 });
  const { ms, cpuMs } = JSON.parse(stdout) as { ms: number; cpuMs: number };
  return { wall: ms, cpu: cpuMs };
}

function report(title: string, checkouts: string[], runs: Cost[][]): void {
  console.log(`${title}: median of ${ROUNDS} rounds`);
  for (const measure of ["wall", "cpu"] as const) {
    const medians = runs.map((r) => median(r.map((c) => c[measure])));
    checkouts.forEach((c, i) =>
      console.log(`  ${measure.padEnd(4)} ${c}: ${medians[i]!.toFixed(0)} ms  (runs ${runs[i]!.map((r) => r[measure].toFixed(0)).join(" ")})`),
    );
    const [a, b] = medians as [number, number];
    console.log(`  ${measure.padEnd(4)} A takes ${((Math.abs(a - b) / b) * 100).toFixed(1)} % ${a <= b ? "less" : "more"} than B`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
