// Bad input and usage errors: exit 2 with one clear line, never a stack trace.
import { rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MAX_FILE_BYTES } from "../../src/analysis/source-tree.js";
import { forksafe, tempProject } from "./run-cli.js";

const roots: string[] = [];
function project(files: Record<string, string | Buffer>): string {
  const root = tempProject(files);
  roots.push(root);
  return root;
}
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

const STACK = /\n\s+at /;

describe("forksafe scan: usage errors", () => {
  it("exits 2 for a path that does not exist", () => {
    const run = forksafe(["scan", "/nonexistent/forksafe-test"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("forksafe: /nonexistent/forksafe-test: no such directory\n");
    expect(run.stdout).toBe("");
  });

  it("exits 2 for a path that is a file", () => {
    const root = project({ "a.py": "" });
    const run = forksafe(["scan", path.join(root, "a.py")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/a\.py: not a directory/);
  });

  it("exits 2 for an unknown format or fail-on level, naming the choices", () => {
    const root = project({});
    const format = forksafe(["scan", root, "--format", "xml"]);
    expect(format.status).toBe(2);
    expect(format.stderr).toMatch(/'xml' is invalid\. Allowed choices are text, json, sarif/);
    const failOn = forksafe(["scan", root, "--fail-on", "always"]);
    expect(failOn.status).toBe(2);
    expect(failOn.stderr).toMatch(/Allowed choices are error, warning, note, never/);
  });

  it("exits 2 for an invalid configuration, naming the file, the key and the problem", () => {
    const root = project({ "forksafe.yml": "rules:\n  FS101: fatal\n" });
    const run = forksafe(["scan", root]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('forksafe: forksafe.yml: rules.FS101: must be one of error, warning, note, off; got "fatal"\n');
  });

  it("exits 2 for an unknown configuration key and for broken YAML", () => {
    const unknown = project({ ".github/forksafe.yml": "exclud: [docs/**]\n" });
    expect(forksafe(["scan", unknown]).stderr).toBe('forksafe: .github/forksafe.yml: unknown key "exclud"\n');
    const broken = project({ "forksafe.yml": "include: [a\n" });
    const run = forksafe(["scan", broken]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^forksafe: forksafe\.yml:\d+:\d+: invalid YAML: /);
  });

  it("exits 2 when --config names a missing file", () => {
    const root = project({});
    const run = forksafe(["scan", root, "--config", path.join(root, "missing.yml")]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/missing\.yml: cannot read the configuration file/);
  });

  it("exits 2 with git's reason for an unknown --base ref", () => {
    const root = project({});
    const run = forksafe(["scan", root, "--base", "no-such-ref"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^forksafe: --base no-such-ref: fatal: /);
    expect(run.stderr).not.toMatch(STACK);
  });
});

describe("forksafe scan: bad input never crashes", () => {
  it("scans an empty repository cleanly", () => {
    const root = project({});
    const run = forksafe(["scan", root]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("No startup database work found in 0 files read of 0\n");
    expect(run.stderr).toBe("");
  });

  it("survives binary, non-UTF-8, oversized files and a symlink loop", () => {
    const root = project({
      "mysite/settings.py": 'INSTALLED_APPS = ["binary", "latin", "big"]\n',
      "binary/apps.py": Buffer.from([0x00, 0x01, 0x02]),
      "latin/apps.py": Buffer.from("name = 'caf\xe9'\n", "latin1"),
      "big/apps.py": `# ${"x".repeat(MAX_FILE_BYTES)}\n`,
      "broken/apps.py": "class Broken(AppConfig:\n    def ready(self)\n",
    });
    symlinkSync(root, path.join(root, "binary/loop"));
    const run = forksafe(["scan", root, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { stats: { filesListed: number }; skipped: { path: string; reason: string }[] };
    expect(report.stats.filesListed).toBe(5);
    for (const skipped of report.skipped) expect(skipped.reason).not.toBe("");
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { path: "binary/apps.py", reason: "binary file (contains a NUL byte)" },
        { path: "latin/apps.py", reason: "not valid UTF-8" },
        { path: "big/apps.py", reason: expect.stringMatching(/^larger than 1 MB/) as unknown as string },
      ]),
    );
    const text = forksafe(["scan", root]);
    expect(text.stdout).toMatch(/Skipped \d+ files?:\n( {2}.+\n)* {2}binary\/apps\.py: binary file/);
  });

  it("lists the entry points alone, with no findings", () => {
    const root = project({ Procfile: "web: gunicorn mysite.wsgi --preload\n" });
    const run = forksafe(["scan", root, "--entry-points", "--format", "json"]);
    expect(run.status).toBe(0);
    expect(Object.keys(JSON.parse(run.stdout) as object)).toEqual(["version", "tool", "entryPoints"]);
    expect(forksafe(["scan", root, "--entry-points", "--format", "sarif"]).status).toBe(2);
  });

  it("prints the version and the help with exit 0", () => {
    expect(forksafe(["--version"]).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = forksafe(["scan", "--help"]);
    expect(help.status).toBe(0);
    for (const option of ["--format", "--fail-on", "--config", "--base", "--entry-points", "--no-color", "--show-suppressed"]) {
      expect(help.stdout).toContain(option);
    }
  });
});
