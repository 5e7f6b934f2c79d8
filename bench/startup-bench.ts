// `npm run bench`: how long users wait for a scan, against parsing every Python file once.
//  1. Generate a monorepo of 2,000 Django apps in a temporary directory.
//  2. Cold: the built CLI (`npm run build` first) as `forksafe scan` runs in the pre-commit hook,
//     the Action or a terminal: a new process each time, timed from spawn to exit, with its peak RSS.
//  3. Warm: scans one after another in one process, as the App reviews pull requests, with the
//     collections V8 chooses (none forced), interleaved with parsing every .py file once with
//     tree-sitter (texts already in memory), the baseline.
//  4. Print files/s, MB/s, peak RSS, findings, files parsed, and the ratio scan / parse-all.
//  5. Remove the temporary directory.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { analyze } from "../src/analysis/analyze.js";
import { LIBRARY_FILE, libraryLoadMs } from "../src/analysis/library/load.js";
import { parsePython } from "../src/analysis/summaries/parser.js";
import type { AnalysisResult } from "../src/analysis/types.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { fsTree } from "../src/sources/fs-tree.js";
import { generateMonorepo } from "./generate-monorepo.js";

const APPS = Number(process.env.BENCH_APPS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATIO_TARGET = 1.0;
const RSS_TARGET_MB = 300;
const COLD_SCAN = new URL("./cold-scan.mjs", import.meta.url).pathname;

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "forksafe-bench-"));
  try {
    const repo = generateMonorepo(root, APPS);
    const files = await fsTree(root).paths();
    const python = files.filter((f) => f.endsWith(".py"));
    const texts = python.map((f) => readFileSync(path.join(root, f), "utf8"));
    const pythonBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    console.log(`repository: ${repo.apps} apps (${repo.queryingApps} query in ready()), ${files.length} files, ${python.length} .py, ${mb(pythonBytes)} MB`);

    const cold: ColdRun[] = [];
    for (let run = 0; run < RUNS; run++) cold.push(await coldScan(root));
    const coldMs = median(cold.map((c) => c.wall));
    const coldRss = Math.max(...cold.map((c) => c.rssMb));
    console.log(
      `cold:      ${ms(coldMs)} ms median of ${RUNS} forksafe scan processes, spawn to exit  ${rate(files.length, coldMs)} files/s; peak RSS ${coldRss.toFixed(0)} MB (target < ${RSS_TARGET_MB}) ${coldRss < RSS_TARGET_MB ? "ok" : "OVER"}`,
    );

    let result: AnalysisResult | undefined;
    const [scan, parseAll] = await measureInterleaved([
      () =>
        timed(async () => {
          result = await analyze(fsTree(root), DEFAULT_CONFIG);
        }),
      () => parseEveryFile(texts),
    ]);
    const stats = result!.stats;
    const { median: scanMs, cpu: scanCpu } = scan!;
    const { median: parseMs, cpu: parseCpu } = parseAll!;
    console.log(
      `warm scan: ${ms(scanMs)} ms median of ${RUNS} in one process (${ms(scanCpu)} ms CPU)  ${rate(files.length, scanMs)} files/s  ${rate(pythonBytes / 1e6, scanMs)} MB/s of repository .py`,
    );
    console.log(
      `           ${stats.filesParsed} files parsed, ${stats.filesRead} read (${mb(stats.bytesRead)} MB), ${result!.findings.length} findings, ${result!.skipped.length} skipped`,
    );
    console.log(
      `parse all: ${ms(parseMs)} ms median of ${RUNS} (${ms(parseCpu)} ms CPU)  ${rate(python.length, parseMs)} files/s  ${rate(pythonBytes / 1e6, parseMs)} MB/s`,
    );
    const ratio = scanMs / parseMs;
    const cpuRatio = scanCpu / parseCpu;
    const verdict = (r: number) => (r < RATIO_TARGET ? "ok" : "OVER");
    console.log(
      `ratio warm scan / parse-all: ${ratio.toFixed(2)} wall ${verdict(ratio)}, ${cpuRatio.toFixed(2)} CPU ${verdict(cpuRatio)} (target < ${RATIO_TARGET.toFixed(1)} for both)`,
    );
    console.log(`peak RSS:  ${scan!.firstRunRss.toFixed(0)} MB after the first in-process scan; ${peakRssMb().toFixed(0)} MB once parse-all ran`);
    console.log(
      `library summaries: ${mb(statSync(LIBRARY_FILE).size)} MB, loaded once in ${ms(libraryLoadMs() ?? Number.NaN)} ms (budget 50 ms), inside the first scan`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

interface Cost {
  /** Wall time, ms. */
  wall: number;
  /** CPU time (user + system) of this process, ms: steadier than wall time on a busy machine. */
  cpu: number;
}

interface ColdRun {
  wall: number;
  rssMb: number;
}

/** One `forksafe scan ROOT --format json` process: wall time from spawn to exit, and its peak RSS. */
function coldScan(root: string): Promise<ColdRun> {
  const start = performance.now();
  const child = spawn(process.execPath, [COLD_SCAN, "scan", root, "--format", "json"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const wall = performance.now() - start;
      const rss = /peak-rss-kb (\d+)/.exec(stderr);
      if ((code !== 0 && code !== 1) || !rss) reject(new Error(`forksafe scan exited ${code}: ${stderr.trim()} (run npm run build first)`));
      else resolve({ wall, rssMb: Number(rss[1]) / 1024 });
    });
  });
}

interface Timing {
  /** Median wall time, ms. */
  median: number;
  /** Median CPU time, ms. */
  cpu: number;
  /** Peak RSS of the process after this task's first run, MB. */
  firstRunRss: number;
}

/**
 * Times each task: one warm-up run each (in order, so the first task's peak RSS is its own),
 * then RUNS rounds running every task once, back to back, collecting nothing by force: the App
 * runs its reviews with the collections V8 chooses. Interleaving keeps a change in machine load
 * from favouring one task.
 */
async function measureInterleaved(tasks: Array<() => Promise<Cost>>): Promise<Timing[]> {
  const rss: number[] = [];
  for (const task of tasks) {
    await task();
    rss.push(peakRssMb());
  }
  const costs: Cost[][] = tasks.map(() => []);
  for (let round = 0; round < RUNS; round++) {
    for (const [i, task] of tasks.entries()) costs[i]!.push(await task());
  }
  return costs.map((runs, i) => ({
    median: median(runs.map((c) => c.wall)),
    cpu: median(runs.map((c) => c.cpu)),
    firstRunRss: rss[i]!,
  }));
}

async function timed(run: () => Promise<void>): Promise<Cost> {
  const startCpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const used = process.cpuUsage(startCpu);
  return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
}

/** Parses every text once, in one loop: the fastest way, so the baseline is hard to beat. */
function parseEveryFile(texts: readonly string[]): Promise<Cost> {
  return timed(async () => {
    for (const text of texts) parsePython(text);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** maxRSS is reported in kilobytes. */
function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function ms(value: number): string {
  return value.toFixed(0);
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}

function rate(amount: number, millis: number): string {
  return (amount / (millis / 1000)).toFixed(amount > 1000 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
