// The oracle's own judgement: reading SARIF, server logs and disagreements.
import type { Log, Result } from "sarif";
import { describe, expect, test } from "vitest";
import { databaseErrors } from "./harness/load.js";
import type { Scenario } from "./harness/project.js";
import { disagreement, jobRuns, runtimeVerdict, type ScenarioResult } from "./harness/run-scenario.js";
import { verdictOf } from "./harness/scan.js";

const sarif = (results: Result[]): Log => ({
  version: "2.1.0",
  runs: [
    {
      tool: { driver: { name: "forksafe", rules: [{ id: "FS101", defaultConfiguration: { level: "error" } }] } },
      results,
    },
  ],
});
const at = { physicalLocation: { artifactLocation: { uri: "shop/apps.py" }, region: { startLine: 10 } } };

describe("verdictOf", () => {
  test("an error-level result means shared", () => {
    const v = verdictOf(sarif([{ ruleId: "FS101", level: "error", message: { text: "x" }, locations: [at] }]));
    expect(v).toEqual({ verdict: "shared", results: ["FS101 error shop/apps.py:10"] });
  });

  test("warnings and notes alone mean isolated", () => {
    const v = verdictOf(sarif([{ ruleId: "FS101", level: "warning", message: { text: "x" } }]));
    expect(v.verdict).toBe("isolated");
  });

  test("a result without a level takes its rule's default level", () => {
    expect(verdictOf(sarif([{ ruleId: "FS101", message: { text: "x" } }])).verdict).toBe("shared");
  });

  test("a suppressed error does not count", () => {
    const suppressed: Result = { ruleId: "FS101", level: "error", message: { text: "x" }, suppressions: [{ kind: "inSource" }] };
    expect(verdictOf(sarif([suppressed])).verdict).toBe("isolated");
  });

  test("SARIF without a run gives no verdict", () => {
    expect(verdictOf({ version: "2.1.0", runs: [] }).verdict).toBeUndefined();
  });
});

test("databaseErrors counts each database error line of a log", () => {
  const log = [
    "Traceback (most recent call last):",
    "psycopg2.OperationalError: server closed the connection unexpectedly",
    "django.db.utils.OperationalError: server closed the connection unexpectedly",
    "django.db.utils.InterfaceError: connection already closed",
    "django.db.utils.InterfaceError: connection already closed",
    "[INFO] Booting worker with pid: 12",
  ].join("\n");
  expect(databaseErrors(log)).toEqual(
    new Map([
      ["psycopg2.OperationalError: server closed the connection unexpectedly", 1],
      ["django.db.utils.OperationalError: server closed the connection unexpectedly", 1],
      ["django.db.utils.InterfaceError: connection already closed", 2],
    ]),
  );
});

describe("disagreement", () => {
  const scenario: Scenario = {
    name: "s",
    source: "",
    server: "gunicorn",
    intended: "shared",
    setup: "preload",
    measures: "database",
    expects: [],
  };
  const result = (runtime: "shared" | "isolated", scanned?: "shared" | "isolated"): ScenarioResult => ({
    scenario,
    runtime,
    measurement: { requests: 100, ok: 100, workers: 4, backends: runtime === "shared" ? 1 : 4 },
    scan: { verdict: scanned, results: [] },
    log: "[INFO] Starting gunicorn",
  });

  test("is empty when runtime, intent and scan agree", () => {
    expect(disagreement(result("shared", "shared"))).toBe("");
  });

  test("names both verdicts and shows the server log when the scan differs", () => {
    const text = disagreement(result("shared", "isolated"));
    expect(text).toContain("runtime verdict shared, Forksafe verdict isolated");
    expect(text).toContain("[INFO] Starting gunicorn");
  });

  test("reports a runtime verdict that differs from the scenario's intent", () => {
    expect(disagreement(result("isolated", "isolated"))).toContain("built to be shared");
  });

  test("reports an expected result the scan did not give", () => {
    const expecting = { ...result("shared", "shared"), scenario: { ...scenario, expects: ["FS201 warning"] } };
    expect(disagreement(expecting)).toContain("scan: no FS201 warning result");
    expect(disagreement({ ...expecting, scan: { verdict: "shared", results: ["FS201 warning shop/apps.py:9"] } })).toBe("");
  });

  test("reports a scheduler job that did not run once per worker", () => {
    const scheduler = { ...result("isolated", "isolated"), scenario: { ...scenario, intended: "isolated" as const, measures: "scheduler" as const } };
    expect(disagreement({ ...scheduler, jobRunners: 1 })).toContain("ran in 1 processes per interval, not once per worker (4)");
    expect(disagreement({ ...scheduler, jobRunners: 4 })).toBe("");
  });

  test("does not ask a shared scheduler scenario for a job in every worker", () => {
    const master = {
      ...result("shared", "shared"),
      scenario: { ...scenario, measures: "scheduler" as const },
      jobRunners: 1,
      jobRunnersInWorkers: 0,
      jobRanInMaster: true,
    };
    expect(disagreement(master)).toBe("");
  });

  test("reports a scan that gave no verdict", () => {
    expect(disagreement({ ...result("shared"), scan: { results: [], problem: "exit 2: boom" } })).toContain("scan: no verdict (exit 2: boom)");
  });
});

describe("runtimeVerdict", () => {
  const m = { requests: 100, ok: 100, workers: 4, backends: 4, workerPids: [11, 12, 13, 14] };

  test("fewer backends than workers is shared", () => {
    expect(runtimeVerdict({ ...m, backends: 1 })).toBe("shared");
    expect(runtimeVerdict(m)).toBe("isolated");
  });

  test("a scheduler scenario is shared when not every answering worker ran the job", () => {
    expect(runtimeVerdict(m, 4)).toBe("isolated");
    expect(runtimeVerdict(m, 0)).toBe("shared");
    expect(runtimeVerdict(m, 3)).toBe("shared");
  });
});

describe("jobRuns", () => {
  const m = { requests: 100, ok: 100, workers: 4, backends: 4, workerPids: [11, 12, 13, 14] };

  test("counts the job's processes, those among the workers, and the master", () => {
    expect(jobRuns([11, 12, 13, 14], m, 10)).toEqual({ jobRunners: 4, jobRunnersInWorkers: 4, jobRanInMaster: false });
    expect(jobRuns([10], m, 10)).toEqual({ jobRunners: 1, jobRunnersInWorkers: 0, jobRanInMaster: true });
    expect(jobRuns([], m, 10)).toEqual({ jobRunners: 0, jobRunnersInWorkers: 0, jobRanInMaster: false });
  });
});
