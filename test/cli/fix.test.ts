// forksafe fix end to end: the dry run's diff (which git applies), exit codes, --write and what
// it says is left, --rule, refusals on stderr, forksafe.yml, usage errors.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { forksafe, SHOP, tempProject } from "./run-cli.js";

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const root = tempProject(files);
  roots.push(root);
  return root;
}

const PRELOAD = { ...SHOP, Procfile: "web: gunicorn --preload mysite.wsgi\n" };

describe("forksafe fix, a dry run", () => {
  it("prints a unified diff that git applies, writes nothing, and exits 1", () => {
    const root = project(PRELOAD);
    const run = forksafe(["fix", root]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(
      /^diff --git a\/gunicorn\.conf\.py b\/gunicorn\.conf\.py\nnew file mode 100644\n--- \/dev\/null\n\+\+\+ b\/gunicorn\.conf\.py\n@@ -0,0 \+1,8 @@\n/,
    );
    expect(run.stdout).toContain("+    connections.close_all()\n");
    expect(existsSync(path.join(root, "gunicorn.conf.py"))).toBe(false);
    const patch = path.join(root, "..", `${path.basename(root)}.diff`);
    writeFileSync(patch, run.stdout);
    roots.push(patch);
    execFileSync("git", ["init", "-q"], { cwd: root });
    execFileSync("git", ["apply", patch], { cwd: root });
    expect(readFileSync(path.join(root, "gunicorn.conf.py"), "utf8")).toContain("def when_ready(server):");
    expect(forksafe(["fix", root])).toMatchObject({ status: 0, stdout: "", stderr: "forksafe: nothing to fix\n" });
  });

  it("exits 0 with nothing to fix", () => {
    expect(forksafe(["fix", project({ ...SHOP, Procfile: "web: gunicorn mysite.wsgi\n" })])).toMatchObject({ status: 0, stdout: "" });
  });

  it("prints refusals with their reasons on stderr and exits 1", () => {
    const root = project({ ...SHOP, Procfile: "web: gunicorn --preload -c /etc/shop.py mysite.wsgi\n" });
    const run = forksafe(["fix", root]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("forksafe: not fixed: FS110 Procfile:1: Procfile web process: config file /etc/shop.py (-c) is not in the repository\n");
  });
});

describe("forksafe fix --write", () => {
  it("writes the fixes, scans again, says what is left, and exits 0", () => {
    const root = project(PRELOAD);
    const run = forksafe(["fix", "--write", root]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("fixed gunicorn.conf.py: when_ready closes Django's database connections in the master, before workers fork\n");
    expect(run.stderr).toMatch(/^forksafe: 1 file written; 2 findings left after the fix:\n {2}FS101 warning shop\/apps\.py:9\n/);
    expect(readFileSync(path.join(root, "gunicorn.conf.py"), "utf8")).toMatch(/^# gunicorn reads/);
    expect(forksafe(["fix", root]).status).toBe(0);
  });

  it("fixes only the rules asked for", () => {
    const root = project(PRELOAD);
    expect(forksafe(["fix", "--write", "--rule", "FS203", root])).toMatchObject({ status: 0, stdout: "" });
    expect(existsSync(path.join(root, "gunicorn.conf.py"))).toBe(false);
    expect(forksafe(["fix", "--rule", "FS111", "--rule", "FS110", root]).status).toBe(1);
    expect(forksafe(["fix", root, "--rule", "FS111,FS203"]).status).toBe(0);
  });
});

describe("forksafe fix options", () => {
  it("reads forksafe.yml as scan does: a rule turned off is not fixed", () => {
    const root = project({ ...PRELOAD, "forksafe.yml": "rules:\n  FS110: off\n  FS101: off\n" });
    expect(forksafe(["fix", root])).toMatchObject({ status: 0, stderr: "forksafe: nothing to fix\n" });
  });

  it("exits 2 on an unknown rule or a missing directory", () => {
    expect(forksafe(["fix", "--rule", "FS999", project(PRELOAD)])).toMatchObject({ status: 2, stderr: 'forksafe: unknown rule "FS999" for --rule\n' });
    expect(forksafe(["fix", "/nonexistent/forksafe"]).status).toBe(2);
  });
});
