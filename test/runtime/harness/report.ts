// docs/runtime-oracle.md: the table the oracle measured, rewritten on every run.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { disagreement, SHORT_BURST_SECONDS, SHORT_CONN_MAX_AGE, WORKERS, type BurstResult, type ScenarioResult } from "./run-scenario.js";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

export interface Environment {
  versions: string;
  seconds: number;
  /** The last line `manage.py migrate` printed on a fresh database with a query in ready(). */
  migrateOnFresh?: string;
}

export function renderReport(results: ScenarioResult[], env: Environment): string {
  const agreed = results.filter((r) => disagreement(r) === "").length;
  const rows = results.map((r) => {
    const m = r.measurement;
    const jobs = r.scenario.measures === "scheduler" && m ? ` (job in ${r.jobRunnersInWorkers ?? 0} of them)` : "";
    return `| ${r.scenario.name} | ${r.scenario.server} | ${cell(r.scenario.setup)} | ${m?.workers ?? "–"} | ${
      m?.backends ?? "–"
    }${jobs} | ${r.runtime ?? "no verdict"} | ${r.scan.verdict ?? "no verdict"} | ${disagreement(r) === "" ? "yes" : "**no**"} |`;
  });
  const bursts = results.filter((r) => r.burst).map((r) => burstRow(r, r.burst!));
  const shortBursts = results.flatMap((r) =>
    r.shortBurst
      ? [burstRow(r, r.shortBurst)]
      : r.shortBurstProblem
        ? [`| ${r.scenario.name} | ${r.runtime} | not run: ${cell(r.shortBurstProblem)} | – | – | – | – |`]
        : [],
  );
  const jobs = results.filter((r) => r.scenario.measures === "scheduler").map((r) => `- ${r.scenario.name}: ${jobLine(r)}`);
  const findings = results.map((r) => `- ${r.scenario.name}: ${r.scan.results.map((f) => `\`${f}\``).join(", ") || "no findings"}`);
  return [
    "# Runtime oracle",
    "",
    "Written by `npm run test:runtime` (test/runtime/); do not edit by hand.",
    "",
    `Each scenario is a small Django (or Flask) project served by a real pre-forking server with ${WORKERS} workers`,
    "against a throwaway PostgreSQL cluster. A view returns `os.getpid()` and `SELECT pg_backend_pid()`;",
    "sequential requests (at least 100) count the distinct workers and PostgreSQL backends that answered.",
    "The runtime verdict is **shared** when fewer backends than workers answered, **isolated** otherwise.",
    "In the thread scenarios the view returns, instead of a backend, the process a thread started at",
    "startup is alive in as the answering worker sees it (0 when it is not alive there), so **shared**",
    "means the workers do not have the thread. In the scheduler scenarios the interval job logs its",
    "process id on every run; the processes that ran it are counted over three intervals, and the verdict",
    "is **shared** as well when not every answering worker ran it (a scheduler started before fork runs",
    "in the master alone); their backends column also says in how many of the workers the job ran.",
    "Forksafe's verdict is **shared** when `forksafe scan --format sarif` on the same directory reports an",
    "error-level result. Every row must agree, and with the verdict the scenario was built to show.",
    "",
    `Stack: ${env.versions}. Run time: ${env.seconds} s. Agreement: ${agreed} of ${results.length} scenarios.`,
    "",
    "| scenario | server | setup | workers | backends (threads) | runtime verdict | Forksafe verdict | agrees |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    ...(jobs.length > 0 ? ["## Scheduler runs", "", ...jobs, ""] : []),
    "## Forksafe's findings",
    "",
    "What the scan reported on each scenario (rule, level, file and line; suppressed results left out).",
    "",
    ...findings,
    "",
    "## migrate on a fresh database",
    "",
    "The second cost of a query in `ready()`: `manage.py migrate` of gunicorn-preload-config on an",
    `empty database ${env.migrateOnFresh ? `fails with \`${env.migrateOnFresh}\`` : "was not checked in this run"}.`,
    "(The scenarios' own databases are copies of one migrated from the base project, which has no",
    "startup work, so every scenario starts from the same migrated schema.)",
    "",
    "## Concurrent bursts",
    "",
    "After the measurement, a burst of concurrent requests (loopback only) against the same server,",
    "on every scenario, so the isolated ones serve as the control;",
    "5xx counts the replies with a server error; *crossed replies* the successful replies that carried",
    "another request's rows (each request sends a number the query echoes back); *no reply* the",
    "requests that got no HTTP answer; the last column the database errors in the server's log.",
    "",
    "| scenario | runtime verdict | requests at concurrency | 5xx | crossed replies | no reply | database errors in the log |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...bursts,
    "",
    "## Concurrent bursts with short-lived connections",
    "",
    `The same shared scenarios, and gunicorn-no-preload as the control, served again by a fresh server`,
    `whose settings set \`CONN_MAX_AGE = ${SHORT_CONN_MAX_AGE}\` (Django closes a connection older than that at the`,
    `start or end of a request), then a burst that starts requests for ${SHORT_BURST_SECONDS} s, past that age (loopback only;`,
    "each request waits at most 10 s for its reply; the time shown runs to the last reply). Columns as",
    "above; a database error is logged twice, as psycopg2's class and as Django's wrapper of it.",
    "",
    "| scenario | runtime verdict | requests at concurrency | 5xx | crossed replies | no reply | database errors in the log |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...shortBursts,
    "",
  ].join("\n");
}

function jobLine(r: ScenarioResult): string {
  const n = r.jobRunners ?? 0;
  const workers = r.measurement?.workers ?? 0;
  const where = [`${r.jobRunnersInWorkers ?? 0} of the ${workers} workers that answered`];
  if (r.jobRanInMaster) where.push("the server's master");
  const others = n - (r.jobRunnersInWorkers ?? 0) - (r.jobRanInMaster ? 1 : 0);
  if (others > 0) where.push(`${others} other process${others === 1 ? "" : "es"}`);
  return `the interval job ran in ${n} process${n === 1 ? "" : "es"} per interval: ${where.join(", ")}.`;
}

function burstRow(r: ScenarioResult, b: BurstResult): string {
  const errors = [...b.databaseErrors].map(([message, n]) => `${n} × \`${cell(message)}\``).join("; ");
  const lost = [...b.noReply].map(([reason, n]) => `${n} (${reason})`).join(", ");
  const sent = `${b.requests} at ${b.concurrency}${b.seconds === undefined ? "" : ` over ${b.elapsed.toFixed(1)} s`}`;
  return `| ${r.scenario.name} | ${r.runtime} | ${sent} | ${b.serverErrors} | ${b.crossed} | ${lost || "0"} | ${errors || "none"} |`;
}

export function writeReport(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
