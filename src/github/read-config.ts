// .github/forksafe.yml as Probot's `context.config` reads it (the repository's default branch,
// `_extends`, the organisation's `.github` repository), validated by the one config schema.
import { ConfigError, parseConfig } from "../config/load-config.js";
import type { Config } from "../config/schema.js";
import type { GitHub, RepoRef } from "./octokit.js";

export const CONFIG_PATH = ".github/forksafe.yml";

export type ConfigResult = { ok: true; config: Config; files: string[] } | { ok: false; problem: string };

export async function readConfig(octokit: GitHub, repo: RepoRef): Promise<ConfigResult> {
  let merged: unknown;
  let files: string[];
  try {
    const result = await octokit.config.get({ ...repo, path: CONFIG_PATH, defaults: (configs: Record<string, unknown>[]) => configs.reduce(mergeConfig, {}) });
    merged = result.config;
    files = result.files.filter((f) => f.config !== null).map((f) => `${f.owner}/${f.repo}:${f.path}`);
  } catch (error) {
    if (!isReadProblem(error)) throw error;
    return { ok: false, problem: (error as Error).message.replace("[@probot/octokit-plugin-config] ", "") };
  }
  try {
    return { ok: true, config: parseConfig(merged, files.at(0) ?? CONFIG_PATH), files };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problem: error.message };
    throw error;
  }
}

/** Later files (the repository's own) win; mappings merge key by key, lists are replaced. */
function mergeConfig(base: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(next)) {
    const prior = out[key];
    out[key] = isMapping(prior) && isMapping(value) ? mergeConfig(prior, value) : value;
  }
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The config plugin's own errors (invalid YAML, recursion, a directory) are the user's to fix. */
function isReadProblem(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("[@probot/octokit-plugin-config]");
}
