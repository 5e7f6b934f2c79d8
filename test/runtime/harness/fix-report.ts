// docs/fix-oracle.md: each fix kind's broken scenario measured before and after `forksafe fix
// --write`, rewritten on every run of the fix phase.
import type { BurstResult, ScenarioResult } from "./run-scenario.js";
import { SHORT_BURST_SECONDS, SHORT_CONN_MAX_AGE, WORKERS } from "./run-scenario.js";

export interface FixRun {
  name: string;
  kind: string;
  /** What `forksafe fix --write` printed: one line a fix. */
  fixed: string[];
  before: ScenarioResult;
  after: ScenarioResult;
  /** The rename's control: the same file with only the name changed, measured too. */
  control?: ScenarioResult;
  /** Whether `forksafe fix` on the fixed directory found nothing more to do. */
  idempotent: boolean;
}

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** Errors under load: 5xx replies, crossed replies and database errors in the log, over both bursts. */
export function loadErrors(r: ScenarioResult): number {
  const of = (b: BurstResult | undefined) => (b ? b.serverErrors + b.crossed + [...b.databaseErrors.values()].reduce((a, n) => a + n, 0) : 0);
  return of(r.burst) + of(r.shortBurst);
}

function measured(r: ScenarioResult): string {
  const m = r.measurement;
  if (!m) return `no measurement (${cell(r.problem ?? "unknown")})`;
  const requests = (r.burst?.requests ?? 0) + (r.shortBurst?.requests ?? 0);
  return `${m.backends} backend${m.backends === 1 ? "" : "s"} / ${m.workers} workers, **${r.runtime ?? "no verdict"}**, ${loadErrors(r)} errors in ${requests} requests under load`;
}

export function renderFixReport(runs: FixRun[], env: { versions: string; seconds: number }): string {
  const rows = runs.map(
    (f) =>
      `| ${f.name} | ${f.kind} | ${cell(f.fixed.join("; ") || "nothing written")} | ${measured(f.before)} | ${measured(f.after)} | ${f.after.scan.verdict ?? "no verdict"} | ${f.idempotent ? "yes" : "**no**"} |`,
  );
  const controls = runs.filter((f) => f.control).map((f) => `- ${f.name}: with only the setting renamed (no close): ${measured(f.control!)}.`);
  const findings = runs.map(
    (f) =>
      `- ${f.name}: before ${f.before.scan.results.map((r) => `\`${r}\``).join(", ") || "no findings"}; after ${f.after.scan.results.map((r) => `\`${r}\``).join(", ") || "no findings"}`,
  );
  return [
    "# Fix oracle",
    "",
    "Written by `npm run test:runtime` (test/runtime/fix.test.ts); do not edit by hand.",
    "",
    "For every fix kind of `forksafe fix`, the runtime oracle's scenario that shows the problem is served and",
    `measured as in [the runtime oracle](runtime-oracle.md) (${WORKERS} workers, a real gunicorn or uWSGI, a throwaway PostgreSQL`,
    "cluster): sequential requests count the PostgreSQL backends the workers use, then a concurrent burst, then a",
    `second server with \`CONN_MAX_AGE = ${SHORT_CONN_MAX_AGE}\` and a ${SHORT_BURST_SECONDS} s burst past that age. Then \`forksafe fix --write\``,
    "runs on the scenario's directory, and the fixed directory is measured the same way (both bursts).",
    "*Errors under load* adds the 5xx replies, the replies that carried another request's rows, and the",
    "database errors in the server's log (each logged twice, as psycopg2's class and as Django's wrapper of it,",
    "and counted as logged). The fix must leave one backend per worker and no error, Forksafe's",
    "scan of the fixed directory must report no error-level result, and `forksafe fix` on it must find nothing.",
    "",
    `Stack: ${env.versions}. Run time: ${env.seconds} s.`,
    "",
    "| scenario | fix kind | what forksafe fix wrote | before | after | Forksafe after | second fix empty |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    ...(controls.length > 0
      ? [
          "gunicorn-wrong-case is isolated before the fix because gunicorn ignores `PRELOAD_APP`; the rename turns",
          "preload on, so the fix adds the close before fork in the same change. The control shows why:",
          "",
          ...controls,
          "",
        ]
      : []),
    "gunicorn-post-fork-close measures isolated before the fix as well: the close in each worker works",
    "here, and FS112 reports it as fragile rather than broken (see the rule). The fix moves it to the master.",
    "",
    "## Forksafe's findings before and after",
    "",
    ...findings,
    "",
  ].join("\n");
}
