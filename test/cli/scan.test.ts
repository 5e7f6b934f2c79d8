// forksafe scan end to end on a small Django project: formats, exit codes, suppression, --base.
// These need the Python analyzer; they are skipped (and say so) until it finds startup work.
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { forksafe, SHOP, tempProject } from "./run-cli.js";

const roots: string[] = [];
function project(files: Record<string, string>): string {
  const root = tempProject(files);
  roots.push(root);
  return root;
}
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

interface JsonFinding {
  ruleId: string;
  severity: string;
  location: { path: string; startLine: number };
  chain: unknown[];
  suppressed?: unknown;
}

describe("forksafe scan on a project with startup queries", () => {
  it("shows each finding with a code frame, the chain and a summary, without colour on a pipe", () => {
    const run = forksafe(["scan", project(SHOP)]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^shop\/apps\.py:9:9 (error|warning) FS101 /m);
    expect(run.stdout).toMatch(/^ {2}> {1,2}9 \| {9}Site\.objects\.get_current\(\)$/m);
    expect(run.stdout).toMatch(/^ {2}↳ shop\/apps\.py:11:\d+ /m);
    expect(run.stdout).toMatch(/^\d+ (errors?|warnings?)(, \d+ \w+)* in \d+ files read of 8$/m);
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it("exits by the threshold: --fail-on over the config's fail_on, never over everything", () => {
    const root = project({ ...SHOP, "forksafe.yml": "fail_on: never\n" });
    expect(forksafe(["scan", root]).status).toBe(0);
    expect(forksafe(["scan", root, "--fail-on", "note"]).status).toBe(1);
    writeFileSync(path.join(root, "forksafe.yml"), "fail_on: note\n");
    expect(forksafe(["scan", root]).status).toBe(1);
    expect(forksafe(["scan", root, "--fail-on", "never"]).status).toBe(0);
  });

  it("writes JSON and SARIF with the findings and their chains", () => {
    const root = project(SHOP);
    const json = JSON.parse(forksafe(["scan", root, "--format", "json"]).stdout) as { findings: JsonFinding[] };
    expect(json.findings.some((f) => f.location.path === "shop/apps.py" && f.location.startLine === 9)).toBe(true);
    expect(json.findings.some((f) => f.location.path === "shop/services.py" && f.chain.length > 0)).toBe(true);
    const sarif = JSON.parse(forksafe(["scan", root, "--format", "sarif"]).stdout) as {
      version: string;
      runs: { results: { codeFlows?: unknown[]; partialFingerprints: Record<string, string> }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results.some((r) => r.codeFlows !== undefined)).toBe(true);
    expect(sarif.runs[0]!.results.every((r) => /^[0-9a-f]{16}$/.test(r.partialFingerprints["forksafe/v1"]!))).toBe(true);
  });

  it("honours suppression comments: counted, hidden, shown on request, not failing", () => {
    const apps = SHOP["shop/apps.py"]!.replace("Site.objects.get_current()", "Site.objects.get_current()  # forksafe: ignore").replace(
      "        warm_cache()",
      "        warm_cache()  # forksafe: ignore[FS101]",
    );
    const root = project({ ...SHOP, "shop/apps.py": apps });
    const run = forksafe(["scan", root, "--fail-on", "note"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^No startup database work found \(\d+ suppressed\) in /m);
    expect(forksafe(["scan", root, "--show-suppressed"]).stdout).toContain("suppressed by the comment at shop/apps.py:9:");
    const json = JSON.parse(forksafe(["scan", root, "--format", "json"]).stdout) as { findings: JsonFinding[] };
    expect(json.findings.length).toBeGreaterThan(0);
    expect(json.findings.every((f) => f.suppressed !== undefined)).toBe(true);
  });

  it("with --base reports only what the diff against the ref touches", () => {
    const root = project(SHOP);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
    git("init", "-q");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "start");
    expect(forksafe(["scan", root, "--base", "HEAD", "--fail-on", "note"]).status).toBe(0);

    const services = path.join(root, "shop/services.py");
    writeFileSync(services, readFileSync(services, "utf8").replace("def warm_cache():\n", "def warm_cache():\n    Product.objects.exists()\n"));
    const run = forksafe(["scan", root, "--base", "HEAD", "--format", "json"]);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.location.path === "shop/services.py" || f.chain.length > 0)).toBe(true);
    expect(findings.some((f) => f.location.path === "shop/apps.py" && f.location.startLine === 9 && f.chain.length === 0)).toBe(false);
  });
});
