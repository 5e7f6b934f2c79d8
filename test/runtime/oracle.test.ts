// The runtime oracle: every scenario's measured verdict against Forksafe's.
//  1. Check the Debian packages; start one throwaway PostgreSQL cluster.
//  2. Migrate the base project into a template database (each scenario gets a copy).
//  3. Run the scenarios a few at a time, each on its own ports and database.
//  4. Write docs/runtime-oracle.md; stop the cluster and remove it.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PYTHON, stackVersions } from "./harness/packages.js";
import type { Cluster } from "./harness/postgres.js";
import { startMigratedCluster } from "./harness/migrated-cluster.js";
import { rmSync } from "node:fs";
import { loadScenarios, materialise, RUNTIME_DIR } from "./harness/project.js";
import { renderReport, writeReport } from "./harness/report.js";
import { disagreement, runScenario, type ScenarioResult } from "./harness/run-scenario.js";

const run = promisify(execFile);
let migrateOnFresh: string | undefined;
const TEMPLATE_DB = "migrated_template";
const REPORT = join(RUNTIME_DIR, "..", "..", "docs", "runtime-oracle.md");

const scenarios = loadScenarios();
const results: ScenarioResult[] = [];
const started = Date.now();
let cluster: Cluster | undefined;

beforeAll(async () => {
  cluster = await startMigratedCluster(TEMPLATE_DB);
});

afterAll(async () => {
  try {
    if (results.length > 0) {
      results.sort((a, b) => a.scenario.name.localeCompare(b.scenario.name));
      const seconds = Math.round((Date.now() - started) / 1000);
      writeReport(REPORT, renderReport(results, { versions: await stackVersions(), seconds, migrateOnFresh }));
    }
  } finally {
    await cluster?.stop();
  }
});

describe("runtime oracle", () => {
  test("has at least 30 scenarios", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  test("migrate on a fresh database fails when ready() queries", async () => {
    if (!cluster) throw new Error("no PostgreSQL cluster (see the beforeAll error)");
    const scenario = scenarios.find((s) => s.name === "gunicorn-preload-config");
    if (!scenario) throw new Error("scenario gunicorn-preload-config is missing");
    const dir = materialise(scenario);
    try {
      await cluster.createDatabase("fresh");
      const env = { PATH: "/usr/bin:/bin", PYTHONDONTWRITEBYTECODE: "1", DB_NAME: "fresh", DB_PORT: String(cluster.port) };
      const error = await run(PYTHON, ["manage.py", "migrate", "--noinput"], { cwd: dir, env }).then(
        () => undefined,
        (e: { stderr?: string }) => e.stderr ?? "",
      );
      migrateOnFresh = error?.split("\n").findLast((line) => /^\S+Error: /.test(line));
      expect(migrateOnFresh).toMatch(/relation "auth_user" does not exist/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.concurrent.each(scenarios.map((s) => [s.name, s] as const))("%s", async (_name, scenario) => {
    if (!cluster) throw new Error("no PostgreSQL cluster (see the beforeAll error)");
    const result = await runScenario(scenario, cluster, TEMPLATE_DB);
    results.push(result);
    const problem = disagreement(result);
    expect(problem, problem).toBe("");
  });
});
