// The scan of a directory on disk that the CLI and the Action share: the configuration, the
// lines a git diff changed, the analysis of the tree without reading outside it.
import path from "node:path";
import { analyze } from "../analysis/analyze.js";
import type { SourceTree } from "../analysis/source-tree.js";
import { severityRank, type AnalysisResult, type Finding } from "../analysis/types.js";
import { loadConfig } from "../config/load-config.js";
import type { Config, FailOn } from "../config/schema.js";
import { touchedByDiff } from "../report/diff-filter.js";
import { assertDirectory, fsTree, type FsTree } from "./fs-tree.js";
import { gitChangedLines } from "./git-diff.js";

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
 *  3. Analyse the directory (never reading outside it); `watch` may wrap the tree (a progress line).
 */
export async function scanDirectory(
  target: string,
  options: { config?: string; base?: string; watch?: (tree: SourceTree) => { tree: SourceTree; stop: () => void } },
): Promise<DirectoryScan> {
  const root = path.resolve(target);
  await assertDirectory(root);
  const { config } = await loadConfig(root, options.config);
  const changed = options.base !== undefined ? await gitChangedLines(root, options.base) : undefined;

  const tree = fsTree(root);
  const watched = options.watch ? options.watch(tree) : { tree, stop: () => {} };
  let result: AnalysisResult;
  try {
    result = await analyze(watched.tree, config);
  } finally {
    watched.stop();
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
