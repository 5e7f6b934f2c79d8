// Git trees for a seeded commit: one tree per directory, with stable shas, listed the way the
// API lists them (a recursive listing walks depth first, each directory before its contents).
import type { StoredFile } from "./state.js";
import { gitSha } from "./state.js";

export interface TreeEntry {
  name: string;
  path: string;
  type: "blob" | "tree";
  sha: string;
  size?: number;
  /** A symbolic link: git mode 120000, its blob's text is the target. */
  link?: boolean;
}

export interface CommitTrees {
  root: string;
  /** Directory path ("" for the root) → its entries, sorted by name. */
  dirs: Map<string, TreeEntry[]>;
  shaOf: Map<string, string>;
  dirOfSha: Map<string, string>;
}

const cache = new WeakMap<Map<string, StoredFile>, CommitTrees>();

export function treesOf(commit: string, files: Map<string, StoredFile>): CommitTrees {
  const cached = cache.get(files);
  if (cached) return cached;
  const dirs = new Map<string, TreeEntry[]>([["", []]]);
  const shaOf = new Map<string, string>([["", gitSha("tree", `${commit}:`)]]);
  const ensureDir = (dir: string): TreeEntry[] => {
    let entries = dirs.get(dir);
    if (entries) return entries;
    entries = [];
    dirs.set(dir, entries);
    const slash = dir.lastIndexOf("/");
    const parent = slash < 0 ? "" : dir.slice(0, slash);
    const sha = gitSha("tree", `${commit}:${dir}`);
    shaOf.set(dir, sha);
    ensureDir(parent).push({ name: dir.slice(slash + 1), path: dir, type: "tree", sha });
    return entries;
  };
  for (const file of files.values()) {
    const slash = file.path.lastIndexOf("/");
    const dir = slash < 0 ? "" : file.path.slice(0, slash);
    ensureDir(dir).push({
      name: file.path.slice(slash + 1),
      path: file.path,
      type: "blob",
      sha: file.sha,
      size: file.size,
      ...(file.link ? { link: true } : {}),
    });
  }
  for (const entries of dirs.values()) entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const dirOfSha = new Map([...shaOf].map(([dir, sha]) => [sha, dir]));
  const trees = { root: shaOf.get("")!, dirs, shaOf, dirOfSha };
  cache.set(files, trees);
  return trees;
}

/** Every entry under `dir`, depth first. */
export function walk(trees: CommitTrees, dir: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  for (const entry of trees.dirs.get(dir) ?? []) {
    out.push(entry);
    if (entry.type === "tree") out.push(...walk(trees, entry.path));
  }
  return out;
}
