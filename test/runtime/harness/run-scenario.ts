// One scenario, end to end, against a running cluster.
import { rmSync } from "node:fs";
import type { Cluster } from "./postgres.js";
import { burst, databaseErrors, measure, type Burst, type Measurement } from "./load.js";
import { freePort } from "./ports.js";
import { trackDir, untrackDir } from "./processes.js";
import { materialise, type Scenario, type Verdict } from "./project.js";
import { scan, type ScanVerdict } from "./scan.js";
import { startServer, type Server } from "./server.js";

export const WORKERS = 4;
const MIN_REQUESTS = 100;
const MAX_REQUESTS = 400;
const BURST_REQUESTS = 400;
const BURST_CONCURRENCY = 8;

export interface ScenarioResult {
  scenario: Scenario;
  measurement?: Measurement;
  runtime?: Verdict;
  scan: ScanVerdict;
  burst?: Burst & { databaseErrors: Map<string, number> };
  log: string;
  /** Why the runtime side could not give a verdict. */
  problem?: string;
}

/**
 * Runs a scenario:
 *  1. copy the project to a temporary directory and give it a database copied from the
 *     migrated template (migrate ran once on the base project, which has no startup work);
 *  2. scan that directory with Forksafe, in parallel with the rest;
 *  3. start the Procfile's web process on a free loopback port;
 *  4. send sequential requests; shared when fewer distinct backends than workers answered;
 *  5. send a bounded concurrent burst and collect the log's database errors (the symptoms);
 *  6. stop the server by process id and remove the directory, whatever happened.
 */
export async function runScenario(scenario: Scenario, cluster: Cluster, template: string): Promise<ScenarioResult> {
  const dir = materialise(scenario);
  trackDir(dir);
  const scanning = scan(dir);
  const result: ScenarioResult = { scenario, scan: { results: [] }, log: "" };
  let server: Server | undefined;
  try {
    const dbName = scenario.name.replaceAll("-", "_");
    await cluster.createDatabase(dbName, template);
    const env = { port: await freePort(), dbName, dbPort: cluster.port };
    server = await startServer(dir, env, scenario.server === "uwsgi" ? "SIGQUIT" : "SIGTERM");
    const m = await measure(server.port, MIN_REQUESTS, MAX_REQUESTS, WORKERS);
    result.measurement = m;
    if (m.workers < 2) {
      result.problem = `only ${m.workers} worker(s) answered ${m.ok} of ${m.requests} requests`;
    } else {
      result.runtime = m.backends < m.workers ? "shared" : "isolated";
    }
    if (result.runtime) {
      const b = await burst(server.port, BURST_REQUESTS, BURST_CONCURRENCY);
      result.burst = { ...b, databaseErrors: databaseErrors(server.log()) };
    }
  } catch (error) {
    result.problem = error instanceof Error ? error.message : String(error);
  } finally {
    if (server) {
      await server.stop();
      result.log = server.log();
    }
    result.scan = await scanning;
    rmSync(dir, { recursive: true, force: true });
    untrackDir(dir);
  }
  return result;
}

/** Empty when the runtime, the scenario's intent and Forksafe all agree; else what differs. */
export function disagreement(r: ScenarioResult): string {
  const lines: string[] = [];
  if (r.problem) lines.push(`runtime: no verdict (${r.problem})`);
  if (r.scan.problem) lines.push(`scan: no verdict (${r.scan.problem})`);
  if (r.runtime && r.runtime !== r.scenario.intended) {
    lines.push(`runtime verdict ${r.runtime}, but the scenario is built to be ${r.scenario.intended}`);
  }
  if (r.runtime && r.scan.verdict && r.runtime !== r.scan.verdict) {
    lines.push(`runtime verdict ${r.runtime}, Forksafe verdict ${r.scan.verdict}`);
  }
  if (lines.length === 0) return "";
  const m = r.measurement;
  return [
    `scenario ${r.scenario.name} (${r.scenario.server}: ${r.scenario.setup})`,
    ...lines,
    m ? `measured: ${m.workers} workers, ${m.backends} backends, ${m.ok}/${m.requests} requests answered` : "",
    `scan results: ${r.scan.results.join("; ") || "none"}`,
    "server log:",
    r.log.slice(-6000),
  ].join("\n");
}
