// Helpers for the fix tests: a fixture project copied to a temporary directory, scanned and
// planned the way the CLI does it, and the plan shown as the CLI shows it.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unifiedDiff } from "../../src/report/fix-diff.js";
import { planFixes } from "../../src/fix/plan.js";
import type { FixPlan } from "../../src/fix/types.js";
import { scanDirectory } from "../../src/sources/scan-directory.js";
import { writePlan } from "../../src/sources/write-plan.js";

export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

const temps: string[] = [];

/** A copy of the fixture in a temporary directory (removed by cleanUp()). */
export function copyOf(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `forksafe-fix-${name}-`));
  temps.push(dir);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "forksafe-fix-"));
  temps.push(dir);
  return dir;
}

export function cleanUp(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function planDirectory(dir: string, rules?: string[]): Promise<FixPlan> {
  const scanned = await scanDirectory(dir, {});
  return planFixes(scanned.tree, scanned.result, rules ? { rules } : {});
}

/** The diff, then one line a refusal: what `forksafe fix` prints. */
export function shown(plan: FixPlan): string {
  const refusals = plan.refusals.map((r) => `not fixed: ${r.ruleId} ${r.path}:${r.line}: ${r.reason}\n`).join("");
  return `${unifiedDiff(plan)}${refusals}`;
}

/** Writes the plan into the directory and plans again. */
export async function fixAndReplan(dir: string): Promise<FixPlan> {
  writePlan(dir, await planDirectory(dir));
  return planDirectory(dir);
}
