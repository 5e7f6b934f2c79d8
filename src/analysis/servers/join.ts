// The join: startup database work gets its level from the entry points, and the server settings
// get findings of their own.
//  1. Level each piece of startup work (FS101-FS103) by the entry points that load the app.
//  2. FS110 on each line that turns pre-fork loading on, listing the work it would share.
//  3. FS112 on each close that happens only in the workers.
//  4. FS111 on setting names gunicorn ignores.
import type { AnalysisContext } from "../context.js";
import type { StartupWork } from "../startup-work.js";
import type { EntryPoint, Finding, Severity } from "../types.js";
import { discoveryOf } from "./discovery.js";
import { at, loadsBeforeFork, refOf, workerClassNote } from "./entry-summary.js";
import { ignoredSettingFindings } from "./ignored-settings.js";
import { preloadFindings, workerCloseFindings } from "./preload-findings.js";

/** Findings without fingerprint or suppression: analyze() adds those. */
export type DraftFinding = Omit<Finding, "fingerprint" | "suppressed">;

/** Startup work; `closedInMaster` is set when ready() ends by closing connections. */
export type ClosableWork = StartupWork;

export function joinEntryPoints(work: StartupWork[], entryPoints: EntryPoint[], ctx: AnalysisContext): DraftFinding[] {
  const textOf = (path: string): string | undefined => ctx.files.text(path);
  const shared = work.filter((w) => !w.closedInMaster);
  return [
    ...work.map((w) => levelled(w, entryPoints, textOf)),
    ...preloadFindings(shared, entryPoints, discoveryOf(ctx), textOf),
    ...workerCloseFindings(shared, entryPoints, textOf),
    ...ignoredSettingFindings(discoveryOf(ctx), shared.length > 0),
  ];
}

interface Level {
  severity: Severity;
  deciding: EntryPoint[];
  why: string;
}

function levelled(w: ClosableWork, entryPoints: EntryPoint[], textOf: (path: string) => string | undefined): DraftFinding {
  const level = levelOf(w, entryPoints);
  return {
    ruleId: w.ruleId,
    severity: level.severity,
    location: w.location,
    message: `${w.message.replace(/\.?$/, ".")} ${level.why}`,
    chain: w.chain,
    related: [],
    ...(w.fix ? { fix: w.fix } : {}),
    entryPoints: level.deciding.map((ep) => refOf(ep, textOf)),
  };
}

function levelOf(w: ClosableWork, entryPoints: EntryPoint[]): Level {
  const loading = entryPoints.filter((ep) => loadsBeforeFork(ep) === "yes");
  const unclosed = loading.filter((ep) => ep.mitigation === "none");
  const workerOnly = loading.filter((ep) => ep.mitigation === "worker-close");
  const maybe = entryPoints.filter((ep) => loadsBeforeFork(ep) === "maybe" && ep.mitigation !== "master-close");
  if (w.closedInMaster) {
    return { severity: "warning", deciding: loading, why: `Connections are closed at the end of ready() (${at(w.closedInMaster)}), before any fork; the query still runs at every startup.` };
  }
  if (unclosed.length > 0) {
    const names = unclosed.slice(0, 3).map((ep) => ep.source).join("; ");
    return {
      severity: "error",
      deciding: unclosed,
      why: `The app is loaded before fork (${names}) and nothing closes the connection first, so every worker inherits one database session: one worker closing it breaks the others, and concurrent queries can read each other's rows.${workerClassNote(unclosed)}`,
    };
  }
  if (workerOnly.length > 0) {
    return {
      severity: "note",
      deciding: workerOnly,
      why: "The app is loaded before fork and connections are closed only in each worker after fork: this works only while every process discards the inherited connection before using it; closing them before fork is safer.",
    };
  }
  if (maybe.length > 0) {
    const variables = [...new Set(maybe.map((ep) => (ep.preload.kind === "env" ? ep.preload.variable : "")))].join(", ");
    return { severity: "warning", deciding: maybe, why: `The app is loaded before fork only when ${variables} turns preload on; then workers would share this connection.` };
  }
  if (loading.length > 0) {
    return { severity: "warning", deciding: loading, why: "Every entry point that loads the app before fork closes connections first; the query still runs at every startup." };
  }
  return {
    severity: "warning",
    deciding: entryPoints,
    why: entryPoints.length > 0
      ? "No entry point found loads the app before fork; with gunicorn --preload or uWSGI without lazy-apps, workers would share this connection."
      : "No server entry point found; under gunicorn --preload or uWSGI without lazy-apps, workers would share this connection.",
  };
}
