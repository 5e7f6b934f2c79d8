// The terminal report: each finding with a code frame, its chain, the entry points that decided
// its level and its fix; then the skipped files; then a one-line summary.
import { codeFrameColumns } from "@babel/code-frame";
import { createColors } from "picocolors";
import { type AnalysisResult, type Finding, libraryWhere, type Location, type RuntimeEvidence, type Severity, SEVERITIES } from "../analysis/types.js";
import { formatEntryPoints } from "./entry-points.js";

export interface TextOptions {
  color: boolean;
  /** Show suppressed findings too (they are always counted in the summary). */
  showSuppressed: boolean;
  /** File texts for the code frames; a finding whose file is missing gets no frame. */
  sources: ReadonlyMap<string, string>;
  /** Replaces the summary line (the probe counts what it saw, not files read). */
  summary?: string;
}

type Colors = ReturnType<typeof createColors>;

/**
 *  1. Each shown finding: header line, code frame, chain, entry points, fix.
 *  2. The entry points found, when there are any.
 *  3. Skipped files with their reasons.
 *  4. The summary line.
 */
export function renderText(result: AnalysisResult, options: TextOptions): string {
  const c = createColors(options.color);
  const shown = result.findings.filter((f) => options.showSuppressed || !f.suppressed);
  const blocks = shown.map((f) => findingBlock(f, options, c));
  if (result.entryPoints.length > 0) blocks.push(formatEntryPoints(result.entryPoints).trimEnd());
  if (result.skipped.length > 0) blocks.push(skippedBlock(result, c));
  blocks.push(options.summary ?? summaryLine(result, c));
  return `${blocks.join("\n\n")}\n`;
}

function findingBlock(f: Finding, options: TextOptions, c: Colors): string {
  const lines = [`${c.bold(where(f.location))} ${severityLabel(f.severity, c)} ${c.dim(f.ruleId)} ${f.message}`];
  if (f.suppressed) lines.push(c.dim(`  suppressed by the comment at ${where(f.suppressed.location)}`));
  if (f.runtime) lines.push(`  ${c.magenta("runtime")} ${runtimeLine(f.runtime)}`);
  const frame = codeFrame(f.location, options);
  if (frame) lines.push(frame);
  for (const step of f.chain) lines.push(`  ${c.cyan("↳")} ${where(step.location)} ${step.label}`);
  for (const step of f.libraryChain ?? []) lines.push(`  ${c.cyan("↳")} ${libraryWhere(step)} ${step.label}`);
  for (const step of f.related) lines.push(`  ${c.dim("·")} ${where(step.location)} ${step.label}`);
  for (const ep of f.entryPoints) {
    lines.push(`  ${c.magenta("entry point")} ${ep.location.path}:${ep.location.startLine} ${ep.server} (${ep.source}): ${ep.summary}`);
  }
  if (f.fix) lines.push(`  ${c.green("fix:")} ${f.fix.description}`);
  for (const edit of f.fix?.edits ?? []) {
    lines.push(`  ${c.green("suggested change")} at ${where(edit.location)}:`);
    for (const line of edit.replacement.replace(/\n$/, "").split("\n")) lines.push(`    ${c.green("+")} ${line}`.trimEnd());
  }
  return lines.join("\n");
}

function codeFrame(location: Location, options: TextOptions): string | undefined {
  const text = options.sources.get(location.path);
  if (text === undefined) return undefined;
  const end =
    location.endLine === location.startLine && location.endColumn <= location.startColumn
      ? { line: location.endLine, column: location.startColumn + 1 }
      : { line: location.endLine, column: location.endColumn };
  const frame = codeFrameColumns(
    text,
    { start: { line: location.startLine, column: location.startColumn }, end },
    { highlightCode: options.color, forceColor: options.color, linesAbove: 1, linesBelow: 1 },
  );
  return frame
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

function skippedBlock(result: AnalysisResult, c: Colors): string {
  const noun = result.skipped.length === 1 ? "file" : "files";
  const rows = result.skipped.map((s) => `  ${s.path}: ${s.reason}`);
  return [c.yellow(`Skipped ${result.skipped.length} ${noun}:`), ...rows].join("\n");
}

/** `2 errors, 1 warning (1 suppressed) in 14 files read of 220`. */
export function summaryLine(result: AnalysisResult, c: Colors = createColors(false)): string {
  const active = result.findings.filter((f) => !f.suppressed);
  const suppressed = result.findings.length - active.length;
  const counts = SEVERITIES.map((s) => [s, active.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => severityLabel(s, c, `${n} ${s}${n === 1 ? "" : "s"}`));
  const suffix = `${suppressed > 0 ? ` (${suppressed} suppressed)` : ""} in ${filesRead(result)}`;
  if (counts.length === 0) return `${c.green("No startup database work found")}${suffix}`;
  return `${counts.join(", ")}${suffix}`;
}

function filesRead(result: AnalysisResult): string {
  const { filesRead: read, filesListed: listed } = result.stats;
  return `${read} ${read === 1 ? "file" : "files"} read of ${listed}`;
}

function severityLabel(severity: Severity, c: Colors, text: string = severity): string {
  if (severity === "error") return c.red(text);
  if (severity === "warning") return c.yellow(text);
  return c.blue(text);
}

function where(location: Location): string {
  return `${location.path}:${location.startLine}:${location.startColumn}`;
}

/** `confirmed: psycopg2 connection (Django) open at the gunicorn master before its first fork`. */
export function runtimeLine(r: RuntimeEvidence): string {
  const head = r.confirmed
    ? `confirmed${r.probeOnly ? " (seen only by forksafe probe)" : ""}: ${r.what} open or alive at the first fork (${r.seenAt})`
    : `not confirmed: ${r.what} ${r.seenAt}`;
  return r.handledInWorker ? `${head}; then ${r.handledInWorker}` : head;
}
