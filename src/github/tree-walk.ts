// Lists a repository too large for one recursive tree answer: walks its folders over GraphQL,
// a few levels a request and many folders a request, never entering folders that hold no
// application code (dependencies, virtualenvs, assets, documentation).
import type { GitHubClient } from "./pull-files.js";

/** Folder names whose contents the analysis never needs. */
export const SKIPPED_DIRS = new Set([
  "node_modules", "bower_components", "static", "staticfiles", "media", "assets", "docs", "doc",
  "vendor", "vendored", "third_party", "venv", ".venv", "virtualenv", "site-packages",
  ".git", "__pycache__", ".tox", ".nox", "dist", "build", "coverage", "locale",
]);

/** The root is read one level deep (its folders may be huge); the folders kept, three deep. */
const LEVELS_PER_REQUEST = 3;
const DIRS_PER_REQUEST = 100;
const MAX_REQUESTS = 20;

interface Entry {
  name: string;
  type: string;
  size: number;
  object?: { entries?: Entry[] } | null;
}

export interface WalkTarget {
  owner: string;
  repo: string;
  sha: string;
}

/** Every blob's path and size under the folders of interest. */
export async function walkTree(octokit: GitHubClient, target: WalkTarget): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  let pending = [""];
  for (let requests = 0; pending.length > 0 && requests < MAX_REQUESTS; requests++) {
    const levels = requests === 0 ? 1 : LEVELS_PER_REQUEST;
    const dirs = pending.slice(0, DIRS_PER_REQUEST);
    const next = pending.slice(DIRS_PER_REQUEST);
    const answer = await octokit.graphql<{ repository: Record<string, { entries?: Entry[] } | null> | null }>(walkQuery(dirs.length, levels), {
      owner: target.owner,
      name: target.repo,
      ...Object.fromEntries(dirs.map((dir, i) => [`e${i}`, `${target.sha}:${dir}`])),
    });
    dirs.forEach((dir, i) => collect(answer.repository?.[`d${i}`]?.entries ?? [], dir, levels, sizes, next));
    pending = next;
  }
  return sizes;
}

function collect(entries: Entry[], dir: string, levelsLeft: number, sizes: Map<string, number>, next: string[]): void {
  for (const entry of entries) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.type === "blob") sizes.set(path, entry.size);
    if (entry.type !== "tree" || SKIPPED_DIRS.has(entry.name)) continue;
    if (levelsLeft > 1) collect(entry.object?.entries ?? [], path, levelsLeft - 1, sizes, next);
    else next.push(path);
  }
}

function walkQuery(count: number, levels: number): string {
  let selection = "name type size";
  for (let level = 1; level < levels; level++) {
    selection = `name type size object { ... on Tree { entries { ${selection} } } }`;
  }
  const declared = ["$owner: String!", "$name: String!", ...Array.from({ length: count }, (_, i) => `$e${i}: String!`)];
  const fields = Array.from({ length: count }, (_, i) => `d${i}: object(expression: $e${i}) { ... on Tree { entries { ${selection} } } }`);
  return `query(${declared.join(", ")}) {\n  repository(owner: $owner, name: $name) {\n    ${fields.join("\n    ")}\n  }\n}`;
}
