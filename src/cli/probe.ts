// `forksafe probe -- <server command>`: run the team's own server with the probe's hook, and
// report what its master holds at its first fork as findings (text, JSON or SARIF). It runs
// repository code on purpose, where the team runs it (CI, a laptop); the App never does this.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AnalysisResult, Finding } from "../analysis/types.js";
import type { FailOn } from "../config/schema.js";
import { jsonReport } from "../report/json.js";
import { renderSarif } from "../report/sarif.js";
import { renderText } from "../report/text.js";
import { fails } from "../sources/scan-directory.js";
import { probeFindings } from "../probe/probe-findings.js";
import { runProbe, type ProbeRun } from "../probe/run-probe.js";
import type { Format } from "./scan.js";

export interface ProbeOptions {
  format: Format;
  failOn: FailOn;
  timeoutSeconds: number;
  /** Also write the JSON report here (what `scan --probe` reads). */
  json?: string;
  color: boolean;
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface ProbeOutput {
  stdout: string;
  /** The outcome and, on a fault, what went wrong (with the server's last output). */
  stderr: string;
  exitCode: 0 | 1 | 2;
  run: ProbeRun;
  findings: Finding[];
}

/** Lines of the server's output shown when it fails before forking. */
const OUTPUT_LINES_SHOWN = 40;

/**
 *  1. Run the command with the hook until its first fork (or a fault), then stop it.
 *  2. Turn what the hook saw into findings.
 *  3. Render them; write the JSON file when asked; decide the exit code (2 on a fault).
 */
export async function probe(command: string[], options: ProbeOptions): Promise<ProbeOutput> {
  const run = await runProbe(command, { cwd: options.cwd, timeoutSeconds: options.timeoutSeconds, ...(options.env ? { env: options.env } : {}) });
  const findings = probeFindings(run, options.cwd);
  const result: AnalysisResult = { findings, entryPoints: [], skipped: [], stats: { filesListed: 0, filesRead: 0, filesParsed: 0, bytesRead: 0 } };
  const outcome = outcomeLine(run, findings);
  const json = `${JSON.stringify({ ...jsonReport(result), probe: probeSection(run, outcome) }, null, 2)}\n`;
  if (options.json !== undefined) writeFileSync(options.json, json);
  const stdout =
    options.format === "json"
      ? json
      : options.format === "sarif"
        ? renderSarif(result, { srcRootUri: `${pathToFileURL(options.cwd).href}/` })
        : renderText(result, { color: options.color, showSuppressed: true, sources: sourcesOf(findings, options.cwd), summary: outcome });
  const fault = faultText(run) ?? attemptText(run, findings);
  const exitCode = fault ? 2 : findings.some((f) => fails(f, options.failOn)) ? 1 : 0;
  return { stdout, stderr: fault ? `forksafe: ${fault}\n` : options.format === "text" ? "" : `forksafe: ${outcome}\n`, exitCode, run, findings };
}

function probeSection(run: ProbeRun, outcome: string) {
  return {
    command: run.command,
    outcome,
    server: run.report?.server,
    preload: run.report?.preload,
    takenIn: run.report?.takenIn,
    ...(run.fault ? { fault: run.fault } : {}),
    seconds: Number(run.seconds.toFixed(2)),
    hookSeconds: Number(((run.report?.hookSeconds ?? 0) + (run.worker?.hookSeconds ?? 0)).toFixed(4)),
  };
}

/** One line saying what the probe saw, for the text summary and for stderr. */
export function outcomeLine(run: ProbeRun, findings: Finding[]): string {
  const r = run.report;
  if (!r) return `the server never forked: ${findings.length} thing${findings.length === 1 ? "" : "s"} created or attempted before the fault`;
  const server = r.server === "unknown" ? "the server" : r.server;
  const inherited = findings.filter((f) => f.runtime?.confirmed).length;
  const handled = r.items.length - inherited;
  if (r.items.length === 0 && r.preload === false) {
    return r.server === "uwsgi"
      ? "uwsgi loads the app in each worker after fork (lazy-apps): the workers inherit nothing of it"
      : `${server} forked its first worker before loading the app (no preload): the workers inherit nothing of it`;
  }
  if (r.items.length === 0)
    return `nothing open or alive in the master at its first fork (${server}): the workers inherit nothing${r.preload === false ? "; it had not loaded the app" : ""}`;
  const more = handled > 0 ? `; ${handled} replaced by the first worker's own initialisation` : "";
  const silent = run.workerSilent ? "; the first worker did not reach accept() in time, so what its post_fork closes is not known" : "";
  const master = r.server === "unknown" ? "the master" : `the ${r.server} master`;
  return `${inherited} thing${inherited === 1 ? "" : "s"} open or alive in ${master} at its first fork, which every worker inherits${more}${silent}`;
}

/** The fault, for people; undefined when the run reached its first fork. */
export function faultText(run: ProbeRun): string | undefined {
  const fault = run.fault;
  if (!fault) return undefined;
  if (fault.kind === "not-found") return `command ${fault.reason}: ${fault.command}`;
  const tail = run.output.trimEnd().split("\n").slice(-OUTPUT_LINES_SHOWN).join("\n");
  const output = tail ? `\nThe server's output ends with:\n${tail}` : "";
  const hint =
    run.hookLoaded === false
      ? "\nThe probe's hook did not start in it: is it a Python server, run by an interpreter that reads PYTHONPATH (not python -E or -I)?"
      : "";
  if (fault.kind === "timeout") return `the server did not fork within ${fault.seconds} s: stopped it; what it created so far is reported${hint}${output}`;
  if (fault.kind === "no-hook") return `the probe's hook wrote no report${hint}${output}`;
  const how = fault.signal ? `on signal ${fault.signal}` : `with code ${fault.code}`;
  return `the server exited ${how} before its first fork (the app failed to load?)${hint}${output}`;
}

export function resolveJsonPath(file: string | undefined): string | undefined {
  return file === undefined ? undefined : path.resolve(file);
}

/** The texts of the team's files the findings point at, for the code frames. */
function sourcesOf(findings: Finding[], cwd: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const p of new Set(findings.map((f) => f.location.path))) {
    try {
      sources.set(p, readFileSync(path.resolve(cwd, p), "utf8"));
    } catch {
      // a library file, or gone: no frame
    }
  }
  return sources;
}

/** A server that forked although a database connection failed in its master (uWSGI does). */
function attemptText(run: ProbeRun, findings: Finding[]): string | undefined {
  const failed = findings.filter((f) => f.runtime && !f.runtime.confirmed);
  if (!run.report || failed.length === 0) return undefined;
  const first = failed[0]!;
  return (
    `a database connection failed in the master before it forked (${first.location.path}:${first.location.startLine}, ${first.runtime!.seenAt}): ` +
    "the app may not have loaded, so what it would hold at fork is not known; give the probe a database it can reach"
  );
}
