// The Action run exactly as a runner runs it, on fixture repositories, for push and pull_request
// events: annotations, job summary, SARIF, outputs, exit code by fail-on, configuration errors.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SHOP, tempProject } from "../cli/run-cli.js";
import { runAction } from "./run-action.js";

const GUNICORN = { "gunicorn.conf.py": "bind = '0.0.0.0:8000'\nworkers = 4\npreload_app = True\n", Procfile: "web: gunicorn mysite.wsgi\n" };

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function repo(files: Record<string, string>): string {
  const root = tempProject(files);
  roots.push(root);
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "base");
  return root;
}

function git(root: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root, encoding: "utf8" }).trim();
}

describe("the Action on a push", () => {
  const root = repo({ ...SHOP, ...GUNICORN });
  const run = runAction(root, {});
  roots.push(run.runnerTemp);

  it("fails the step on errors and says so, without a stack trace", () => {
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^forksafe: 3 findings in \d+\.\d s \(\d+ files read of \d+\); SARIF in /m);
  });

  it("annotates each reported location with escaped properties and data", () => {
    expect(run.annotations).toHaveLength(4);
    const apps = run.annotations.find((a) => a.startsWith("::error file=shop/apps.py,line=9,"));
    expect(apps).toBeDefined();
    expect(apps).toMatch(
      /^::error file=shop\/apps\.py,line=9,endLine=9,col=9,endColumn=35,title=FS101 · `Site\.objects\.get_current\(\)` runs a query in ShopConfig\.ready\(\)%2C in the gunicorn master before fork \(`preload_app = True`%2C gunicorn\.conf\.py%3A3\)::/,
    );
    expect(apps).toContain("%0A%0AFix: ");
    expect(run.annotations.every((a) => !a.slice(2).includes("\n"))).toBe(true);
  });

  it("writes the job summary: counts, the findings table with chains and entry points, folded details", () => {
    expect(run.summary).toMatch(/^## Forksafe\n\n3 findings \(3 errors, 0 warnings, 0 notes\): fails at `fail-on: error`\./);
    expect(run.summary).toContain(
      "| FS101 | error | `shop/services.py:5` | `Product.objects.count()` runs a query in ShopConfig.ready() (reached through 1 call) | `shop/apps.py:11` | gunicorn: preload_app = True (gunicorn.conf.py:3), no close before fork (`Procfile:1`) |",
    );
    expect(run.summary).toContain("### Pre-fork entry points");
    expect(run.summary).toContain("<details><summary>FS101 query-in-ready: why it breaks, an example, the fix</summary>");
  });

  it("writes the SARIF file under RUNNER_TEMP and sets the outputs", () => {
    expect(run.outputs).toEqual({ "sarif-file": path.join(run.runnerTemp, "forksafe.sarif"), findings: "3", errors: "3" });
    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8")) as {
      version: string;
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri).sort()).toEqual([
      "gunicorn.conf.py",
      "shop/apps.py",
      "shop/services.py",
    ]);
  });
});

describe("the Action's inputs", () => {
  it("exits 0 below fail-on, and honours sarif-file", () => {
    const root = repo({ ...SHOP, ...GUNICORN });
    const run = runAction(root, { "fail-on": "never", "sarif-file": "out/forksafe.sarif" });
    roots.push(run.runnerTemp);
    expect(run.status).toBe(0);
    expect(run.summary).toContain("passes at `fail-on: never`");
    expect(run.outputs["sarif-file"]).toBe(path.join(root, "out/forksafe.sarif"));
    expect(JSON.parse(readFileSync(path.join(root, "out/forksafe.sarif"), "utf8"))).toHaveProperty("version", "2.1.0");
  });

  it("scans a subdirectory and reports paths from the repository root", () => {
    const files = Object.fromEntries(Object.entries({ ...SHOP, ...GUNICORN }).map(([k, v]) => [`backend/${k}`, v]));
    const root = repo({ ...files, "README.md": "hi\n" });
    const run = runAction(root, { path: "backend" });
    roots.push(run.runnerTemp);
    expect(run.annotations.some((a) => a.startsWith("::error file=backend/shop/apps.py,line=9,"))).toBe(true);
    expect(run.summary).toContain("`backend/shop/apps.py:9`");
  });

  it("fails the step with the message of a configuration error, not a stack trace", () => {
    const root = repo({ ...SHOP, "forksafe.yml": "rules:\n  FS101: fatal\n" });
    const run = runAction(root, {});
    roots.push(run.runnerTemp);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('::error::Forksafe: forksafe.yml: rules.FS101: must be one of error, warning, note, off; got "fatal"\n');
    expect(run.stderr).toBe("");
    expect(run.summary).toBe("");
  });

  it("rejects an unknown fail-on and a missing config file, naming them", () => {
    const root = repo(SHOP);
    const bad = runAction(root, { "fail-on": "sometimes" });
    const missing = runAction(root, { config: "ci/forksafe.yml" });
    roots.push(bad.runnerTemp, missing.runnerTemp);
    expect(bad.stdout).toBe('::error::Forksafe: input fail-on: must be one of error, warning, note, never; got "sometimes"\n');
    expect(missing.stdout).toBe(`::error::Forksafe: ${path.join(root, "ci/forksafe.yml")}: cannot read the configuration file\n`);
    expect([bad.status, missing.status]).toEqual([1, 1]);
  });

  it("writes 10 annotations of a level and sends the reader to the summary and SARIF for the rest", () => {
    const many: Record<string, string> = { ...SHOP, ...GUNICORN };
    const lines = Array.from({ length: 12 }, (_, i) => `        Product.objects.filter(pk=${i}).exists()`);
    many["shop/apps.py"] =
      `from django.apps import AppConfig\nfrom .models import Product\n\n\nclass ShopConfig(AppConfig):\n    name = "shop"\n\n    def ready(self):\n${lines.join("\n")}\n`;
    const run = runAction(repo(many), {});
    roots.push(run.runnerTemp);
    expect(Number(run.outputs.findings)).toBeGreaterThan(10);
    expect(run.annotations.filter((a) => a.startsWith("::error "))).toHaveLength(10);
    expect(run.summary).toMatch(/GitHub shows 10 error and 10 warning annotations a step: \d+ more locations? (is|are) listed here and in the SARIF file/);
  });
});

describe("the Action on a pull_request event", () => {
  it("reports only what the pull request touches, diffing against the base from the event", () => {
    const root = repo({ ...SHOP, ...GUNICORN });
    const base = git(root, "rev-parse", "HEAD");
    const services =
      "from .models import Product\n\n\ndef warm_cache():\n    return Product.objects.count()\n\n\ndef more():\n    return list(Product.objects.all())\n";
    writeFileSync(path.join(root, "shop/services.py"), services);
    writeFileSync(
      path.join(root, "shop/apps.py"),
      SHOP["shop/apps.py"]!.replace("        warm_cache()\n", "        warm_cache()\n        from .services import more\n        more()\n"),
    );
    git(root, "commit", "-q", "-am", "change");
    const run = runAction(
      root,
      {},
      { name: "pull_request", payload: { pull_request: { number: 7, base: { sha: base }, head: { sha: git(root, "rev-parse", "HEAD") } } } },
    );
    roots.push(run.runnerTemp);
    expect(run.summary).toContain(`on lines changed since the base ${base.slice(0, 12)}`);
    expect(run.summary).toContain("`shop/services.py:9`");
    expect(run.summary).not.toContain("| FS101 | error | `shop/apps.py:9`");
    expect(Number(run.outputs.findings)).toBeLessThan(3 + 1);
  });

  it("says how to fix a checkout that lacks the base commit", () => {
    const root = repo(SHOP);
    const run = runAction(root, {}, { name: "pull_request", payload: { pull_request: { base: { sha: "0123456789abcdef0123456789abcdef01234567" } } } });
    roots.push(run.runnerTemp);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("::error::Forksafe: base 0123456789abcdef0123456789abcdef01234567: this commit is not in the checkout");
    expect(run.stdout).toContain("fetch-depth: 0");
  });

  it("diffs against nothing on push events, and against the base input when given", () => {
    const root = repo({ ...SHOP, ...GUNICORN });
    const head = git(root, "rev-parse", "HEAD");
    const run = runAction(root, { base: head });
    roots.push(run.runnerTemp);
    expect(run.status).toBe(0);
    expect(run.outputs.findings).toBe("0");
  });
});
