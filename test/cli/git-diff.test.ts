import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gitChangedLines } from "../../src/sources/git-diff.js";

const root = mkdtempSync(path.join(tmpdir(), "forksafe-git-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function git(...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root, stdio: "pipe" });
}

describe("gitChangedLines", () => {
  it("reads changed lines relative to the scanned directory, and untracked files whole", async () => {
    mkdirSync(path.join(root, "site/shop"), { recursive: true });
    writeFileSync(path.join(root, "site/shop/apps.py"), "a\nb\nc\n");
    git("init", "-q");
    git("add", ".");
    git("commit", "-qm", "start");
    writeFileSync(path.join(root, "site/shop/apps.py"), "a\nB\nc\nd\n");
    writeFileSync(path.join(root, "site/shop/new.py"), "x\n");
    const changed = await gitChangedLines(path.join(root, "site"), "HEAD");
    expect(changed).toEqual(
      new Map<string, Set<number> | "all">([
        ["shop/apps.py", new Set([2, 4])],
        ["shop/new.py", "all"],
      ]),
    );
  });

  it("refuses an option in place of a ref and reports git's reason for an unknown one", async () => {
    await expect(gitChangedLines(root, "--output=/tmp/x")).rejects.toThrow(/is not a git ref/);
    await expect(gitChangedLines(root, "no-such-ref")).rejects.toThrow(/--base no-such-ref: fatal: bad revision/);
  });
});
