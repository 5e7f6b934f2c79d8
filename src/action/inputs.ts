// The Action's inputs, read as the runner passes them: `INPUT_<NAME>` (upper case, hyphens kept),
// and the event that started the workflow (for the pull request's base commit).
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { FAIL_ON, type FailOn } from "../config/schema.js";
import { UsageError } from "../sources/fs-tree.js";

export interface ActionInputs {
  /** The workspace (repository root on the runner), absolute. */
  workspace: string;
  /** The directory to scan, absolute. */
  root: string;
  failOn?: FailOn;
  /** The configuration file, absolute, when the `config` input is set. */
  config?: string;
  /** The commit to diff against: the input, else the pull request's base. */
  base?: string;
  sarifFile: string;
  /** Write the fixes `forksafe fix` would make into the workspace before reporting. */
  fix: boolean;
}

type Env = Record<string, string | undefined>;

/** An input's value, trimmed; undefined when unset or empty (the runner passes defaults). */
export function input(env: Env, name: string): string | undefined {
  const value = env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

export function readInputs(env: Env): ActionInputs {
  const workspace = path.resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const failOn = input(env, "fail-on");
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UsageError(`input fail-on: must be one of ${FAIL_ON.join(", ")}; got "${failOn}"`);
  }
  const config = input(env, "config");
  const base = input(env, "base") ?? pullRequestBase(env);
  const temp = env.RUNNER_TEMP ?? tmpdir();
  const fix = input(env, "fix") ?? "false";
  if (!/^(true|false)$/i.test(fix)) throw new UsageError(`input fix: must be true or false; got "${fix}"`);
  return {
    workspace,
    root: path.resolve(workspace, input(env, "path") ?? "."),
    ...(failOn !== undefined ? { failOn: failOn as FailOn } : {}),
    ...(config !== undefined ? { config: path.resolve(workspace, config) } : {}),
    ...(base !== undefined ? { base } : {}),
    sarifFile: path.resolve(workspace, input(env, "sarif-file") ?? path.join(temp, "forksafe.sarif")),
    fix: fix.toLowerCase() === "true",
  };
}

/** `pull_request.base.sha` from the event on pull_request events; undefined otherwise. */
function pullRequestBase(env: Env): string | undefined {
  const name = env.GITHUB_EVENT_NAME;
  if (name !== "pull_request" && name !== "pull_request_target") return undefined;
  const file = env.GITHUB_EVENT_PATH;
  if (!file) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`GITHUB_EVENT_PATH ${file}: cannot read the event (${(error as Error).message})`);
  }
  const sha = (event as { pull_request?: { base?: { sha?: unknown } } }).pull_request?.base?.sha;
  return typeof sha === "string" && sha !== "" ? sha : undefined;
}
