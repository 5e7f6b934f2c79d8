// The join: startup database work gets its level from the entry points, and the server settings
// get findings of their own.
//  1. Level each piece of startup work (FS101-FS103) by the entry points that load the app.
//  2. FS110 on each line that turns pre-fork loading on, listing the work it would share.
//  3. FS112 on each close that happens only in the workers.
//  4. FS111 on setting names gunicorn ignores.
import type { AnalysisContext } from "../context.js";
import type { StartupWork } from "../startup-work.js";
import type { DraftFinding, EntryPoint, Severity } from "../types.js";
import { discoveryOf } from "./discovery.js";
import { hazardLevel } from "./hazard-levels.js";
import { at, loadsBeforeFork, refOf, workerClassNote } from "./entry-summary.js";
import { ignoredSettingFindings } from "./ignored-settings.js";
import { preloadFindings, workerCloseFindings } from "./preload-findings.js";

export type { DraftFinding };

/** Startup work; `closedInMaster` is set when ready() ends by closing connections. */
export type ClosableWork = StartupWork;

export function joinEntryPoints(work: StartupWork[], entryPoints: EntryPoint[], ctx: AnalysisContext): DraftFinding[] {
  const textOf = (path: string): string | undefined => ctx.files.text(path);
  const queries = work.filter((w) => !w.hazard);
  const shared = queries.filter((w) => !w.closedInMaster && !w.inMaster);
  return [
    ...queries.map((w) => levelled(w, decidingFor(w, entryPoints), textOf)),
    ...work.flatMap((w) => hazardFinding(w, decidingFor(w, entryPoints), textOf)),
    ...preloadFindings(shared, entryPoints, discoveryOf(ctx), textOf),
    ...workerCloseFindings(shared, entryPoints, textOf),
    ...ignoredSettingFindings(discoveryOf(ctx), shared.length > 0),
  ];
}

/**
 * The entry points that decide a piece of work. Work that runs from a gunicorn config file is
 * decided by the launches that read that file, and runs in the master before fork whatever their
 * preload says: gunicorn executes its config (and what it imports) in the master.
 */
function decidingFor(w: StartupWork, entryPoints: EntryPoint[]): EntryPoint[] {
  if (!w.inMaster) return entryPoints;
  const readers = entryPoints.filter((ep) => ep.configModule === w.inMaster);
  return readers.map((ep) => (ep.preload.kind === "on" ? ep : { ...ep, preload: { kind: "on" }, source: `${ep.source} (its master runs ${w.inMaster})` }));
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
    ...(w.libraryChain ? { libraryChain: w.libraryChain } : {}),
    related: [],
    ...(w.fix ? { fix: w.fix } : {}),
    entryPoints: level.deciding.map((ep) => refOf(ep, textOf)),
  };
}

/** FS201-FS203: levelled by hazard-levels.ts; none when the way the app is served makes it harmless. */
function hazardFinding(w: StartupWork, entryPoints: EntryPoint[], textOf: (path: string) => string | undefined): DraftFinding[] {
  const hazard = w.hazard;
  const level = hazard ? hazardLevel({ ...w, hazard }, entryPoints) : undefined;
  if (!level) return [];
  return [
    {
      ruleId: w.ruleId,
      severity: level.severity,
      location: w.location,
      message: `${w.message.replace(/\.?$/, ".")} ${level.why}`,
      chain: w.chain,
      related: [],
      entryPoints: level.deciding.map((ep) => refOf(ep, textOf)),
    },
  ];
}

function levelOf(w: ClosableWork, entryPoints: EntryPoint[]): Level {
  const loading = entryPoints.filter((ep) => loadsBeforeFork(ep) === "yes");
  const unclosed = loading.filter((ep) => ep.mitigation === "none");
  const workerOnly = loading.filter((ep) => ep.mitigation === "worker-close");
  const maybe = entryPoints.filter((ep) => loadsBeforeFork(ep) === "maybe" && ep.mitigation !== "master-close");
  if (w.closedInMaster) {
    return { severity: "warning", deciding: loading, why: `ready() closes the connections before any fork (${at(w.closedInMaster)}).` };
  }
  if (unclosed.length > 0) {
    return { severity: "error", deciding: unclosed, why: `Loaded before fork, with no close first, by ${names(unclosed)}.${workerClassNote(unclosed)}` };
  }
  if (workerOnly.length > 0) {
    return {
      severity: "note",
      deciding: workerOnly,
      why: `Loaded before fork by ${names(workerOnly)}, which close connections only in each worker after fork: fragile; close them before fork instead.`,
    };
  }
  if (maybe.length > 0) {
    const variables = [...new Set(maybe.map((ep) => (ep.preload.kind === "env" ? ep.preload.variable : "")))].join(", ");
    return { severity: "warning", deciding: maybe, why: `Loaded before fork only when ${variables} turns preload on (${names(maybe)}).` };
  }
  if (loading.length > 0) {
    return { severity: "warning", deciding: loading, why: `Every entry point that loads the app before fork closes connections first (${names(loading)}).` };
  }
  return {
    severity: "warning",
    deciding: entryPoints,
    why:
      entryPoints.length > 0
        ? `No entry point found loads the app before fork (${names(entryPoints)}).`
        : "No gunicorn or uWSGI entry point found, so whether the app is loaded before fork is unknown.",
  };
}

function names(eps: EntryPoint[]): string {
  const shown = eps
    .slice(0, 3)
    .map((ep) => ep.source)
    .join("; ");
  return eps.length > 3 ? `${shown} and ${eps.length - 3} more` : shown;
}
