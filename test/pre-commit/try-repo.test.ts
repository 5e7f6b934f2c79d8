// The hook as users get it: Debian's `pre-commit try-repo <this repository> forksafe --all-files`
// in a temporary git repository, with a finding (the commit fails, the finding is shown) and
// without (it passes). pre-commit installs the hook from a committed snapshot of this working
// tree (npm install, npm pack, then a global install of the tarball); try-repo keeps its hook
// environments in a temporary store, so each run installs again (minutes each).
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP } from "../cli/run-cli.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const APT = "apt-get install -y --no-install-recommends pre-commit";

const work = mkdtempSync(path.join(tmpdir(), "forksafe-pre-commit-"));
const home = path.join(work, "home");
const hookRepo = path.join(work, "forksafe");
afterAll(() => rmSync(work, { recursive: true, force: true }));

function git(cwd: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, stdio: "pipe" });
}

/** A git repository holding `files`, committed. */
function project(name: string, files: Record<string, string>): string {
  const root = path.join(work, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  git(root, "init", "-q");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "project");
  return root;
}

function tryRepo(cwd: string): { status: number | null; output: string } {
  const run = spawnSync("pre-commit", ["try-repo", hookRepo, "forksafe", "--all-files", "--color=never"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PRE_COMMIT_HOME: home, NO_COLOR: "1" },
    timeout: 35 * 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeAll(() => {
  const version = spawnSync("pre-commit", ["--version"], { encoding: "utf8" });
  if (version.status !== 0) throw new Error(`pre-commit is not installed: ${APT}`);
  // A committed snapshot of this working tree (tracked and new files, as git would add them):
  // the hook is installed from what is here now, uncommitted changes included.
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], { cwd: REPO, encoding: "utf8" });
  for (const rel of listed.split("\0").filter((f) => f !== "")) {
    try {
      cpSync(path.join(REPO, rel), path.join(hookRepo, rel), { recursive: true, verbatimSymlinks: true });
    } catch {
      // a tracked file deleted in the working tree
    }
  }
  git(hookRepo, "init", "-q");
  git(hookRepo, "add", "-A");
  git(hookRepo, "commit", "-q", "-m", "snapshot");
});

describe("pre-commit try-repo forksafe", () => {
  it("fails on a repository with startup database work, showing the finding", () => {
    const root = project("with-finding", { ...SHOP, "gunicorn.conf.py": "preload_app = True\n" });
    const run = tryRepo(root);
    expect(run.output).toMatch(/^forksafe\.+Failed$/m);
    expect(run.output).toMatch(/^shop\/apps\.py:9:9 error FS101 /m);
    expect(run.status).toBe(1);
  });

  it("passes on a repository without any", () => {
    const { "shop/apps.py": _apps, ...rest } = SHOP;
    const root = project("clean", { ...rest, "shop/apps.py": 'from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = "shop"\n' });
    const run = tryRepo(root);
    expect(run.output).toMatch(/^forksafe\.+Passed$/m);
    expect(run.status).toBe(0);
  });
});
