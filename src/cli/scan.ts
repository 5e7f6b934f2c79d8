// `forksafe scan [path]`: from options to output text and an exit code.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { analyze } from "../analysis/analyze.js";
import type { SourceTree } from "../analysis/source-tree.js";
import { severityRank, type AnalysisResult, type Finding } from "../analysis/types.js";
import { loadConfig } from "../config/load-config.js";
import type { Config, FailOn } from "../config/schema.js";
import { touchedByDiff } from "../report/diff-filter.js";
import { formatEntryPoints } from "../report/entry-points.js";
import { renderJson } from "../report/json.js";
import { renderSarif } from "../report/sarif.js";
import { renderText } from "../report/text.js";
import { TOOL_NAME, TOOL_VERSION } from "../report/tool-version.js";
import { assertDirectory, fsTree, UsageError, type FsTree } from "../sources/fs-tree.js";
import { gitChangedLines } from "./git-diff.js";
import { countingTree, startProgress, type Counts } from "./progress.js";

export const FORMATS = ["text", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export interface ScanOptions {
  format: Format;
  failOn?: FailOn;
  config?: string;
  base?: string;
  entryPoints: boolean;
  color: boolean;
  showSuppressed: boolean;
}

export interface ScanOutput {
  stdout: string;
  exitCode: 0 | 1;
}

/**
 *  1. Check the path, load the configuration and, with --base, ask git which lines changed.
 *  2. Analyse the directory, with a progress line on a slow terminal scan.
 *  3. With --entry-points, list them and stop.
 *  4. Keep the findings the diff touches, render the report, decide the exit code.
 */
export async function scan(target: string, options: ScanOptions): Promise<ScanOutput> {
  if (options.entryPoints && options.format === "sarif") {
    throw new UsageError("--entry-points lists entry points as text or json, not sarif");
  }
  const scanned = await scanDirectory(target, { ...options, progress: true });
  const { root, tree, config } = scanned;
  if (options.entryPoints) return { stdout: entryPointsOutput(scanned.result, options.format), exitCode: 0 };

  const result = scanned.reported;
  const stdout = await render(result, options, tree, root);
  const failOn = options.failOn ?? config.fail_on;
  return { stdout, exitCode: result.findings.some((f) => fails(f, failOn)) ? 1 : 0 };
}

export interface DirectoryScan {
  /** The scanned directory, absolute. */
  root: string;
  config: Config;
  tree: FsTree;
  /** Everything the analysis found, with the links the listing skipped among `skipped`. */
  result: AnalysisResult;
  /** `result` with only the findings the diff against `base` touches (all without `base`). */
  reported: AnalysisResult;
}

/**
 * The scan shared by the CLI and the Action:
 *  1. Check the path and load the configuration (usage and config errors throw).
 *  2. With `base`, ask git which lines changed (before the scan: a bad ref fails fast).
 *  3. Analyse the directory (never reading outside it), optionally with a progress line.
 */
export async function scanDirectory(target: string, options: { config?: string; base?: string; progress?: boolean }): Promise<DirectoryScan> {
  const root = path.resolve(target);
  await assertDirectory(root);
  const { config } = await loadConfig(root, options.config);
  const changed = options.base !== undefined ? await gitChangedLines(root, options.base) : undefined;

  const tree = fsTree(root);
  const counts: Counts = { listed: 0, read: 0 };
  const stop = options.progress ? startProgress(process.stderr, counts) : () => {};
  let result: AnalysisResult;
  try {
    result = await analyze(countingTree(tree, counts), config);
  } finally {
    stop();
  }
  const skipped = [...result.skipped, ...tree.listingSkipped()].sort((a, b) => a.path.localeCompare(b.path));
  result = { ...result, skipped };
  const reported = changed ? { ...result, findings: result.findings.filter((f) => touchedByDiff(f, changed)) } : result;
  return { root, config, tree, result, reported };
}

/** Whether a finding fails the run at this threshold (suppressed ones never do). */
export function fails(finding: Finding, failOn: FailOn): boolean {
  if (failOn === "never" || finding.suppressed) return false;
  return severityRank(finding.severity) >= severityRank(failOn);
}

async function render(result: AnalysisResult, options: ScanOptions, tree: SourceTree, root: string): Promise<string> {
  if (options.format === "json") return renderJson(result);
  if (options.format === "sarif") return renderSarif(result, { srcRootUri: `${pathToFileURL(root).href}/` });
  return renderText(result, { color: options.color, showSuppressed: options.showSuppressed, sources: await sourcesOf(result, tree) });
}

/** The texts of the files the findings point at, for the code frames. */
async function sourcesOf(result: AnalysisResult, tree: SourceTree): Promise<Map<string, string>> {
  const paths = [...new Set(result.findings.map((f) => f.location.path))];
  const sources = new Map<string, string>();
  for (const r of await tree.read(paths)) if ("text" in r) sources.set(r.path, r.text);
  return sources;
}

function entryPointsOutput(result: AnalysisResult, format: Format): string {
  if (format === "json") {
    const shape = { version: 1, tool: { name: TOOL_NAME, version: TOOL_VERSION }, entryPoints: result.entryPoints };
    return `${JSON.stringify(shape, null, 2)}\n`;
  }
  return formatEntryPoints(result.entryPoints);
}
