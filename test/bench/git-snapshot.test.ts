import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { writeSnapshot } from "../../bench/git-snapshot.js";

const root = mkdtempSync(path.join(tmpdir(), "forksafe-snapshot-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd })
    .toString()
    .trim();
}

/** A repository with two files, a symlink and a blob whose object file is then deleted. */
function makeRepository(): { gitDir: string; commit: string } {
  const work = mkdtempSync(path.join(root, "work-"));
  mkdirSync(path.join(work, "shop"), { recursive: true });
  writeFileSync(path.join(work, "manage.py"), "print('manage')\n");
  writeFileSync(path.join(work, "shop", "apps.py"), "class ShopConfig: pass\n");
  writeFileSync(path.join(work, "big.bin"), "large content left out of the clone\n");
  symlinkSync("manage.py", path.join(work, "link.py"));
  git(work, "init", "-q");
  git(work, "add", ".");
  git(work, "commit", "-qm", "files");
  const blob = git(work, "rev-parse", "HEAD:big.bin");
  rmSync(path.join(work, ".git", "objects", blob.slice(0, 2), blob.slice(2)));
  return { gitDir: path.join(work, ".git"), commit: git(work, "rev-parse", "HEAD") };
}

describe("writeSnapshot", () => {
  test("writes the commit's files, counts the blobs the clone lacks and leaves symlinks out", async () => {
    const { gitDir, commit } = makeRepository();
    const out = path.join(root, "out");
    const counts = await writeSnapshot(gitDir, commit, out);
    expect(counts).toEqual({ written: 2, missing: 1, skipped: 1 });
    expect(readFileSync(path.join(out, "shop", "apps.py"), "utf8")).toBe("class ShopConfig: pass\n");
    expect(lstatSync(path.join(out, "manage.py")).isFile()).toBe(true);
    expect(existsSync(path.join(out, "link.py"))).toBe(false);
    expect(existsSync(path.join(out, "big.bin"))).toBe(false);
  });

  test("an unknown commit is an error naming the repository", async () => {
    const { gitDir } = makeRepository();
    await expect(writeSnapshot(gitDir, "0".repeat(40), path.join(root, "none"))).rejects.toThrow(`${gitDir}: git ls-tree`);
  });
});
