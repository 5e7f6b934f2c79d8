// The Action's probe-command input, run as a runner runs the bundle: the probe's findings merged
// into the annotations and the SARIF, a command with shell syntax refused, a fault failing the step.
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SHOP, tempProject } from "../cli/run-cli.js";
import { runAction } from "./run-action.js";

const FAKE = fileURLToPath(new URL("../probe/fixtures/fake-server/", import.meta.url));
const fake: Record<string, string> = {};
for (const rel of ["server.py", "shop/app.py", "shop/refused.py", "shop/broken.py"]) fake[rel] = readFileSync(path.join(FAKE, rel), "utf8");

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function repo(): string {
  const root = tempProject({ ...SHOP, ...fake });
  roots.push(root);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: root });
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  return root;
}

describe("the Action's probe-command", () => {
  it("runs the server with the probe and adds what only it saw to the annotations and the SARIF", () => {
    const root = repo();
    const run = runAction(root, { "probe-command": "/usr/bin/python3 server.py serve", "fail-on": "never" });
    roots.push(run.runnerTemp);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("forksafe: probing /usr/bin/python3 server.py serve (runs the server until its first fork)\n");
    expect(run.stdout).toMatch(/^forksafe probe: 3 things open or alive in the master at its first fork/m);
    expect(run.summary).toMatch(/### Probe\n\n`\/usr\/bin\/python3 server.py serve`: 3 things open or alive in the master at its first fork/);
    expect(run.annotations.some((a) => a.startsWith("::error file=shop/app.py,line=7,"))).toBe(true);
    const sarif = JSON.parse(readFileSync(run.outputs["sarif-file"]!, "utf8")) as {
      runs: { results: { ruleId: string; properties?: Record<string, { probeOnly?: boolean }> }[] }[];
    };
    const probeOnly = sarif.runs[0]!.results.filter((r) => r.properties?.["forksafe/runtime"]?.probeOnly);
    expect(probeOnly.map((r) => r.ruleId)).toEqual(["FS102", "FS201", "FS202"]);
    expect(run.status).toBe(0);
    expect(readdirSync(root).filter((f) => f.endsWith(".json"))).toEqual([]);
  });

  it("refuses a command with shell syntax, naming it, before running anything", () => {
    const root = repo();
    const run = runAction(root, { "probe-command": "/usr/bin/python3 server.py serve | tee log" });
    roots.push(run.runnerTemp);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('::error::Forksafe: input probe-command: one plain command, without "|"; put the rest in a script and give its path\n');
  });

  it("fails the step when the server cannot be probed, with the reason as an error", () => {
    const root = repo();
    const run = runAction(root, { "probe-command": "forksafe-no-such-server --preload", "fail-on": "never" });
    roots.push(run.runnerTemp);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("::error::Forksafe probe: command not found: forksafe-no-such-server\n");
    expect(run.summary).toContain("**The probe failed:** command not found: forksafe-no-such-server");
  });
});
