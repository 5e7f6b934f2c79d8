// Lists a repository too large for one recursive tree answer: walks its folders over GraphQL,
// a few levels a request and many folders a request, never entering folders that hold no
// application code (dependencies, virtualenvs, assets, documentation).
import type { GitHubClient } from "./pull-files.js";

/** Folder names whose contents the analysis never needs. */
export const SKIPPED_DIRS = new Set([
  "node_modules",
  "bower_components",
  "static",
  "staticfiles",
  "media",
  "assets",
  "docs",
  "doc",
  "vendor",
  "vendored",
  "third_party",
  "venv",
  ".venv",
  "virtualenv",
  "site-packages",
  ".git",
  "__pycache__",
  ".tox",
  ".nox",
  "dist",
  "build",
  "coverage",
  "locale",
]);

/** The root is read one level deep (its folders may be huge); the folders kept, three deep. */
const LEVELS_PER_REQUEST = 3;
const DIRS_PER_REQUEST = 100;
const MAX_REQUESTS = 20;

/** A blob's git mode when it is a symbolic link (0o120000); its text is then the link's target. */
export const LINK_MODE = 0o120000;

interface Entry {
  name: string;
  type: string;
  mode?: number;
  size: number;
  object?: { entries?: Entry[] } | null;
}

export interface WalkTarget {
  owner: string;
  repo: string;
  sha: string;
}

/**
 * Every blob's path and size under the folders of interest. `knownDirs` are top-level folders
 * the truncated listing already named: they are walked in the same request as the root.
 */
export async function walkTree(
  octokit: GitHubClient,
  target: WalkTarget,
  knownDirs: Iterable<string> = [],
  links: Set<string> = new Set(),
): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const known = [...knownDirs].filter((dir) => !dir.includes("/") && !SKIPPED_DIRS.has(dir));
  const queued = new Set(known);
  let pending: Walk[] = [{ dir: "", levels: 1 }, ...known.map((dir) => ({ dir, levels: LEVELS_PER_REQUEST }))];
  for (let requests = 0; pending.length > 0 && requests < MAX_REQUESTS; requests++) {
    const walks = pending.slice(0, DIRS_PER_REQUEST);
    const next: string[] = [];
    const answer = await octokit.graphql<{ repository: Record<string, { entries?: Entry[] } | null> | null }>(walkQuery(walks), {
      owner: target.owner,
      name: target.repo,
      ...Object.fromEntries(walks.map((walk, i) => [`e${i}`, `${target.sha}:${walk.dir}`])),
    });
    walks.forEach((walk, i) => collect(answer.repository?.[`d${i}`]?.entries ?? [], walk.dir, walk.levels, sizes, next, links));
    const fresh = next.filter((dir) => !queued.has(dir));
    for (const dir of fresh) queued.add(dir);
    pending = [...pending.slice(DIRS_PER_REQUEST), ...fresh.map((dir) => ({ dir, levels: LEVELS_PER_REQUEST }))];
  }
  return sizes;
}

interface Walk {
  dir: string;
  levels: number;
}

function collect(entries: Entry[], dir: string, levelsLeft: number, sizes: Map<string, number>, next: string[], links: Set<string>): void {
  for (const entry of entries) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.type === "blob") sizes.set(path, entry.size);
    if (entry.type === "blob" && entry.mode === LINK_MODE) links.add(path);
    if (entry.type !== "tree" || SKIPPED_DIRS.has(entry.name)) continue;
    if (levelsLeft > 1) collect(entry.object?.entries ?? [], path, levelsLeft - 1, sizes, next, links);
    else next.push(path);
  }
}

function walkQuery(walks: Walk[]): string {
  const selection = (levels: number): string => {
    let fields = "name type mode size";
    for (let level = 1; level < levels; level++) fields = `name type mode size object { ... on Tree { entries { ${fields} } } }`;
    return fields;
  };
  const declared = ["$owner: String!", "$name: String!", ...walks.map((_, i) => `$e${i}: String!`)];
  const fields = walks.map((walk, i) => `d${i}: object(expression: $e${i}) { ... on Tree { entries { ${selection(walk.levels)} } } }`);
  return `query(${declared.join(", ")}) {\n  repository(owner: $owner, name: $name) {\n    ${fields.join("\n    ")}\n  }\n}`;
}
