// One scenario, end to end, against a running cluster.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Cluster } from "./postgres.js";
import { burst, databaseErrors, measure, type Burst, type Measurement } from "./load.js";
import { freePort } from "./ports.js";
import { sleep, trackDir, untrackDir } from "./processes.js";
import { materialise, type Scenario, type Verdict } from "./project.js";
import { scan, type ScanVerdict } from "./scan.js";
import { startServer, type Server, type ServerEnv } from "./server.js";

export const WORKERS = 4;
const MIN_REQUESTS = 100;
const MAX_REQUESTS = 400;
const BURST_REQUESTS = 400;
const BURST_CONCURRENCY = 8;
/** The second burst: short-lived connections, on a fresh server, for a fixed time. */
export const SHORT_CONN_MAX_AGE = 5;
/** A safety cap, above what the time limit lets through here (at most about 4,100 a second measured). */
const SHORT_BURST_MAX_REQUESTS = 50_000;
const SHORT_BURST_CONCURRENCY = 16;
/** Longer than CONN_MAX_AGE, so the connection the master opened ages out mid-burst. */
export const SHORT_BURST_SECONDS = SHORT_CONN_MAX_AGE + 5;
/** Isolated scenarios that get the second burst too, as its control. */
const SHORT_BURST_CONTROLS = new Set(["gunicorn-no-preload"]);

/** The scheduler scenarios' job runs every JOB_SECONDS; the oracle watches it this long. */
export const JOB_SECONDS = 2;
const JOB_WATCH_SECONDS = 3 * JOB_SECONDS;

export type BurstResult = Burst & { databaseErrors: Map<string, number> };

export interface ScenarioResult {
  scenario: Scenario;
  measurement?: Measurement;
  runtime?: Verdict;
  scan: ScanVerdict;
  burst?: BurstResult;
  /** The second burst, with CONN_MAX_AGE = SHORT_CONN_MAX_AGE: shared scenarios and the control. */
  shortBurst?: BurstResult;
  /** Why the second burst could not run (the verdict does not depend on it). */
  shortBurstProblem?: string;
  log: string;
  /** Why the runtime side could not give a verdict. */
  problem?: string;
  /** Scheduler scenarios: the processes that ran the interval job, each once per interval. */
  jobRunners?: number;
  /** Scheduler scenarios: how many of the workers that answered ran the interval job. */
  jobRunnersInWorkers?: number;
  /** Scheduler scenarios: whether the server's master (the process the Procfile started) ran it. */
  jobRanInMaster?: boolean;
}

/**
 * Runs a scenario:
 *  1. copy the project to a temporary directory and give it a database copied from the
 *     migrated template (migrate ran once on the base project, which has no startup work);
 *  2. scan that directory with Forksafe, in parallel with the rest;
 *  3. start the Procfile's web process on a free loopback port;
 *  4. send sequential requests; shared when fewer distinct backends than workers answered (in a
 *     scheduler scenario, then watch the job's log: shared too when not every answering worker ran it);
 *  5. send a bounded concurrent burst and collect the log's database errors (the symptoms);
 *  6. for a shared scenario or a control (or when `shortBurst` asks): stop the server, start it again with short-lived
 *     connections (CONN_MAX_AGE), send a second, time-bounded burst and collect its log's errors;
 *  7. stop the server by process id and remove the directory, whatever happened.
 */
export async function runScenario(scenario: Scenario, cluster: Cluster, template: string, options: { shortBurst?: boolean } = {}): Promise<ScenarioResult> {
  const dir = materialise(scenario);
  trackDir(dir);
  const scanning = scan(dir);
  const result: ScenarioResult = { scenario, scan: { results: [] }, log: "" };
  let server: Server | undefined;
  try {
    const dbName = scenario.name.replaceAll("-", "_");
    await cluster.createDatabase(dbName, template);
    const env = { port: await freePort(), dbName, dbPort: cluster.port };
    server = await startServer(dir, env, stopSignal(scenario));
    const m = await measure(server.port, MIN_REQUESTS, MAX_REQUESTS, WORKERS);
    result.measurement = m;
    if (scenario.measures === "scheduler") Object.assign(result, jobRuns(await jobRunnerPids(dir), m, server.child.pid));
    if (m.workers < 2) {
      result.problem = `only ${m.workers} worker(s) answered ${m.ok} of ${m.requests} requests`;
    } else if (scenario.measures === "scheduler" && !result.jobRunners) {
      result.problem = "the interval job ran in no process";
    } else {
      result.runtime = runtimeVerdict(m, result.jobRunnersInWorkers);
    }
    if (result.runtime) {
      const b = await burst(server.port, BURST_REQUESTS, BURST_CONCURRENCY);
      result.burst = { ...b, databaseErrors: databaseErrors(server.log()) };
    }
    if (result.runtime === "shared" || (result.runtime && (SHORT_BURST_CONTROLS.has(scenario.name) || options.shortBurst))) {
      await server.stop();
      result.log = server.log();
      server = undefined;
      Object.assign(result, await shortLivedBurst(dir, env, scenario));
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

/**
 * Step 6 on its own server, stopped here whatever happens. A failure here is recorded beside
 * the burst and leaves the verdict alone.
 */
async function shortLivedBurst(dir: string, env: ServerEnv, scenario: Scenario): Promise<Pick<ScenarioResult, "shortBurst" | "shortBurstProblem">> {
  let server: Server | undefined;
  try {
    const short = { ...env, port: await freePort(), connMaxAge: SHORT_CONN_MAX_AGE };
    server = await startServer(dir, short, stopSignal(scenario));
    const b = await burst(server.port, SHORT_BURST_MAX_REQUESTS, SHORT_BURST_CONCURRENCY, SHORT_BURST_SECONDS);
    return { shortBurst: { ...b, databaseErrors: databaseErrors(server.log()) } };
  } catch (error) {
    return { shortBurstProblem: error instanceof Error ? error.message : String(error) };
  } finally {
    await server?.stop();
  }
}

/**
 * The distinct processes that wrote to jobs.log during the last JOB_WATCH_SECONDS: the job
 * appends "PID TIME" on every run, so each process that runs a scheduler shows up once per interval.
 */
async function jobRunnerPids(dir: string): Promise<number[]> {
  const since = Date.now() / 1000;
  await sleep(JOB_WATCH_SECONDS * 1000);
  const file = join(dir, "jobs.log");
  if (!existsSync(file)) return [];
  const pids = new Set<number>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [pid, time] = line.trim().split(" ");
    if (pid && Number(time) >= since) pids.add(Number(pid));
  }
  return [...pids];
}

/** Where the interval job ran: how many processes, how many of them answering workers, and whether the master. */
export function jobRuns(pids: number[], m: Measurement, masterPid?: number): Pick<ScenarioResult, "jobRunners" | "jobRunnersInWorkers" | "jobRanInMaster"> {
  const workers = new Set(m.workerPids ?? []);
  return {
    jobRunners: pids.length,
    jobRunnersInWorkers: pids.filter((pid) => workers.has(pid)).length,
    jobRanInMaster: masterPid !== undefined && pids.includes(masterPid),
  };
}

/**
 * Shared when fewer PostgreSQL backends than workers answered; in a scheduler scenario also when
 * fewer of the answering workers ran the interval job than answered (a scheduler started before
 * fork runs in the master alone: the workers got a copy of it without its thread).
 */
export function runtimeVerdict(m: Measurement, jobRunnersInWorkers?: number): Verdict {
  if (m.backends < m.workers) return "shared";
  if (jobRunnersInWorkers !== undefined && jobRunnersInWorkers < m.workers) return "shared";
  return "isolated";
}

const stopSignal = (scenario: Scenario): NodeJS.Signals => (scenario.server === "uwsgi" ? "SIGQUIT" : "SIGTERM");

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
  for (const expected of r.scenario.expects) {
    if (!r.scan.results.some((found) => found.startsWith(`${expected} `))) lines.push(`scan: no ${expected} result`);
  }
  if (r.scenario.measures === "scheduler" && r.runtime === "isolated" && r.measurement && r.jobRunners !== r.measurement.workers) {
    lines.push(`the interval job ran in ${r.jobRunners ?? 0} processes per interval, not once per worker (${r.measurement.workers})`);
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
