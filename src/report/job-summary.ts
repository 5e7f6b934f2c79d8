// Findings -> the Actions job summary (Markdown for GITHUB_STEP_SUMMARY): the same findings
// table and entry points as the check run, the long text folded, within GitHub's 1 MiB a step.
import type { AnalysisResult, Finding } from "../analysis/types.js";
import type { FailOn } from "../config/schema.js";
import { count, entryPointTable, findingsTable, foldedBlocks } from "./check-run.js";
import { JOB_SUMMARY_MAX_BYTES } from "./limits.js";

export interface JobSummaryInput {
  result: AnalysisResult;
  failOn: FailOn;
  failed: boolean;
  /** Annotations written per level, and how many GitHub shows per level. */
  annotations: { written: number; shownPerLevel: number; overflow: number };
  sarifFile: string;
  /** Set when the scan was limited to a diff: "the diff against abc1234". */
  diffNote?: string;
}

export function jobSummary(input: JobSummaryInput): string {
  const active = input.result.findings.filter((f) => !f.suppressed);
  const suppressed = input.result.findings.length - active.length;
  const verdict = input.failed ? `fails at \`fail-on: ${input.failOn}\`` : `passes at \`fail-on: ${input.failOn}\``;
  const scope = input.diffNote ? ` on lines changed since ${input.diffNote}` : "";
  const head = `## Forksafe\n\n${count(active.length, "finding")}${scope} (${levels(active)})${suppressed > 0 ? `, ${suppressed} suppressed` : ""}: ${verdict}.`;
  const overflow =
    input.annotations.overflow > 0
      ? [
          `GitHub shows ${input.annotations.shownPerLevel} error and ${input.annotations.shownPerLevel} warning annotations a step: ${count(input.annotations.overflow, "more location")} ${input.annotations.overflow === 1 ? "is" : "are"} listed here and in the SARIF file (\`${input.sarifFile}\`).`,
        ]
      : [];
  const blocks = [
    head,
    ...(active.length > 0 ? [findingsTable(active)] : []),
    ...overflow,
    entryPointTable(input.result.entryPoints),
    ...foldedBlocks(active, [], input.result.skipped),
  ];
  return fitBytes(`${blocks.join("\n\n")}\n`);
}

function levels(findings: Finding[]): string {
  const by = (s: string) => findings.filter((f) => f.severity === s).length;
  return `${count(by("error"), "error")}, ${count(by("warning"), "warning")}, ${count(by("note"), "note")}`;
}

/** Cuts at a line boundary within JOB_SUMMARY_MAX_BYTES (UTF-8), saying how much was left out. */
export function fitBytes(text: string, max = JOB_SUMMARY_MAX_BYTES): string {
  if (Buffer.byteLength(text) <= max) return text;
  const lines = text.split("\n");
  const note = (n: number) => `\n\n_Summary truncated: ${n} more lines not shown (GitHub allows 1 MiB a step). Every finding is in the SARIF file._\n`;
  let kept = 0;
  let bytes = 0;
  const budget = max - Buffer.byteLength(note(lines.length));
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (bytes + size > budget) break;
    bytes += size;
    kept++;
  }
  return lines.slice(0, kept).join("\n") + note(lines.length - kept);
}
