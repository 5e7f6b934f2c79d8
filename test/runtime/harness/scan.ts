// Forksafe's verdict on a scenario: `forksafe scan --format sarif DIR`, read as SARIF.
import { execFile } from "node:child_process";
import { join } from "node:path";
import type { Log, Result } from "sarif";
import type { Verdict } from "./project.js";
import { RUNTIME_DIR } from "./project.js";

const REPO_ROOT = join(RUNTIME_DIR, "..", "..");
const CLI = join(REPO_ROOT, "bin", "forksafe.js");

export interface ScanVerdict {
  /** undefined when the scan did not produce SARIF. */
  verdict?: Verdict;
  /** "FS101 error shop/apps.py:10", one per result, for the report and failures. */
  results: string[];
  problem?: string;
}

/** Runs the CLI; its exit code says pass/fail, so only missing or unreadable SARIF is a problem. */
export function scan(dir: string): Promise<ScanVerdict> {
  return new Promise((resolve) => {
    const args = [CLI, "scan", "--format", "sarif", dir];
    execFile(process.execPath, args, { cwd: REPO_ROOT, timeout: 120_000, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      try {
        resolve(verdictOf(JSON.parse(stdout) as Log));
      } catch {
        const why = error ? `exit ${error.code ?? error.signal}` : "output is not SARIF";
        resolve({ results: [], problem: `${why}: ${(stderr || stdout).trim().slice(0, 2000)}` });
      }
    });
  });
}

/** Shared ⇔ at least one unsuppressed error-level result. */
export function verdictOf(log: Log): ScanVerdict {
  const run = log.runs?.[0];
  if (!run) return { results: [], problem: "SARIF without a run" };
  const rules = run.tool.driver.rules ?? [];
  const levelOf = (result: Result) =>
    result.level ??
    rules.find((rule) => rule.id === result.ruleId)?.defaultConfiguration?.level ??
    (result.ruleIndex !== undefined ? rules[result.ruleIndex]?.defaultConfiguration?.level : undefined) ??
    "warning";
  const active = (run.results ?? []).filter((r) => !(r.suppressions ?? []).some((s) => s.status !== "rejected"));
  const results = active.map((r) => {
    const where = r.locations?.[0]?.physicalLocation;
    const line = where?.region?.startLine;
    return `${r.ruleId ?? "?"} ${levelOf(r)} ${where?.artifactLocation?.uri ?? "?"}${line ? `:${line}` : ""}`;
  });
  return { verdict: active.some((r) => levelOf(r) === "error") ? "shared" : "isolated", results };
}
