// `npm run bench`: how long users wait for a scan, against parsing every Python file once.
//  1. Generate a monorepo of 2,000 Django apps in a temporary directory.
//  2. Cold, as `forksafe scan` runs in the pre-commit hook, the Action or a terminal: the built CLI
//     (`npm run build` first) in a new process each time, timed from spawn to exit, with its CPU
//     time and peak RSS; taking turns with the baseline, a process that reads every .py file and
//     parses each once with the same parser. The ratio of the two is the target.
//  3. Warm, as the App reviews pull requests: scans one after another in one process, with the
//     collections V8 chooses (none forced).
//  4. Print files/s, MB/s, peak RSS, findings, files parsed, and the ratio scan / parse-all.
//  5. Remove the temporary directory.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { analyze } from "../src/analysis/analyze.js";
import { LIBRARY_FILE, libraryLoadMs } from "../src/analysis/library/load.js";
import type { AnalysisResult } from "../src/analysis/types.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { fsTree } from "../src/sources/fs-tree.js";
import { generateMonorepo } from "./generate-monorepo.js";

const APPS = Number(process.env.BENCH_APPS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATIO_TARGET = 1.0;
const RSS_TARGET_MB = 300;
const COLD_SCAN = new URL("./cold-scan.mjs", import.meta.url).pathname;
const COLD_PARSE_ALL = new URL("./cold-parse-all.mjs", import.meta.url).pathname;

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "forksafe-bench-"));
  try {
    const repo = generateMonorepo(root, APPS);
    const files = await fsTree(root).paths();
    const python = files.filter((f) => f.endsWith(".py"));
    const texts = python.map((f) => readFileSync(path.join(root, f), "utf8"));
    const pythonBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    console.log(`repository: ${repo.apps} apps (${repo.queryingApps} query in ready()), ${files.length} files, ${python.length} .py, ${mb(pythonBytes)} MB`);

    const scans: ColdRun[] = [];
    const parses: ColdRun[] = [];
    for (let run = 0; run < RUNS; run++) {
      scans.push(await coldRun(COLD_SCAN, ["scan", root, "--format", "json"]));
      parses.push(await coldRun(COLD_PARSE_ALL, [root]));
    }
    const [scan, parse] = [summary(scans), summary(parses)];
    console.log(
      `cold scan: ${ms(scan.wall)} ms median of ${RUNS} forksafe scan processes, spawn to exit (${ms(scan.cpu)} ms CPU)  ${rate(files.length, scan.wall)} files/s; peak RSS ${scan.rss.toFixed(0)} MB (target < ${RSS_TARGET_MB}) ${scan.rss < RSS_TARGET_MB ? "ok" : "OVER"}`,
    );
    console.log(
      `parse all: ${ms(parse.wall)} ms median of ${RUNS} processes that read and parse every .py file once (${ms(parse.cpu)} ms CPU)  ${rate(python.length, parse.wall)} files/s  ${rate(pythonBytes / 1e6, parse.wall)} MB/s`,
    );
    const verdict = (r: number) => (r < RATIO_TARGET ? "ok" : "OVER");
    const [ratio, cpuRatio] = [scan.wall / parse.wall, scan.cpu / parse.cpu];
    console.log(
      `ratio cold scan / parse-all: ${ratio.toFixed(2)} wall ${verdict(ratio)}, ${cpuRatio.toFixed(2)} CPU ${verdict(cpuRatio)} (target < ${RATIO_TARGET.toFixed(1)} for both)`,
    );

    let result: AnalysisResult | undefined;
    const warm: Cost[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const cost = await timed(async () => {
        result = await analyze(fsTree(root), DEFAULT_CONFIG);
      });
      if (run > 0) warm.push(cost); // the first scan loads the parser and the library summaries
    }
    const stats = result!.stats;
    const warmMs = median(warm.map((c) => c.wall));
    console.log(
      `warm scan: ${ms(warmMs)} ms median of ${RUNS} back to back in one process after a first (${ms(median(warm.map((c) => c.cpu)))} ms CPU)  ${rate(files.length, warmMs)} files/s; peak RSS ${peakRssMb().toFixed(0)} MB`,
    );
    console.log(
      `           ${stats.filesParsed} files parsed, ${stats.filesRead} read (${mb(stats.bytesRead)} MB), ${result!.findings.length} findings, ${result!.skipped.length} skipped`,
    );
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

interface ColdRun extends Cost {
  /** Peak RSS, MB. */
  rss: number;
}

/** One process of the built code: wall time from spawn to exit, its CPU time and peak RSS. */
function coldRun(script: string, args: string[]): Promise<ColdRun> {
  const start = performance.now();
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const wall = performance.now() - start;
      const usage = /peak-rss-kb (\d+) cpu-ms (\d+)/.exec(stderr);
      if ((code !== 0 && code !== 1) || !usage) reject(new Error(`${script} exited ${code}: ${stderr.trim()} (run npm run build first)`));
      else resolve({ wall, cpu: Number(usage[2]), rss: Number(usage[1]) / 1024 });
    });
  });
}

/** Medians of wall and CPU time, and the highest peak RSS. */
function summary(runs: readonly ColdRun[]): ColdRun {
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), rss: Math.max(...runs.map((r) => r.rss)) };
}

async function timed(run: () => Promise<void>): Promise<Cost> {
  const startCpu = process.cpuUsage();
  const start = performance.now();
  await run();
  const used = process.cpuUsage(startCpu);
  return { wall: performance.now() - start, cpu: (used.user + used.system) / 1000 };
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
