// The level of what else breaks across fork (FS201-FS203), from the entry points:
//  - loaded before fork, nothing undoes it: error, with what happens to the thing in the workers;
//  - loaded before fork only when a variable turns preload on: warning;
//  - each worker loads the app itself: a scheduler runs once per worker (warning, unless one
//    worker is all there is); a thread, a client or an engine is then each worker's own (no finding);
//  - no entry point known: note.
// An engine whose pool a server hook disposes (before fork, or with close=False after) is no finding.
import type { Hazard } from "../summaries/facts.js";
import type { StartupWork } from "../startup-work.js";
import type { EntryPoint, Severity } from "../types.js";
import { loadsBeforeFork } from "./entry-summary.js";
import { workersFromPlatform } from "./worker-count.js";

export interface HazardLevel {
  severity: Severity;
  deciding: EntryPoint[];
  why: string;
}

const IN_THE_MASTER: Record<Hazard, string> = {
  thread: "it runs only in the master; workers never see it (fork() copies only the calling thread).",
  scheduler: "it runs only in the master; workers never see it, and its jobs run there alone (fork() copies only the calling thread).",
  client: "every worker inherits the same sockets and locks, without the threads behind them.",
  "engine-connect": "its pooled connection is copied into every worker, which then share one database session.",
};

const FIX: Record<Hazard, string> = {
  thread: "Start it after fork (gunicorn post_worker_init) or in a process of its own.",
  scheduler: "Run the scheduler in a process of its own (a management command, a dedicated service).",
  client: "Create it lazily in each worker, or in gunicorn's post_fork hook.",
  "engine-connect": "Call engine.dispose(close=False) in gunicorn's post_fork hook, or engine.dispose() in when_ready, before fork.",
};

/** The same remedies under uWSGI, whose workers run a `uwsgidecorators.postfork` function after fork. */
const UWSGI_FIX: Record<Hazard, string> = {
  thread: "Start it after fork (a uwsgidecorators @postfork function) or in a process of its own, or set lazy-apps = true.",
  scheduler: FIX.scheduler,
  client: "Create it lazily in each worker, or in a uwsgidecorators @postfork function, or set lazy-apps = true.",
  "engine-connect": "Call engine.dispose(close=False) in a uwsgidecorators @postfork function, or set lazy-apps = true.",
};

function fixFor(hazard: Hazard, eps: EntryPoint[]): string {
  return eps.length > 0 && eps.every((ep) => ep.server === "uwsgi") ? UWSGI_FIX[hazard] : FIX[hazard];
}

/** The level, or undefined when the way the app is served makes it no finding. */
export function hazardLevel(w: StartupWork & { hazard: Hazard }, entryPoints: EntryPoint[]): HazardLevel | undefined {
  const hazard = w.hazard;
  const loading = entryPoints.filter((ep) => loadsBeforeFork(ep) === "yes");
  const maybe = entryPoints.filter((ep) => loadsBeforeFork(ep) === "maybe");
  if (hazard === "engine-connect") {
    const disposed = loading.filter((ep) => ep.engineDispose && ep.engineDispose.side !== "worker-close");
    const open = loading.filter((ep) => !disposed.includes(ep));
    // SQLAlchemy's documented remedies: the pool is disposed before fork, or dropped in each worker.
    if (open.length === 0 && disposed.length > 0) return undefined;
    const fragile = open.filter((ep) => ep.engineDispose?.side === "worker-close");
    if (fragile.length > 0 && fragile.length === open.length) {
      return {
        severity: "warning",
        deciding: fragile,
        why: `Loaded before fork by ${names(fragile)}, whose post_fork dispose() closes the parent's connections too: pass close=False.`,
      };
    }
  }
  if (loading.length > 0) {
    const stopped = threadsNeverRun(hazard, loading);
    if (stopped) return { severity: "error", deciding: loading, why: stopped };
    return { severity: "error", deciding: loading, why: `Loaded before fork by ${names(loading)}: ${IN_THE_MASTER[hazard]} ${fixFor(hazard, loading)}` };
  }
  if (maybe.length > 0) {
    const variables = [...new Set(maybe.map((ep) => (ep.preload.kind === "env" ? ep.preload.variable : "")))].join(", ");
    return {
      severity: "warning",
      deciding: maybe,
      why: `Loaded before fork when ${variables} turns preload on (${names(maybe)}): ${IN_THE_MASTER[hazard]} ${fixFor(hazard, maybe)}`,
    };
  }
  if (entryPoints.length === 0) {
    return { severity: "note", deciding: [], why: `No gunicorn or uWSGI entry point found: under a pre-forking server ${IN_THE_MASTER[hazard]}` };
  }
  const stopped = threadsNeverRun(hazard, entryPoints);
  if (stopped) return { severity: "error", deciding: entryPoints, why: stopped };
  if (hazard !== "scheduler") return undefined;
  const several = entryPoints.filter((ep) => ep.workers !== 1);
  if (several.length === 0) return undefined;
  const platform = several.some(workersFromPlatform) ? ", with as many workers as the platform's WEB_CONCURRENCY says" : "";
  return {
    severity: "warning",
    deciding: several,
    why: `Each worker loads the app itself (${names(several)}${platform}), so each starts its own scheduler: every job runs once per worker. ${FIX.scheduler}`,
  };
}

/** uWSGI without enable-threads: a thread (or a scheduler's thread) the app starts never runs at all. */
function threadsNeverRun(hazard: Hazard, eps: EntryPoint[]): string | undefined {
  if ((hazard !== "thread" && hazard !== "scheduler") || eps.length === 0 || !eps.every((ep) => ep.threadsOff)) return undefined;
  return (
    `Served by ${names(eps)} without enable-threads: uWSGI does not run the Python threads an app starts unless ` +
    "enable-threads = true (or threads = N) is set, so this one never runs, in the master or in the workers. " +
    "Set enable-threads, and start it after fork (a uwsgidecorators @postfork function) or in a process of its own."
  );
}

function names(eps: EntryPoint[]): string {
  const shown = eps
    .slice(0, 3)
    .map((ep) => ep.source)
    .join("; ");
  return eps.length > 3 ? `${shown} and ${eps.length - 3} more` : shown;
}
