// Compares what the analysis reported with what a fixture project's annotations expect, and
// describes every difference in a line a person can act on.
import { ignores } from "../../src/analysis/suppress.js";
import { reportedLocations, type Finding } from "../../src/analysis/types.js";
import type { Annotation } from "./annotations.js";

interface Reported {
  finding: Finding;
  key: string;
}

/**
 * The differences, one line each, sorted; empty when the findings match.
 *  1. Index every reported (path, line, rule) of unsuppressed findings, and of suppressed ones.
 *  2. A `ruleid` not reported is missing; a reported line without `ruleid` is unexpected.
 *  3. A `todoruleid` that is reported asks to be promoted.
 *  4. An `ok` line that a `# forksafe: ignore` comment covers must have a suppressed finding,
 *     so suppression cases cannot pass by finding nothing.
 */
export function compareFindings(
  findings: readonly Finding[],
  annotations: readonly Annotation[],
  files: Record<string, string>,
  /** Put before each path in the messages, e.g. the project's directory. */
  prefix = "",
): string[] {
  const keyOf = (path: string, line: number, ruleId: string) => `${prefix}${path}:${line} ${ruleId}`;
  const active = indexReported(
    findings.filter((f) => !f.suppressed),
    keyOf,
  );
  const suppressed = indexReported(
    findings.filter((f) => f.suppressed),
    keyOf,
  );
  const byKey = new Map(annotations.map((a) => [keyOf(a.path, a.line, a.ruleId), a]));
  const problems: string[] = [];

  for (const a of annotations) {
    const key = keyOf(a.path, a.line, a.ruleId);
    if (a.kind === "ruleid" && !active.has(key)) {
      problems.push(`missing     ${key}  (ruleid at line ${a.annotationLine}): ${lineText(files, a.path, a.line)}`);
    }
    if (a.kind === "ok" && coveredByIgnore(files, a) && !suppressed.has(key)) {
      problems.push(`missing     ${key}  suppressed finding (ok + forksafe: ignore at line ${a.annotationLine}): ${lineText(files, a.path, a.line)}`);
    }
  }
  for (const [key, reported] of active) {
    const a = byKey.get(key);
    if (a?.kind === "ruleid") continue;
    const why =
      a?.kind === "todoruleid"
        ? `todoruleid at line ${a.annotationLine} is now found: promote it to ruleid`
        : a?.kind === "ok"
          ? `marked ok at line ${a.annotationLine}`
          : "not annotated";
    problems.push(`unexpected  ${key}  (${why}): ${reported[0]!.finding.message}`);
  }
  return problems.sort();
}

function indexReported(findings: readonly Finding[], keyOf: (path: string, line: number, ruleId: string) => string): Map<string, Reported[]> {
  const index = new Map<string, Reported[]>();
  for (const finding of findings) {
    for (const location of reportedLocations(finding)) {
      const key = keyOf(location.path, location.startLine, finding.ruleId);
      const list = index.get(key) ?? [];
      list.push({ finding, key });
      index.set(key, list);
    }
  }
  return index;
}

/** Whether a `# forksafe: ignore` for this rule sits on the annotated line or alone just above it. */
function coveredByIgnore(files: Record<string, string>, a: Annotation): boolean {
  const lines = files[a.path]?.split(/\r?\n/) ?? [];
  const same = lines[a.line - 1];
  const above = lines[a.line - 2];
  return (same !== undefined && ignores(same, a.ruleId, true)) || (above !== undefined && a.line - 1 !== a.annotationLine && ignores(above, a.ruleId, false));
}

function lineText(files: Record<string, string>, path: string, line: number): string {
  return (files[path]?.split(/\r?\n/)[line - 1] ?? "").trim();
}
