// The GitHub Action: scan the checkout, write the SARIF file, the job summary, annotations and
// outputs, and exit by `fail-on`. Errors the user can fix end the step with their message.
import { randomUUID } from "node:crypto";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { reportedLocations, type AnalysisResult, type Finding } from "../analysis/types.js";
import { fails, scanDirectory } from "../sources/scan-directory.js";
import { planFixes } from "../fix/plan.js";
import type { FixPlan } from "../fix/types.js";
import { fixSummary } from "../report/fix-summary.js";
import { writePlan } from "../sources/write-plan.js";
import { ConfigError } from "../config/load-config.js";
import { jobSummary } from "../report/job-summary.js";
import { relocate } from "../report/relocate.js";
import { commentText } from "../report/review-comment.js";
import { plainHeadline } from "../report/headline.js";
import { renderSarif } from "../report/sarif.js";
import { UsageError } from "../sources/fs-tree.js";
import { faultText, outcomeLine, probe } from "../cli/probe.js";
import { mergeProbe } from "../probe/merge.js";
import { ensureCommit } from "./base-commit.js";
import { readInputs } from "./inputs.js";
import { ANNOTATIONS_SHOWN_PER_LEVEL, annotationCommand, errorCommand, type AnnotationLevel, type WorkflowAnnotation } from "./workflow-commands.js";

type Env = Record<string, string | undefined>;

export interface ActionIo {
  /** Workflow commands and log lines (the runner reads stdout). */
  log: (line: string) => void;
}

/**
 *  1. Read the inputs and the event (the pull request's base commit).
 *  2. With `fix: true`, scan the whole directory, write the fixes into the workspace (a later
 *     step may commit them), and report what is left after them.
 *  3. Scan the directory, limited to the diff against the base when there is one.
 *  4. With `probe-command`, run it with the probe and merge what it saw into the findings.
 *  5. Make paths relative to the repository root (the workspace).
 *  6. Write the SARIF file, the annotations, the job summary (with the fixes and the probe's
 *     outcome) and the outputs.
 *  7. Return the exit code: 1 when a finding reaches `fail-on` or the probe faulted, else 0.
 */
export async function runAction(env: Env, io: ActionIo): Promise<number> {
  const started = Date.now();
  try {
    const inputs = readInputs(env);
    if (inputs.base !== undefined) await ensureCommit(inputs.root, inputs.base);
    const fixed = inputs.fix ? await writeFixes(inputs.root, inputs.config) : undefined;
    const scanned = await scanDirectory(inputs.root, {
      ...(inputs.config !== undefined ? { config: inputs.config } : {}),
      ...(inputs.base !== undefined ? { base: inputs.base } : {}),
    });
    const probed = inputs.probeCommand ? await probeStep(inputs.probeCommand, scanned.root, inputs.probeTimeoutSeconds, io) : undefined;
    const reported = probed
      ? { ...scanned.reported, findings: mergeProbe(scanned.reported.findings, probed.findings, scanned.result.findings) }
      : scanned.reported;
    const prefix = path.relative(inputs.workspace, scanned.root).split(path.sep).join("/");
    const result = relocate(reported, prefix.startsWith("..") ? "" : prefix);
    const failOn = inputs.failOn ?? scanned.config.fail_on;
    const active = result.findings.filter((f) => !f.suppressed);
    const failed = result.findings.some((f) => fails(f, failOn)) || probed?.fault !== undefined;

    writeSarif(inputs.sarifFile, result, inputs.workspace);
    const annotations = annotationsOf(active);
    const shown = firstPerLevel(annotations, ANNOTATIONS_SHOWN_PER_LEVEL);
    for (const a of shown) io.log(annotationCommand(a));
    const prefixOf = prefix.startsWith("..") || prefix === "" ? "" : `${prefix}/`;
    const fixes = fixed ? `\n${fixSummary(fixed, prefixOf)}` : "";
    const probeNote = probed && inputs.probeCommand ? `\n${probeSummary(inputs.probeCommand, probed)}` : "";
    const summary = jobSummary({
      result,
      failOn,
      failed,
      annotations: { written: shown.length, shownPerLevel: ANNOTATIONS_SHOWN_PER_LEVEL, overflow: annotations.length - shown.length },
      sarifFile: path.relative(inputs.workspace, inputs.sarifFile).startsWith("..") ? inputs.sarifFile : path.relative(inputs.workspace, inputs.sarifFile),
      ...(inputs.base !== undefined ? { diffNote: `the base ${inputs.base.slice(0, 12)}` } : {}),
    });
    if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, summary + fixes + probeNote);
    setOutputs(env, {
      "sarif-file": inputs.sarifFile,
      findings: String(active.length),
      errors: String(active.filter((f) => f.severity === "error").length),
      ...(fixed ? { "fixed-files": fixed.changes.map((c) => `${prefixOf}${c.path}`).join("\n") } : {}),
    });
    if (fixed) {
      for (const change of fixed.changes) for (const d of change.descriptions) io.log(`forksafe: fixed ${prefixOf}${d}`);
      for (const r of fixed.refusals) io.log(`forksafe: not fixed: ${r.ruleId} ${prefixOf}${r.path}:${r.line}: ${r.reason}`);
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    io.log(
      `forksafe: ${active.length} finding${active.length === 1 ? "" : "s"} in ${seconds} s (${result.stats.filesRead} files read of ${result.stats.filesListed}); SARIF in ${inputs.sarifFile}`,
    );
    if (probed?.fault !== undefined) io.log(errorCommand(`Forksafe probe: ${probed.fault}`));
    else if (failed) io.log(`forksafe: failing the step: findings at or above fail-on: ${failOn} (see the job summary)`);
    return failed ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.log(errorCommand(`Forksafe: ${error.message}`));
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.log(errorCommand(`Forksafe: internal error: ${message}; please report it`));
    if (env.FORKSAFE_DEBUG === "1" && error instanceof Error && error.stack) io.log(error.stack);
    return 1;
  }
}

/** The fixes for everything the directory holds (not only the diff), written before the scan that reports. */
async function writeFixes(root: string, config: string | undefined): Promise<FixPlan> {
  const scanned = await scanDirectory(root, config !== undefined ? { config } : {});
  const plan = await planFixes(scanned.tree, scanned.result);
  writePlan(scanned.root, plan);
  return plan;
}

/**
 * Runs the team's server command with the probe, in the scanned directory, and logs its outcome.
 * A fault (command not found, the app failed to load, a hang) fails the step after the report.
 */
async function probeStep(command: string[], cwd: string, timeoutSeconds: number, io: ActionIo): Promise<Probed> {
  io.log(`forksafe: probing ${command.join(" ")} (runs the server until its first fork)`);
  const output = await probe(command, { format: "text", failOn: "never", timeoutSeconds, color: false, cwd });
  const outcome = outcomeLine(output.run, output.findings);
  io.log(`forksafe probe: ${outcome}`);
  const fault = faultText(output.run);
  if (fault === undefined) return { findings: output.findings, outcome };
  // The first line becomes the error annotation; the rest (the server's output) goes to the log.
  const [first = "", ...rest] = fault.split("\n");
  for (const line of rest) io.log(line);
  return { findings: output.findings, outcome, fault: first };
}

interface Probed {
  findings: Finding[];
  /** One line: what the workers inherit, or that nothing is (forksafe probe's own wording). */
  outcome: string;
  fault?: string;
}

/** The job summary's section on the probe: the command, what it found, and a fault if any. */
function probeSummary(command: string[], probed: Probed): string {
  const lines = ["### Probe", "", `\`${command.join(" ")}\`: ${probed.outcome}.`];
  if (probed.fault !== undefined) lines.push("", `**The probe failed:** ${probed.fault}`);
  return `${lines.join("\n")}\n`;
}

function writeSarif(file: string, result: AnalysisResult, workspace: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, renderSarif(result, { srcRootUri: `${pathToFileURL(workspace).href}/` }));
}

const LEVEL: Record<Finding["severity"], AnnotationLevel> = { error: "error", warning: "warning", note: "notice" };

/** One annotation a reported location, as the check run has them. */
function annotationsOf(findings: Finding[]): WorkflowAnnotation[] {
  return findings.flatMap((f) =>
    reportedLocations(f).map((l) => ({
      level: LEVEL[f.severity],
      file: l.path,
      line: l.startLine,
      endLine: l.endLine,
      ...(l.startLine === l.endLine ? { col: l.startColumn, endColumn: l.endColumn } : {}),
      title: plainHeadline(f),
      message: commentText(f),
    })),
  );
}

function firstPerLevel(annotations: WorkflowAnnotation[], n: number): WorkflowAnnotation[] {
  const seen = new Map<AnnotationLevel, number>();
  return annotations.filter((a) => {
    const k = (seen.get(a.level) ?? 0) + 1;
    seen.set(a.level, k);
    return k <= n;
  });
}

/** `name<<DELIMITER` blocks in GITHUB_OUTPUT, so no value can break out of its line. */
function setOutputs(env: Env, outputs: Record<string, string>): void {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  const text = Object.entries(outputs)
    .map(([name, value]) => {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join("");
  appendFileSync(file, text);
}
