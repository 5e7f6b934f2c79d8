// Repository trees at a commit, extracted from the local mirrors into bench/out/served/ (ignored),
// for the families that analyze whole trees as a user's scan sees them.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mirrorOf } from "./load.js";

const TREES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../out/served");

/** A repository's tree at a commit (only `scope`, when given), extracted once from its mirror; or why it could not be. */
export function treeAt(repo: string, commit: string, scope?: readonly string[]): { dir: string } | { error: string } {
  const key = scope ? `${commit}-${createHash("sha1").update(scope.join("\n")).digest("hex").slice(0, 8)}` : commit;
  const dir = path.join(TREES, repo.replace("/", "+"), key);
  const done = path.join(dir, ".forksafe-extracted");
  if (existsSync(done)) return { dir };
  const mirror = mirrorOf(repo);
  if (!mirror) return { error: `no mirror of ${repo} under the mirrors directory (fetch it, or git clone --bare)` };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (args: string[]) => execFileSync("git", ["--git-dir", mirror, ...args], { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
  try {
    execFileSync("tar", ["-x", "-C", dir], { input: git(["archive", "--format=tar", commit, ...(scope ?? [])]) });
  } catch {
    // Snapshots lack files of 4 MiB and more: take the files one by one, leaving those out.
    try {
      // "<mode> blob <id>\t<path>" entries; one cat-file process answers them all.
      const entries = git(["ls-tree", "-r", "-z", commit, ...(scope ?? [])])
        .toString()
        .split("\0")
        .filter((e) => / blob /.test(e))
        .map((e) => ({ id: e.split(/\s/)[2]!, file: e.slice(e.indexOf("\t") + 1) }));
      const out = execFileSync("git", ["--git-dir", mirror, "cat-file", "--batch"], {
        input: entries.map((e) => e.id).join("\n") + "\n",
        maxBuffer: 2 ** 31,
        stdio: ["pipe", "pipe", "ignore"],
      });
      let at = 0;
      for (const { file } of entries) {
        const end = out.indexOf(10, at);
        const header = out.subarray(at, end).toString();
        at = end + 1;
        if (header.endsWith(" missing")) continue; // absent from the snapshot
        const size = Number(header.split(" ")[2]);
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), out.subarray(at, at + size));
        at += size + 1;
      }
    } catch (e) {
      return { error: `commit ${commit.slice(0, 12)} not readable in ${mirror}: ${(e as Error).message.split("\n")[0]}` };
    }
  }
  writeFileSync(done, "");
  return { dir };
}
