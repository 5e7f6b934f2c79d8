// .github/forksafe.yml as Probot's `context.config` reads it: the repository's default branch,
// else the organisation's `.github` repository, `_extends` followed; validated by the one
// config schema. Both candidate texts arrive with the first batch of file contents (see
// repo-source.ts); only a file that uses `_extends` goes through Probot's config loader,
// which follows the chain.
import { ConfigError, parseConfig, parseConfigText } from "../config/load-config.js";
import type { Config } from "../config/schema.js";
import type { ConfigTexts } from "./blob-batch.js";
import type { GitHub, RepoRef } from "./octokit.js";

export const CONFIG_PATH = ".github/forksafe.yml";

export type ConfigResult = { ok: true; config: Config; files: string[] } | { ok: false; problem: string };

export async function readConfig(octokit: GitHub, repo: RepoRef, texts: ConfigTexts): Promise<ConfigResult> {
  const chosen =
    texts.own !== undefined
      ? { name: `${repo.owner}/${repo.repo}:${CONFIG_PATH}`, text: texts.own }
      : texts.org !== undefined
        ? { name: `${repo.owner}/.github:${CONFIG_PATH}`, text: texts.org }
        : undefined;
  if (!chosen) return { ok: true, config: parseConfig({}, CONFIG_PATH), files: [] };
  try {
    if (/^_extends\s*:/m.test(chosen.text)) return await readWithExtends(octokit, repo);
    return { ok: true, config: parseConfigText(chosen.text, chosen.name), files: [chosen.name] };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problem: error.message };
    throw error;
  }
}

async function readWithExtends(octokit: GitHub, repo: RepoRef): Promise<ConfigResult> {
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
  return { ok: true, config: parseConfig(merged, files.at(0) ?? CONFIG_PATH), files };
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
