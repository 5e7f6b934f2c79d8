// `forksafe fix [path]`: the fixes as a unified diff (a dry run), or written with --write.
// stdout holds only the diff (so it can be piped to `git apply`) or the list of files written;
// refusals and what is left go to stderr.
import { ruleById } from "../analysis/rules/index.js";
import { planFixes } from "../fix/plan.js";
import { unifiedDiff } from "../report/fix-diff.js";
import type { Refusal } from "../fix/types.js";
import { UsageError } from "../sources/fs-tree.js";
import { scanDirectory } from "../sources/scan-directory.js";
import { writePlan } from "../sources/write-plan.js";
import { watchProgress } from "./progress.js";

export interface FixOptions {
  write: boolean;
  rules?: string[];
  config?: string;
}

export interface FixOutput {
  stdout: string;
  stderr: string;
  /** 0: nothing to fix (or, with --write, everything written and nothing left that fix knows); 1: something to fix or refused. */
  exitCode: 0 | 1;
}

/**
 *  1. Check the rules named, scan the directory (with its forksafe.yml) and plan the fixes.
 *  2. Dry run: print the diff and the refusals; exit 1 when either is there.
 *  3. --write: write the files, scan again, and say what is left.
 */
export async function fix(target: string, options: FixOptions): Promise<FixOutput> {
  const rules = options.rules?.map((r) => r.toUpperCase());
  for (const id of rules ?? []) if (!ruleById(id)) throw new UsageError(`unknown rule "${id}" for --rule`);
  const scanOptions = { ...(options.config !== undefined ? { config: options.config } : {}), watch: watchProgress };
  const scanned = await scanDirectory(target, scanOptions);
  const plan = await planFixes(scanned.tree, scanned.result, rules ? { rules } : {});
  if (!options.write) {
    const stderr = refusalText(plan.refusals) + (plan.changes.length === 0 && plan.refusals.length === 0 ? "forksafe: nothing to fix\n" : "");
    return { stdout: unifiedDiff(plan), stderr, exitCode: plan.changes.length > 0 || plan.refusals.length > 0 ? 1 : 0 };
  }
  const written = writePlan(scanned.root, plan);
  const stdout = plan.changes.map((c) => c.descriptions.map((d) => `fixed ${d}\n`).join("")).join("");
  const again = await scanDirectory(target, scanOptions);
  const next = await planFixes(again.tree, again.result, rules ? { rules } : {});
  const left = again.result.findings.filter((f) => !f.suppressed);
  const lines = [
    refusalText(plan.refusals),
    `forksafe: ${written.length} file${written.length === 1 ? "" : "s"} written; ${left.length} finding${left.length === 1 ? "" : "s"} left after the fix${left.length > 0 ? ":" : ""}\n`,
    ...left.map((f) => `  ${f.ruleId} ${f.severity} ${f.location.path}:${f.location.startLine}\n`),
    next.changes.length > 0 ? `forksafe: ${next.changes.length} more file${next.changes.length === 1 ? "" : "s"} to fix: run forksafe fix again\n` : "",
  ];
  return { stdout, stderr: lines.join(""), exitCode: plan.refusals.length > 0 || next.changes.length > 0 ? 1 : 0 };
}

function refusalText(refusals: Refusal[]): string {
  return refusals.map((r) => `forksafe: not fixed: ${r.ruleId} ${r.path}:${r.line}: ${r.reason}\n`).join("");
}
