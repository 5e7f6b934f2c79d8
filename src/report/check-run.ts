// Findings -> the output of the "Forksafe" check run: conclusion by `fail_on`, a summary with the
// findings table first and the pre-fork entry points, the long text folded, and one annotation
// per reported location.
import type { FailOn } from "../config/schema.js";
import { libraryWhere, reportedLocations, severityRank, type EntryPoint, type Finding, type Skipped } from "../analysis/types.js";
import { chainList, details, firstSentence, fixText, headline, plainHeadline, ruleDetails, stepWhere, where } from "./headline.js";
import { ANNOTATION_TITLE_MAX_CHARS, CHECK_OUTPUT_MAX_CHARS } from "./limits.js";
import { commentText } from "./review-comment.js";

/** Annotation messages are cut here: long enough for a chain, short enough to read. */
const ANNOTATION_MESSAGE_MAX_CHARS = 4_000;

export type Conclusion = "success" | "failure" | "neutral" | "action_required" | "cancelled";

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export interface CheckRunReport {
  conclusion: Conclusion;
  title: string;
  summary: string;
  annotations: Annotation[];
}

export interface CheckRunInput {
  /** Findings in or reached from the files the pull request changes. */
  findings: Finding[];
  /** Findings elsewhere in the repository: listed, not annotated, not deciding the conclusion. */
  elsewhere: Finding[];
  entryPoints: EntryPoint[];
  skipped: Skipped[];
  failOn: FailOn;
  /** Fingerprints that have an inline comment (this run or an earlier one). */
  commented: ReadonlySet<string>;
}

/** Conclusion by `fail_on`: failure at or above it, neutral below it, success when clean. */
export function conclusionFor(findings: Finding[], failOn: FailOn): Conclusion {
  const active = findings.filter((f) => !f.suppressed);
  if (active.length === 0) return "success";
  if (failOn === "never") return "neutral";
  const threshold = severityRank(failOn);
  return active.some((f) => severityRank(f.severity) >= threshold) ? "failure" : "neutral";
}

export function checkRunReport(input: CheckRunInput): CheckRunReport {
  const active = input.findings.filter((f) => !f.suppressed);
  const suppressed = input.findings.length - active.length + input.elsewhere.filter((f) => f.suppressed).length;
  const elsewhere = input.elsewhere.filter((f) => !f.suppressed);
  const title = active.length === 0 ? "No startup database work in this pull request" : `${count(active.length, "finding")} in this pull request`;

  const counts =
    `${count(active.length, "finding")} in this pull request` +
    (suppressed > 0 ? `, ${suppressed} suppressed by \`# forksafe: ignore\`` : "") +
    (elsewhere.length > 0 ? `, ${count(elsewhere.length, "finding")} elsewhere in the repository` : "") +
    ".";
  const blocks = [
    ...(active.length > 0 ? [findingsTable(active, input.commented), counts] : [counts]),
    entryPointTable(input.entryPoints),
    ...foldedBlocks(active, elsewhere, input.skipped, input.commented),
  ];
  return {
    conclusion: conclusionFor(input.findings, input.failOn),
    title,
    summary: fitSummary(blocks.join("\n\n")),
    annotations: active.flatMap(annotationsFor),
  };
}

/** A summary for a run that could not finish: what failed, in words. */
export function failureReport(title: string, problem: string, conclusion: Conclusion = "failure"): CheckRunReport {
  return { conclusion, title, summary: fitSummary(problem), annotations: [] };
}

/**
 * The long text, each part folded: every finding in full (headline, chain, fix), the findings
 * elsewhere, the skipped files, and the documentation of each rule that fired.
 */
export function foldedBlocks(active: Finding[], elsewhere: Finding[], skipped: Skipped[], commented: ReadonlySet<string> = new Set()): string[] {
  const ruleIds = [...new Set([...active, ...elsewhere].map((f) => f.ruleId))].sort();
  return [
    ...(active.length > 0 ? [details(`Each finding in full (${active.length})`, active.map(findingInFull).join("\n\n---\n\n"))] : []),
    ...(elsewhere.length > 0
      ? [details(`Elsewhere in the repository (${elsewhere.length}), not touched by this change`, findingsTable(elsewhere, commented))]
      : []),
    ...(skipped.length > 0 ? [details(`Skipped files (${skipped.length})`, skipped.map((s) => `- \`${s.path}\`: ${s.reason}`).join("\n"))] : []),
    ...ruleIds.map(ruleDetails).filter((d) => d !== ""),
  ];
}

function findingInFull(f: Finding): string {
  const fix = fixText(f);
  return [headline(f), ...(f.chain.length > 0 || f.libraryChain?.length ? [chainList(f)] : []), ...(fix ? [`**Fix.** ${fix}`] : [])].join("\n\n");
}

/** One row a finding: rule, level, where, what (first sentence), chain, the server that loads it. */
export function findingsTable(findings: Finding[], commented: ReadonlySet<string> = new Set()): string {
  const rows = findings.map((f) => {
    const chain = [...f.chain.map(stepWhere), ...(f.libraryChain ?? []).map((step) => `\`${libraryWhere(step)}\``)].join(" → ") || "—";
    const note = commented.has(f.fingerprint) ? " (commented)" : "";
    const served = f.entryPoints.map((e) => `${e.server}: ${e.summary} (\`${where(e.location)}\`)`).join("; ") || "—";
    return `| ${f.ruleId} | ${f.severity} | \`${where(f.location)}\`${note} | ${cell(firstSentence(f.message))} | ${chain} | ${cell(served)} |`;
  });
  return ["| Rule | Level | Location | What | Chain | Served by |", "| --- | --- | --- | --- | --- | --- |", ...rows].join("\n");
}

export function entryPointTable(entryPoints: EntryPoint[]): string {
  if (entryPoints.length === 0) return "### Pre-fork entry points\n\nNone found (no gunicorn or uWSGI configuration that loads the app before fork).";
  const rows = entryPoints.map((e) => {
    const line = e.preloadLocation?.startLine ?? e.location.startLine;
    return `| ${e.server} | \`${e.location.path}\` (${cell(e.source)}) | ${line} | ${preloadText(e)} | ${mitigationText(e)} |`;
  });
  return ["### Pre-fork entry points", "", "| Server | File | Line | Preload | Mitigation |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

function preloadText(e: EntryPoint): string {
  if (e.preload.kind === "env") return `from \`${e.preload.variable}\` (default ${e.preload.fallback ? "on" : "off"})`;
  return e.preload.kind;
}

function mitigationText(e: EntryPoint): string {
  if (e.mitigation === "master-close") return "connections closed before fork";
  if (e.mitigation === "worker-close") return "closed in each worker (fragile)";
  return "none";
}

function annotationsFor(finding: Finding): Annotation[] {
  const level = finding.severity === "error" ? "failure" : finding.severity === "warning" ? "warning" : "notice";
  const title = truncate(plainHeadline(finding), ANNOTATION_TITLE_MAX_CHARS);
  const message = truncate(commentText(finding).replace(/\*\*/g, ""), ANNOTATION_MESSAGE_MAX_CHARS);
  return reportedLocations(finding).map((location) => ({
    path: location.path,
    start_line: location.startLine,
    end_line: location.endLine,
    ...(location.startLine === location.endLine ? { start_column: location.startColumn, end_column: location.endColumn } : {}),
    annotation_level: level,
    title,
    message,
  }));
}

/** Cuts at a line boundary and says so, keeping within CHECK_OUTPUT_MAX_CHARS. */
export function fitSummary(text: string): string {
  if (text.length <= CHECK_OUTPUT_MAX_CHARS) return text;
  const note = (n: number) =>
    `\n\n_Summary truncated: ${n} more lines not shown (GitHub allows ${CHECK_OUTPUT_MAX_CHARS} characters). Every finding in this pull request is still in the annotations._`;
  const lines = text.split("\n");
  let kept = "";
  let i = 0;
  for (; i < lines.length; i++) {
    const next = kept + (i === 0 ? "" : "\n") + lines[i];
    if (next.length + note(lines.length).length > CHECK_OUTPUT_MAX_CHARS) break;
    kept = next;
  }
  return kept + note(lines.length - i);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + "…";
}

export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
