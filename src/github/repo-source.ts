// A SourceTree over the GitHub API at one commit: the analysis reads a pull request's head
// without a clone. Requests stay few whatever the repository's size:
//  1. paths(): the recursive git tree, one request; when GitHub truncates it, walk only the
//     subtrees of interest over GraphQL, a few levels a request, skipping vendored and asset folders.
//  2. read(): files in GraphQL batches, never one request per file. The first read also fetches
//     the files the analysis is about to want (apps, settings, wsgi, server configs), so its
//     later waves come from cache; and, when asked, the pull request's review threads.
//  3. reviewThreads(): the threads fetched with the first read, or on their own if none happened.
//  4. configTexts(): the app's config file, repository's and owner's, fetched with the first read.
//  5. Symbolic links (git mode 120000, whose blob is the target's path) read as the file they
//     point at when it is in the repository, as the file-system tree reads them; a link out of the
//     repository, to a directory or to another link is skipped with the reason, never read.
import { MAX_FILE_BYTES, type ReadResult, type SourceTree } from "../analysis/source-tree.js";
import { emptyThreads, readBlobBatch, THREADS_FIELDS, type ConfigTexts, type ThreadNode, type ThreadsPage } from "./blob-batch.js";
import type { GitHubClient } from "./pull-files.js";
import { posix } from "node:path";
import { walkTree } from "./tree-walk.js";

export type { ThreadNode } from "./blob-batch.js";

export interface RepoSourceOptions {
  owner: string;
  repo: string;
  sha: string;
  /** Fetch this pull request's review threads with the first read. */
  pullNumber?: number;
  /** Fetch this config file (default branches of the repository and of the owner's `.github`) with the first read. */
  configPath?: string;
  /** Caps for the speculative part of the first read. */
  prefetchFiles?: number;
  prefetchBytes?: number;
  /** Caps for one GraphQL request. */
  batchFiles?: number;
  batchBytes?: number;
}

export interface RepoSource extends SourceTree {
  reviewThreads(): Promise<ThreadNode[]>;
  /** The config file's texts, read with the first batch (which this makes happen if it has not yet). */
  configTexts(): Promise<ConfigTexts>;
  /** For a symbolic link read as the file it points at: that file's path. Undefined otherwise. */
  linkTarget(path: string): string | undefined;
}

export const OUTSIDE_LINK = "symbolic link to a file outside the repository: not read";
export const UNRESOLVED_LINK = "symbolic link to a directory, another link or a missing file: not read";

const DEFAULTS = { prefetchFiles: 1000, prefetchBytes: 6 * 1024 * 1024, batchFiles: 1000, batchBytes: 6 * 1024 * 1024 };

export function repoSource(octokit: GitHubClient, options: RepoSourceOptions): RepoSource {
  const caps = { ...DEFAULTS, ...options };
  const cache = new Map<string, ReadResult>();
  const links = new Set<string>();
  /** Links already resolved (their cache entry is the target's text or the reason), and where to. */
  const resolved = new Set<string>();
  const targets = new Map<string, string>();
  let listing: Promise<Map<string, number>> | undefined;
  let threads: ThreadsPage | undefined;
  let config: ConfigTexts | undefined;
  let readOnce = false;

  const sizes = () => (listing ??= listTree(octokit, options, links));

  async function fetchThreadPages(first: ThreadsPage): Promise<ThreadNode[]> {
    const nodes = [...first.nodes];
    let page = first;
    while (page.pageInfo.hasNextPage && options.pullNumber !== undefined) {
      page = await threadsPage(octokit, options, page.pageInfo.endCursor);
      nodes.push(...page.nodes);
    }
    return nodes;
  }

  /** The links among `paths`, resolved: each cache entry becomes its target's text, or the reason it is not read. */
  async function resolveLinks(paths: string[], known: Map<string, number>): Promise<void> {
    const wanted = new Map<string, string>();
    for (const path of paths) {
      if (!links.has(path) || resolved.has(path)) continue;
      resolved.add(path);
      const raw = cache.get(path);
      if (!raw || !("text" in raw)) continue;
      const target = insideTarget(path, raw.text);
      if (target === undefined) cache.set(path, { path, skipped: OUTSIDE_LINK });
      else if (!known.has(target) || links.has(target)) cache.set(path, { path, skipped: UNRESOLVED_LINK });
      else wanted.set(path, target);
    }
    if (wanted.size === 0) return;
    await source.read([...new Set(wanted.values())]);
    for (const [link, target] of wanted) {
      const read = cache.get(target)!;
      cache.set(link, "text" in read ? { path: link, text: read.text } : { path: link, skipped: `${target}: ${read.skipped}` });
      targets.set(link, target);
    }
  }

  const source: RepoSource = {
    linkTarget(path) {
      return targets.get(path);
    },

    async paths() {
      return [...(await sizes()).keys()].sort();
    },

    async read(paths) {
      const known = await sizes();
      const wanted = [...new Set(paths)].filter((p) => !cache.has(p));
      const first = !readOnce;
      readOnce = true;
      const extra = first ? speculative(known, wanted, caps.prefetchFiles, caps.prefetchBytes) : [];
      const toFetch: string[] = [];
      for (const path of [...wanted, ...extra]) {
        const size = known.get(path);
        if (size === undefined) cache.set(path, { path, skipped: "not found" });
        else if (size > MAX_FILE_BYTES) cache.set(path, { path, skipped: `over 1 MB (${size} bytes)` });
        else if (!cache.has(path)) toFetch.push(path);
      }
      const batches = chunk([...new Set(toFetch)], known, caps.batchFiles, caps.batchBytes);
      const wantThreads = first && options.pullNumber !== undefined && threads === undefined;
      const wantConfig = first && options.configPath !== undefined;
      if ((wantThreads || wantConfig) && batches.length === 0) batches.push([]);
      for (const [i, batch] of batches.entries()) {
        const answer = await readBlobBatch(octokit, {
          owner: options.owner,
          repo: options.repo,
          sha: options.sha,
          paths: batch,
          ...(i === 0 && wantThreads ? { threadsOf: options.pullNumber } : {}),
          ...(i === 0 && wantConfig ? { configPath: options.configPath } : {}),
        });
        for (const result of answer.files) cache.set(result.path, result);
        if (answer.threads) threads = answer.threads;
        if (answer.config) config = answer.config;
      }
      await resolveLinks(paths, known);
      return paths.map((path) => cache.get(path) ?? { path, skipped: "not found" });
    },

    async configTexts() {
      if (!readOnce) await this.read([]);
      if (config) return config;
      if (options.configPath === undefined) return {};
      config =
        (await readBlobBatch(octokit, { owner: options.owner, repo: options.repo, sha: options.sha, paths: [], configPath: options.configPath })).config ?? {};
      return config;
    },

    async reviewThreads() {
      if (options.pullNumber === undefined) return [];
      threads ??= await threadsPage(octokit, options, null);
      return fetchThreadPages(threads);
    },
  };
  return source;
}

/** Where a link's target is, as a repository path; undefined when it leaves the repository. */
function insideTarget(link: string, target: string): string | undefined {
  if (target.startsWith("/")) return undefined;
  const path = posix.normalize(posix.join(posix.dirname(link), target));
  return path === ".." || path.startsWith("../") ? undefined : path;
}

/** Every blob's path and size at the commit; symbolic links are added to `links`. */
async function listTree(octokit: GitHubClient, options: RepoSourceOptions, links: Set<string>): Promise<Map<string, number>> {
  const { data } = await octokit.rest.git.getTree({ owner: options.owner, repo: options.repo, tree_sha: options.sha, recursive: "1" });
  const sizes = new Map<string, number>();
  const topDirs = new Set<string>();
  for (const entry of data.tree) {
    if (entry.type === "blob" && entry.path) sizes.set(entry.path, entry.size ?? 0);
    if (entry.type === "blob" && entry.path && entry.mode === "120000") links.add(entry.path);
    if (entry.type === "tree" && entry.path && !entry.path.includes("/")) topDirs.add(entry.path);
  }
  if (!data.truncated) return sizes;
  for (const [path, size] of await walkTree(octokit, options, topDirs, links)) sizes.set(path, size);
  return sizes;
}

async function threadsPage(octokit: GitHubClient, options: RepoSourceOptions, cursor: string | null): Promise<ThreadsPage> {
  const query = `query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
    ${THREADS_FIELDS}
    }
  }
}`;
  const data = await octokit.graphql<{ repository: { pullRequest: { reviewThreads: ThreadsPage } | null } | null }>(query, {
    owner: options.owner,
    name: options.repo,
    number: options.pullNumber,
    cursor,
  });
  return data.repository?.pullRequest?.reviewThreads ?? emptyThreads();
}

const SERVER_CONFIG = [
  /(^|\/)gunicorn[^/]*\.(py|conf)$/,
  /(^|\/)Procfile[^/]*$/,
  /(^|\/)(Dockerfile[^/]*|[^/]+\.dockerfile)$/i,
  /(^|\/)(docker-)?compose[^/]*\.ya?ml$/,
  /\.ini$/,
  /\.service$/,
  /(^|\/)(fly\.toml|app\.yaml|app\.json|supervisord[^/]*\.conf)$/,
  /(^|\/)[^/]*\.sh$/,
  /(^|\/)\.env[^/]*$/,
  /(^|\/)(wsgi|asgi|settings|manage)\.py$/,
  /(^|\/)settings\/[^/]+\.py$/,
  // Packaging files: where the packages live, and apps registered through entry points.
  /(^|\/)(pyproject\.toml|setup\.cfg|setup\.py)$/,
];

/**
 * The files the analysis will ask for next, by name: server configs, environment files, shell
 * scripts, Django entry modules, packaging files and files that may hold an AppConfig; then every Python module in and below a folder holding an
 * `apps.py`; then the rest of the package those apps live in (`proj/` for `proj/shop/apps.py`),
 * whose shared modules the apps import. Never migrations or tests. One wide first read costs one
 * request; each later wave of reads costs another, spaced a second apart by the throttle.
 */
export function speculative(sizes: ReadonlyMap<string, number>, already: readonly string[], maxFiles: number, maxBytes: number): string[] {
  const appDirs = [...sizes.keys()].filter((p) => p === "apps.py" || p.endsWith("/apps.py")).map((p) => p.slice(0, -"apps.py".length));
  const packages = [...new Set(appDirs.filter((dir) => dir.split("/").length > 2).map((dir) => dir.slice(0, dir.indexOf("/") + 1)))];
  const python = (p: string) => p.endsWith(".py") && !/(^|\/)(migrations|tests?)\//.test(p) && !/(^|\/)tests?_[^/]*\.py$/.test(p);
  const byDepth = (a: string, b: string) => a.split("/").length - b.split("/").length || a.localeCompare(b);
  const configs = [...sizes.keys()].filter((p) => SERVER_CONFIG.some((re) => re.test(p)) || mayHoldAppConfig(p, sizes));
  const inApps = [...sizes.keys()].filter((p) => python(p) && appDirs.some((dir) => p.startsWith(dir))).sort(byDepth);
  const inPackages = [...sizes.keys()].filter((p) => python(p) && packages.some((dir) => p.startsWith(dir))).sort(byDepth);
  const modules = [...inApps, ...inPackages];
  const out: string[] = [];
  let bytes = already.reduce((sum, p) => sum + (sizes.get(p) ?? 0), 0);
  const taken = new Set(already);
  for (const path of [...configs, ...modules]) {
    const size = sizes.get(path) ?? 0;
    if (taken.has(path) || size > MAX_FILE_BYTES) continue;
    if (out.length + already.length >= maxFiles || bytes + size > maxBytes) break;
    taken.add(path);
    out.push(path);
    bytes += size;
  }
  return out;
}

/**
 * app.py, config.py, and the __init__.py, models.py and admin.py of a package with models.py but
 * no apps.py: where the analysis looks for AppConfigs outside apps.py, and what it then imports.
 */
function mayHoldAppConfig(path: string, sizes: ReadonlyMap<string, number>): boolean {
  if (/(^|\/)(app|config)\.py$/.test(path)) return !/(^|\/)(migrations|tests?)\//.test(path);
  const m = /^(.*\/)(__init__|models|admin)\.py$/.exec(path);
  return !!m && sizes.has(`${m[1]}__init__.py`) && sizes.has(`${m[1]}models.py`) && !sizes.has(`${m[1]}apps.py`);
}

/** Groups paths into requests of at most `maxFiles` files and about `maxBytes` bytes. */
function chunk(paths: string[], sizes: ReadonlyMap<string, number>, maxFiles: number, maxBytes: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const path of paths) {
    const size = sizes.get(path) ?? 0;
    if (current.length > 0 && (current.length >= maxFiles || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(path);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
