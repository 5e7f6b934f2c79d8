// Runs the Action the way a runner does: `node action/dist/index.mjs` (action.yml's `main`) in the
// workspace, with INPUT_* variables, the event file, and the summary and output files.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const ACTION_MAIN = path.join(REPO, (parse(readFileSync(path.join(REPO, "action.yml"), "utf8")) as { runs: { main: string } }).runs.main);

export interface ActionRun {
  status: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  /** Annotation commands from stdout: `::error file=...::message`. */
  annotations: string[];
  runnerTemp: string;
}

export function runAction(workspace: string, inputs: Record<string, string>, event: { name: string; payload?: unknown } = { name: "push" }): ActionRun {
  const runnerTemp = mkdtempSync(path.join(tmpdir(), "forksafe-runner-"));
  const summaryFile = path.join(runnerTemp, "step_summary");
  const outputFile = path.join(runnerTemp, "output");
  const eventFile = path.join(runnerTemp, "event.json");
  writeFileSync(summaryFile, "");
  writeFileSync(outputFile, "");
  writeFileSync(eventFile, JSON.stringify(event.payload ?? {}));
  // The runner passes every declared input, empty when not set.
  const declared = ["path", "fail-on", "config", "base", "sarif-file", "fix"];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? runnerTemp,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: runnerTemp,
  };
  for (const name of declared) env[`INPUT_${name.toUpperCase()}`] = name === "path" ? "." : "";
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const result = spawnSync(process.execPath, [ACTION_MAIN], { cwd: workspace, env, encoding: "utf8", timeout: 60_000 });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    summary: readFileSync(summaryFile, "utf8"),
    outputs: parseOutputs(readFileSync(outputFile, "utf8")),
    annotations: result.stdout.split("\n").filter((l) => /^::(error|warning|notice) /.test(l)),
    runnerTemp,
  };
}

/** `name<<DELIM\nvalue\nDELIM` blocks, as the runner reads GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf(m[2]!, i + 1);
    out[m[1]!] = lines.slice(i + 1, end).join("\n");
    i = end;
  }
  return out;
}
