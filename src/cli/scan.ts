// `forksafe scan [path]`: from options to output text and an exit code.
import { pathToFileURL } from "node:url";
import type { SourceTree } from "../analysis/source-tree.js";
import type { AnalysisResult } from "../analysis/types.js";
import type { FailOn } from "../config/schema.js";
import { formatEntryPoints } from "../report/entry-points.js";
import { renderJson } from "../report/json.js";
import { renderSarif } from "../report/sarif.js";
import { renderText } from "../report/text.js";
import { TOOL_NAME, TOOL_VERSION } from "../report/tool-version.js";
import { UsageError } from "../sources/fs-tree.js";
import { fails, scanDirectory } from "../sources/scan-directory.js";
import { watchProgress } from "./progress.js";

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
  const scanned = await scanDirectory(target, { ...options, watch: watchProgress });
  const { root, tree, config } = scanned;
  if (options.entryPoints) return { stdout: entryPointsOutput(scanned.result, options.format), exitCode: 0 };

  const result = scanned.reported;
  const stdout = await render(result, options, tree, root);
  const failOn = options.failOn ?? config.fail_on;
  return { stdout, exitCode: result.findings.some((f) => fails(f, failOn)) ? 1 : 0 };
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
