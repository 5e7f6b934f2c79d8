// Writes one commit's files from a bare git repository into a directory, reading blobs through
// `git cat-file --batch`. A blob the repository lacks (a shallow or size-limited clone leaves
// large files out) is counted, not fatal; symlinks and submodules are counted and left out.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface SnapshotCounts {
  written: number;
  /** Blobs listed in the commit's tree that the repository does not hold. */
  missing: number;
  /** Symlinks and submodules, left out. */
  skipped: number;
}

interface Entry {
  mode: string;
  type: string;
  sha: string;
  path: string;
}

/** Replaces `dir` with the files of `commit` in the bare repository `gitDir`. */
export async function writeSnapshot(gitDir: string, commit: string, dir: string): Promise<SnapshotCounts> {
  const listing = spawnSync("git", ["--git-dir", gitDir, "ls-tree", "-r", "-z", "--full-tree", commit], {
    maxBuffer: 1 << 30,
  });
  if (listing.status !== 0) {
    throw new Error(`${gitDir}: git ls-tree ${commit} failed: ${listing.stderr.toString().trim()}`);
  }
  const entries = listing.stdout.toString("utf8").split("\0").filter(Boolean).map(parseEntry);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const counts: SnapshotCounts = { written: 0, missing: 0, skipped: 0 };
  const blobs = entries.filter((e) => e.type === "blob" && e.mode !== "120000");
  counts.skipped = entries.length - blobs.length;
  const contents = await readBlobs(
    gitDir,
    blobs.map((b) => b.sha),
  );
  for (const blob of blobs) {
    const content = contents.get(blob.sha);
    if (content === undefined) {
      counts.missing++;
      continue;
    }
    const target = path.join(dir, blob.path);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    counts.written++;
  }
  return counts;
}

function parseEntry(line: string): Entry {
  // "<mode> SP <type> SP <sha> TAB <path>"
  const tab = line.indexOf("\t");
  const [mode, type, sha] = line.slice(0, tab).split(" ");
  return { mode: mode!, type: type!, sha: sha!, path: line.slice(tab + 1) };
}

/** Reads blobs by SHA; a SHA the repository reports "missing" is absent from the map. */
async function readBlobs(gitDir: string, shas: string[]): Promise<Map<string, Buffer>> {
  const unique = [...new Set(shas)];
  const child = spawn("git", ["--git-dir", gitDir, "cat-file", "--batch"], { stdio: ["pipe", "pipe", "pipe"] });
  const out = new Map<string, Buffer>();
  let buffer: Buffer = Buffer.alloc(0);
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      const nl = buffer.indexOf(0x0a);
      if (nl < 0) return;
      const header = buffer.subarray(0, nl).toString();
      const [sha, kind, size] = header.split(" ");
      if (kind === "missing") {
        buffer = buffer.subarray(nl + 1);
        continue;
      }
      const length = Number(size);
      if (buffer.length < nl + 1 + length + 1) return; // wait for the whole object and its newline
      out.set(sha!, Buffer.from(buffer.subarray(nl + 1, nl + 1 + length)));
      buffer = buffer.subarray(nl + 1 + length + 1);
    }
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${gitDir}: git cat-file --batch exited ${code}: ${stderr.trim()}`))));
  });
  child.stdin.end(unique.map((sha) => `${sha}\n`).join(""));
  await done;
  return out;
}
