// The fix phase of the runtime oracle: for each fix kind, its broken scenario is measured, fixed
// by `forksafe fix --write` (the CLI, as a user runs it), and measured again.
//  1. Check the Debian packages; start a throwaway PostgreSQL cluster; migrate a template database.
//  2. Per scenario: measure it; copy it, run `forksafe fix --write` on the copy, measure the copy
//     with the same bursts; check that `forksafe fix` on the copy finds nothing more.
//  3. Write docs/fix-oracle.md; stop the cluster and remove it.
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { renderFixReport, loadErrors, type FixRun } from "./harness/fix-report.js";
import { stackVersions } from "./harness/packages.js";
import type { Cluster } from "./harness/postgres.js";
import { startMigratedCluster } from "./harness/migrated-cluster.js";
import { trackDir, untrackDir } from "./harness/processes.js";
import { loadScenarios, materialise, RUNTIME_DIR, type Scenario } from "./harness/project.js";
import { writeReport } from "./harness/report.js";
import { runScenario, type ScenarioResult } from "./harness/run-scenario.js";

const run = promisify(execFile);
const REPO = join(RUNTIME_DIR, "..", "..");
const CLI = join(REPO, "bin", "forksafe.js");
const REPORT = join(REPO, "docs", "fix-oracle.md");
const TEMPLATE_DB = "fix_template";
/** Two servers with two bursts each (three for the rename's control), a few scenarios at once on a small machine. */
const FIX_TIMEOUT_MS = 420_000;

/** Each fix kind's broken scenario(s). */
const FIXES: [name: string, kind: string][] = [
  ["gunicorn-preload-config", "FS110: when_ready close in the config file"],
  ["gunicorn-preload-flag", "FS110: new gunicorn.conf.py beside the Procfile"],
  ["gunicorn-cmd-args", "FS110: new gunicorn.conf.py where bin/start runs"],
  ["uwsgi-default", "FS110: lazy-apps in uwsgi.ini"],
  ["flask-engine-preload", "FS203: post_fork engine.dispose(close=False)"],
  ["gunicorn-post-fork-close", "FS112: close moved to when_ready"],
  ["gunicorn-wrong-case", "FS111: renamed to preload_app (with the close)"],
];

const scenarios = new Map(loadScenarios().map((s) => [s.name, s]));
const runs: FixRun[] = [];
const started = Date.now();
let cluster: Cluster | undefined;

beforeAll(async () => {
  cluster = await startMigratedCluster(TEMPLATE_DB);
});

afterAll(async () => {
  try {
    if (runs.length > 0) {
      runs.sort((a, b) => FIXES.findIndex(([n]) => n === a.name) - FIXES.findIndex(([n]) => n === b.name));
      writeReport(REPORT, renderFixReport(runs, { versions: await stackVersions(), seconds: Math.round((Date.now() - started) / 1000) }));
    }
  } finally {
    await cluster?.stop();
  }
});

async function forksafeFix(dir: string, write: boolean): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [CLI, "fix", ...(write ? ["--write"] : []), dir], { cwd: REPO, timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
}

/** The scenario as another scenario whose files are `dir` (already holding the base project). */
function scenarioAt(scenario: Scenario, dir: string, suffix: string): Scenario {
  return { ...scenario, name: `${scenario.name}-${suffix}`, source: dir, intended: "isolated", expects: [] };
}

describe("fix phase", () => {
  test.concurrent.each(FIXES)(
    "%s: %s",
    async (name, kind) => {
      if (!cluster) throw new Error("no PostgreSQL cluster (see the beforeAll error)");
      const scenario = scenarios.get(name);
      if (!scenario) throw new Error(`scenario ${name} is missing`);
      const before = await runScenario(scenario, cluster, TEMPLATE_DB, { shortBurst: true });
      const dir = materialise(scenario);
      trackDir(dir);
      try {
        const fixed = await forksafeFix(dir, true);
        expect(fixed.code, fixed.stderr).toBe(0);
        const after = await runScenario(scenarioAt(scenario, dir, "fixed"), cluster, TEMPLATE_DB, { shortBurst: true });
        const again = await forksafeFix(dir, false);
        let control: ScenarioResult | undefined;
        if (name === "gunicorn-wrong-case") control = await renameOnly(scenario, cluster);
        runs.push({
          name,
          kind,
          fixed: fixed.stdout
            .trim()
            .split("\n")
            .filter(Boolean)
            .map((l) => l.replace(/^fixed /, "")),
          before,
          after,
          control,
          idempotent: again.code === 0,
        });

        if (scenario.intended === "shared") expect(before.runtime, before.problem).toBe("shared");
        expect(after.runtime, after.problem ?? after.log.slice(-3000)).toBe("isolated");
        expect(loadErrors(after), after.log.slice(-3000)).toBe(0);
        expect(after.shortBurst, after.shortBurstProblem).toBeDefined();
        expect(after.scan.verdict, after.scan.results.join("; ")).toBe("isolated");
        expect(again.code, again.stdout + again.stderr).toBe(0);
        if (control) expect(control.runtime, "renaming alone turns preload on: one backend").toBe("shared");
      } finally {
        rmSync(dir, { recursive: true, force: true });
        untrackDir(dir);
      }
    },
    FIX_TIMEOUT_MS,
  );
});

/** gunicorn-wrong-case with only PRELOAD_APP renamed, as a hand edit would: preload on, nothing closing. */
async function renameOnly(scenario: Scenario, db: Cluster): Promise<ScenarioResult> {
  const dir = materialise(scenario);
  trackDir(dir);
  try {
    const config = join(dir, "gunicorn.conf.py");
    writeFileSync(config, readFileSync(config, "utf8").replace("PRELOAD_APP", "preload_app"));
    return await runScenario({ ...scenarioAt(scenario, dir, "renamed"), intended: "shared" }, db, TEMPLATE_DB);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    untrackDir(dir);
  }
}
