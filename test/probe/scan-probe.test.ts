// `forksafe scan --probe FILE` end to end: the probe's JSON merged into the scan's findings, and
// a file that is not a probe report refused with a clear message and nothing on stdout.
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { forksafe, SHOP, tempProject } from "../cli/run-cli.js";

const root = tempProject(SHOP);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const loc = (p: string, line: number) => ({ path: p, startLine: line, startColumn: 9, endLine: line, endColumn: 35 });
const probeFinding = (ruleId: string, p: string, line: number, what: string) => ({
  ruleId,
  severity: "error",
  location: loc(p, line),
  message: `A ${what} opened here is still open when the master forks its first worker`,
  chain: [],
  related: [],
  entryPoints: [],
  fingerprint: `${ruleId}${line}`,
  runtime: { confirmed: true, what, seenAt: "gunicorn: master before its first fork" },
});

interface JsonFinding {
  ruleId: string;
  location: { path: string; startLine: number };
  runtime?: { confirmed: boolean; probeOnly?: boolean };
}

describe("forksafe scan --probe", () => {
  it("marks the static findings the probe saw, keeps the others, adds what only the probe saw", () => {
    const file = path.join(root, "probe.json");
    const findings = [probeFinding("FS101", "shop/apps.py", 9, "psycopg2 connection (Django)"), probeFinding("FS201", "shop/services.py", 2, "thread poller")];
    writeFileSync(
      file,
      JSON.stringify({ version: 1, tool: { name: "forksafe", version: "0" }, findings, probe: { command: ["gunicorn", "--preload", "mysite.wsgi"] } }),
    );
    const run = forksafe(["scan", root, "--format", "json", "--probe", file]);
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout) as { findings: JsonFinding[] };
    const at = (p: string, line: number) => out.findings.find((f) => f.location.path === p && f.location.startLine === line);
    expect(at("shop/apps.py", 9)?.runtime).toMatchObject({ confirmed: true });
    expect(at("shop/apps.py", 9)?.runtime?.probeOnly).toBeUndefined();
    expect(at("shop/services.py", 5), "the static finding the probe did not see").toBeDefined();
    expect(at("shop/services.py", 5)?.runtime).toBeUndefined();
    expect(at("shop/services.py", 2)).toMatchObject({ ruleId: "FS201", runtime: { probeOnly: true } });
  });

  it("refuses a file that is not a probe report: exit 2, the reason, nothing on stdout", () => {
    const file = path.join(root, "not-probe.json");
    writeFileSync(file, JSON.stringify({ version: 1, findings: [] }));
    const run = forksafe(["scan", root, "--probe", file]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^forksafe: --probe .*not-probe\.json: not a report of `forksafe probe --json` \(probe: /);
    const missing = forksafe(["scan", root, "--probe", path.join(root, "missing.json")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/missing\.json: cannot read it \(ENOENT\)/);
  });
});

describe("forksafe probe's command line", () => {
  it("needs a command and a positive --timeout", () => {
    expect(forksafe(["probe"]).status).toBe(2);
    const bad = forksafe(["probe", "--timeout", "soon", "--", "gunicorn"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('forksafe: --timeout: a number of seconds above 0; got "soon"\n');
  });

  it("passes the server's own options through after --", () => {
    const run = forksafe(["probe", "--timeout", "5", "--", "forksafe-no-such-server", "--preload", "--workers", "4"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("forksafe: command not found: forksafe-no-such-server\n");
  });
});
