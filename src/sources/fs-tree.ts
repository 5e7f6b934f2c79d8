// A SourceTree over a directory on disk, for the CLI. Lists every file (skipping the built-in
// excluded directories early), never follows a symlinked directory back into itself, and reads
// files as strict UTF-8, skipping what cannot be analysed with the reason.
import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { MAX_FILE_BYTES, type ReadResult, type SourceTree } from "../analysis/source-tree.js";

/** Directory names never descended into: dependencies, VCS data, virtualenvs, caches. */
export const SKIPPED_DIRECTORIES = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  ".venv",
  "venv",
  "site-packages",
  "__pycache__",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
]);

/** Reads at most this many files at once, to stay clear of the open-file limit. */
const READ_CONCURRENCY = 64;

export class UsageError extends Error {
  override name = "UsageError";
}

/** Checks that `root` is a directory; throws a UsageError naming it when it is not. */
export async function assertDirectory(root: string): Promise<void> {
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new UsageError(`${root}: no such directory`);
  }
  if (!info.isDirectory()) throw new UsageError(`${root}: not a directory`);
}

export function fsTree(root: string): SourceTree {
  let listing: Promise<string[]> | undefined;
  return {
    paths() {
      listing ??= listFiles(root);
      return listing;
    },
    async read(paths) {
      const out: ReadResult[] = new Array(paths.length);
      for (let i = 0; i < paths.length; i += READ_CONCURRENCY) {
        const batch = paths.slice(i, i + READ_CONCURRENCY);
        const results = await Promise.all(batch.map((p) => readOne(root, p)));
        results.forEach((r, j) => (out[i + j] = r));
      }
      return out;
    },
  };
}

/**
 * Every file under root, as sorted POSIX relative paths:
 *  1. walk directories breadth-first, skipping SKIPPED_DIRECTORIES by name;
 *  2. enter each real directory once: a symlinked directory waits until the real ones are
 *     walked, and is entered only if its real path was not visited (no loops, few duplicates);
 *  3. keep symlinked files that resolve to regular files; drop dangling links and sockets.
 */
async function listFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  const visited = new Set<string>();
  const queue: string[] = [""];
  const linked: string[] = [];
  for (let dir = queue.shift() ?? linked.shift(); dir !== undefined; dir = queue.shift() ?? linked.shift()) {
    const full = path.join(root, dir);
    const real = await realpath(full).catch(() => undefined);
    if (real === undefined || visited.has(real)) continue;
    visited.add(real);
    let entries;
    try {
      entries = await readdir(full, { withFileTypes: true });
    } catch {
      continue; // unreadable directory: nothing to list
    }
    for (const entry of entries) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (SKIPPED_DIRECTORIES.has(entry.name) && !entry.isFile()) continue;
      if (entry.isDirectory()) queue.push(rel);
      else if (entry.isFile()) files.push(rel);
      else if (entry.isSymbolicLink()) {
        const kind = await targetKind(path.join(root, rel));
        if (kind === "file") files.push(rel);
        else if (kind === "directory") linked.push(rel);
      }
    }
  }
  return files.sort();
}

async function targetKind(full: string): Promise<"file" | "directory" | "none"> {
  try {
    const info = await stat(full);
    return info.isFile() ? "file" : info.isDirectory() ? "directory" : "none";
  } catch {
    return "none"; // dangling link, or a loop the OS refuses to resolve
  }
}

async function readOne(root: string, rel: string): Promise<ReadResult> {
  const full = path.join(root, rel);
  let bytes: Buffer;
  try {
    const info = await lstat(full).then((l) => (l.isSymbolicLink() ? stat(full) : l));
    if (!info.isFile()) return { path: rel, skipped: "not a regular file" };
    if (info.size > MAX_FILE_BYTES) return { path: rel, skipped: tooLarge(info.size) };
    bytes = await readFile(full);
  } catch (error) {
    return { path: rel, skipped: readFailure(error) };
  }
  if (bytes.length > MAX_FILE_BYTES) return { path: rel, skipped: tooLarge(bytes.length) };
  if (bytes.includes(0)) return { path: rel, skipped: "binary file (contains a NUL byte)" };
  try {
    return { path: rel, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { path: rel, skipped: "not valid UTF-8" };
  }
}

function tooLarge(size: number): string {
  return `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (${(size / 1024 / 1024).toFixed(1)} MB)`;
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "vanished while scanning";
  if (code === "EACCES" || code === "EPERM") return "unreadable (permission denied)";
  return `unreadable (${code ?? String(error)})`;
}
