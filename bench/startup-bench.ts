// `npm run bench`: how fast the scan is, against parsing every Python file once.
//  1. Generate a monorepo of 2,000 Django apps in a temporary directory.
//  2. Time the scan (analyze() over the file-system tree): a warm-up, then several runs.
//  3. Time parsing every .py file once with tree-sitter, texts already in memory: the same.
//  4. Print files/s, MB/s, peak RSS, findings, files parsed, and the ratio scan / parse-all.
//  5. Remove the temporary directory.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { analyze } from "../src/analysis/analyze.js";
import { parsePython } from "../src/analysis/python/parser.js";
import type { AnalysisResult } from "../src/analysis/types.js";
import { DEFAULT_CONFIG } from "../src/config/schema.js";
import { fsTree } from "../src/sources/fs-tree.js";
import { generateMonorepo } from "./generate-monorepo.js";

const APPS = Number(process.env.BENCH_APPS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RATIO_TARGET = 1.0;
const RSS_TARGET_MB = 300;

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "forksafe-bench-"));
  try {
    const repo = generateMonorepo(root, APPS);
    const files = await fsTree(root).paths();
    const python = files.filter((f) => f.endsWith(".py"));
    const texts = python.map((f) => readFileSync(path.join(root, f), "utf8"));
    const pythonBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
    console.log(`repository: ${repo.apps} apps (${repo.queryingApps} query in ready()), ${files.length} files, ${python.length} .py, ${mb(pythonBytes)} MB`);

    let result: AnalysisResult | undefined;
    const scan = await measure(async () => {
      result = await analyze(fsTree(root), DEFAULT_CONFIG);
    });
    const scanRss = scan.firstRunRss;

    const parseAll = await measure(async () => {
      for (let i = 0; i < texts.length; i++) {
        parsePython(texts[i]!);
        if (i % 200 === 199) await nextTurn();
      }
    });
    const stats = result!.stats;

    console.log(`scan:      ${ms(scan.median)} ms median of ${RUNS}  ${rate(files.length, scan.median)} files/s  ${rate(pythonBytes / 1e6, scan.median)} MB/s (repository .py bytes)`);
    console.log(`           ${stats.filesParsed} files parsed, ${stats.filesRead} read (${mb(stats.bytesRead)} MB), ${result!.findings.length} findings, ${result!.skipped.length} skipped`);
    console.log(`parse all: ${ms(parseAll.median)} ms median of ${RUNS}  ${rate(python.length, parseAll.median)} files/s  ${rate(pythonBytes / 1e6, parseAll.median)} MB/s`);
    const ratio = scan.median / parseAll.median;
    console.log(`ratio scan / parse-all: ${ratio.toFixed(2)} (target < ${RATIO_TARGET.toFixed(1)}) ${ratio < RATIO_TARGET ? "ok" : "OVER"}`);
    console.log(`peak RSS:  ${scanRss.toFixed(0)} MB after the first scan (target < ${RSS_TARGET_MB}) ${scanRss < RSS_TARGET_MB ? "ok" : "OVER"}; ${peakRssMb().toFixed(0)} MB for the whole benchmark`);
    if (!globalThis.gc) console.log("(run with node --expose-gc for garbage collection between runs)");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * The median wall time of RUNS runs, after one warm-up run, collecting garbage before each run
 * (tree-sitter trees hold native memory V8 does not see); and the peak RSS after the warm-up.
 */
async function measure(run: () => Promise<void>): Promise<{ median: number; firstRunRss: number }> {
  collectGarbage();
  await run();
  const firstRunRss = peakRssMb();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, firstRunRss };
}

/** tree-sitter frees a tree's native memory from a finalizer, which runs between event-loop turns. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function collectGarbage(): void {
  globalThis.gc?.();
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
