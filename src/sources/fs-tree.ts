// A SourceTree over a directory on disk, for the CLI, the Action and the pre-commit hook. Lists
// every file (skipping the built-in excluded directories early), never follows a symlinked
// directory back into itself, never reads outside the root (the scanned code may come from a
// pull request, and the runner may hold credentials), and reads files as strict UTF-8, skipping
// what cannot be analysed with the reason.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, realpathSync, type Dirent } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { MAX_FILE_BYTES, type ReadResult, type SourceTree } from "../analysis/source-tree.js";
import type { Skipped } from "../analysis/types.js";

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

/**
 * Files are read synchronously, this many between turns of the event loop: for the small files
 * of a source tree a synchronous read costs a fraction of an asynchronous one, and the turns
 * keep timers (the progress line) running.
 */
const FILES_PER_TURN = 256;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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

export const OUTSIDE_LINK = "symbolic link to a file outside the scanned directory: not read";
export const OUTSIDE_DIRECTORY_LINK = "symbolic link to a directory outside the scanned directory: not read";
export const OUTSIDE_PATH = "outside the scanned directory: not read";

/** A SourceTree over a directory, and the entries its listing left out (with the reason). */
export interface FsTree extends SourceTree {
  /** Links the listing did not follow; complete once `paths()` has resolved. */
  listingSkipped(): Skipped[];
}

export function fsTree(root: string): FsTree {
  return new DirectoryTree(root);
}

class DirectoryTree implements FsTree {
  private listing: Promise<string[]> | undefined;
  private readonly skipped: Skipped[] = [];
  private rootReal: string | undefined;
  private listed: Set<string> | undefined;

  constructor(private readonly root: string) {}

  paths(): Promise<string[]> {
    this.listing ??= listFiles(this.root, this.skipped).then((files) => {
      this.listed = new Set(files);
      return files;
    });
    return this.listing;
  }

  async read(paths: string[]): Promise<ReadResult[]> {
    this.rootReal ??= realPath(this.root) ?? path.resolve(this.root);
    const out: ReadResult[] = [];
    for (const [i, p] of paths.entries()) {
      if (i > 0 && i % FILES_PER_TURN === 0) await nextTurn();
      out.push(readOne(this.root, this.listed?.has(p) ? undefined : this.rootReal, p));
    }
    return out;
  }

  listingSkipped(): Skipped[] {
    return [...this.skipped];
  }
}

/** Whether `real` (a resolved path) is `rootReal` or below it. */
export function isInside(rootReal: string, real: string): boolean {
  const rel = path.relative(rootReal, real);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Every file under root, as sorted POSIX relative paths:
 *  1. walk directories breadth-first, skipping SKIPPED_DIRECTORIES by name;
 *  2. enter each real directory once: a symlinked directory waits until the real ones are
 *     walked, and is entered only if its real path was not visited (no loops, few duplicates);
 *     a directory's real path is its parent's plus its name, so only links cost a lookup;
 *  3. keep symlinked files that resolve to regular files inside the root;
 *  4. skip, with the reason, links that resolve outside the root, dangling links and loops;
 *     drop sockets and devices.
 */
async function listFiles(root: string, skipped: Skipped[]): Promise<string[]> {
  const files: string[] = [];
  const visited = new Set<string>();
  const rootReal = realPath(root);
  const queue: Array<{ rel: string; real: string | undefined }> = [{ rel: "", real: rootReal }];
  const linked: string[] = [];
  let next = 0;
  for (;;) {
    let dir = queue[next++];
    if (dir === undefined) {
      const link = linked.shift();
      if (link === undefined) break;
      dir = { rel: link, real: realPath(path.join(root, link)) };
    }
    if (dir.real === undefined || visited.has(dir.real)) continue;
    visited.add(dir.real);
    if (visited.size % FILES_PER_TURN === 0) await nextTurn();
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(root, dir.rel), { withFileTypes: true });
    } catch {
      continue; // unreadable directory: nothing to list
    }
    for (const entry of entries) {
      const rel = dir.rel === "" ? entry.name : `${dir.rel}/${entry.name}`;
      if (SKIPPED_DIRECTORIES.has(entry.name) && !entry.isFile()) continue;
      if (entry.isDirectory()) queue.push({ rel, real: path.join(dir.real, entry.name) });
      else if (entry.isFile()) files.push(rel);
      else if (entry.isSymbolicLink()) {
        const kind = await targetKind(path.join(root, rel));
        if (kind === "dangling" || kind === "loop") {
          skipped.push({ path: rel, reason: kind === "loop" ? "symbolic link loop" : "broken symbolic link" });
          continue;
        }
        if (kind === "other") continue;
        const real = realPath(path.join(root, rel));
        if (rootReal === undefined || real === undefined || !isInside(rootReal, real)) {
          skipped.push({ path: rel, reason: kind === "file" ? OUTSIDE_LINK : OUTSIDE_DIRECTORY_LINK });
        } else if (kind === "file") files.push(rel);
        else linked.push(rel);
      }
    }
  }
  return files.sort();
}

async function targetKind(full: string): Promise<"file" | "directory" | "other" | "dangling" | "loop"> {
  try {
    const info = await stat(full);
    return info.isFile() ? "file" : info.isDirectory() ? "directory" : "other";
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ELOOP" ? "loop" : "dangling";
  }
}

function realPath(full: string): string | undefined {
  try {
    return realpathSync.native(full);
  } catch {
    return undefined;
  }
}

/**
 * One file's text. A path that leaves the root, by `..` or through a symbolic link anywhere
 * along it, is skipped before anything is read: the listing never offers one, but a
 * configuration's `entry_points` may name one. `rootReal` is undefined for a path the listing
 * offered, which it has already checked: resolving every path again would cost a system call
 * per directory along it.
 */
function readOne(root: string, rootReal: string | undefined, rel: string): ReadResult {
  const full = path.join(root, rel);
  let real = full;
  if (rootReal !== undefined) {
    if (path.isAbsolute(rel) || !isInside(path.resolve(root), path.resolve(full))) return { path: rel, skipped: OUTSIDE_PATH };
    try {
      real = realpathSync.native(full);
    } catch (error) {
      return { path: rel, skipped: readFailure(error) };
    }
    if (!isInside(rootReal, real)) return { path: rel, skipped: OUTSIDE_LINK };
  }
  let bytes: Buffer;
  try {
    const read = readBytes(real);
    if (typeof read === "string") return { path: rel, skipped: read };
    bytes = read;
  } catch (error) {
    return { path: rel, skipped: readFailure(error) };
  }
  if (bytes.includes(0)) return { path: rel, skipped: "binary file (contains a NUL byte)" };
  try {
    return { path: rel, text: utf8.decode(bytes) };
  } catch {
    return { path: rel, skipped: "not valid UTF-8" };
  }
}

/** Reused for every read: most files of a source tree are a few kilobytes. */
let scratch: Buffer = Buffer.allocUnsafe(64 * 1024);

/**
 * A regular file's bytes (a view of `scratch`, valid until the next read), or why it was not
 * read. Opened without blocking (a FIFO a configuration names must not hang the scan), sized from
 * the open file and read asking for one byte more than that size: a file that grew since is
 * still held to the size limit, and the usual file costs four system calls.
 */
function readBytes(full: string): Buffer | string {
  const fd = openSync(full, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return "not a regular file";
    if (info.size > MAX_FILE_BYTES) return tooLarge(info.size);
    const limit = MAX_FILE_BYTES + 1;
    let length = 0;
    let want = info.size + 1;
    for (;;) {
      if (want > scratch.length) scratch = grow(scratch, length, want);
      const got = readSync(fd, scratch, length, want - length, null);
      length += got;
      if (got === 0 || length >= limit) break;
      if (length < want) {
        if (length >= info.size) break; // the end of the file
        continue; // a short read before it: ask for the rest
      }
      want = Math.min(limit, want * 2); // it grew since: read on, up to the limit
    }
    return length > MAX_FILE_BYTES ? tooLarge(length) : scratch.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function grow(buffer: Buffer, keep: number, size: number): Buffer {
  const bigger = Buffer.allocUnsafe(Math.max(size, buffer.length * 2));
  buffer.copy(bigger, 0, 0, keep);
  return bigger;
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
