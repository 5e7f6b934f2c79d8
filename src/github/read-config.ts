// .github/forksafe.yml as Probot's `context.config` reads it: the repository's default branch,
// else the organisation's `.github` repository, `_extends` followed; validated by the one
// config schema. Both candidate files come in one GraphQL request; only a file that uses
// `_extends` goes through Probot's config loader, which follows the chain.
import { ConfigError, parseConfig, parseConfigText } from "../config/load-config.js";
import type { Config } from "../config/schema.js";
import type { GitHub, RepoRef } from "./octokit.js";

export const CONFIG_PATH = ".github/forksafe.yml";

export type ConfigResult = { ok: true; config: Config; files: string[] } | { ok: false; problem: string };

const CANDIDATES_QUERY = `query ($owner: String!, $repo: String!, $expression: String!) {
  own: repository(owner: $owner, name: $repo) { object(expression: $expression) { ... on Blob { text } } }
  org: repository(owner: $owner, name: ".github") { object(expression: $expression) { ... on Blob { text } } }
}`;

type Candidates = { own?: { object: { text?: string | null } | null } | null; org?: { object: { text?: string | null } | null } | null };

export async function readConfig(octokit: GitHub, repo: RepoRef): Promise<ConfigResult> {
  const found = await candidateFiles(octokit, repo);
  const chosen = found.own ?? found.org;
  if (!chosen) return { ok: true, config: parseConfig({}, CONFIG_PATH), files: [] };
  try {
    if (/^_extends\s*:/m.test(chosen.text)) return await readWithExtends(octokit, repo);
    return { ok: true, config: parseConfigText(chosen.text, chosen.name), files: [chosen.name] };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, problem: error.message };
    throw error;
  }
}

/** The repository's file and the organisation's, at their default branches; a missing repository is no error. */
async function candidateFiles(octokit: GitHub, repo: RepoRef): Promise<{ own?: NamedText; org?: NamedText }> {
  let data: Candidates;
  try {
    data = await octokit.graphql<Candidates>(CANDIDATES_QUERY, { owner: repo.owner, repo: repo.repo, expression: `HEAD:${CONFIG_PATH}` });
  } catch (error) {
    // GitHub answers NOT_FOUND for an organisation without a `.github` repository, with the rest of the data.
    const partial = (error as { name?: string; data?: unknown }).name === "GraphqlResponseError" ? (error as { data?: unknown }).data : undefined;
    if (!partial) throw error;
    data = partial as Candidates;
  }
  const own = data.own?.object?.text;
  const org = data.org?.object?.text;
  return {
    ...(typeof own === "string" ? { own: { name: `${repo.owner}/${repo.repo}:${CONFIG_PATH}`, text: own } } : {}),
    ...(typeof org === "string" ? { org: { name: `${repo.owner}/.github:${CONFIG_PATH}`, text: org } } : {}),
  };
}

interface NamedText {
  name: string;
  text: string;
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
