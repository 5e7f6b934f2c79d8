// A minimal listing of entry points (server, file:line, preload, mitigation), used by the text
// report and `forksafe scan --entry-points`.
import type { EntryPoint, Mitigation, Preload } from "../analysis/types.js";

export function entryPointLine(ep: EntryPoint): string {
  const where = `${ep.location.path}:${ep.location.startLine}`;
  const facts = [describePreload(ep.preload), describeMitigation(ep.mitigation)];
  if (ep.workerClass) facts.push(`${ep.workerClass} workers`);
  const notes = ep.notes.length > 0 ? ` (${ep.notes.join("; ")})` : "";
  return `${where} ${ep.server} (${ep.source}): ${facts.join(", ")}${notes}`;
}

export function entryPointListing(entryPoints: readonly EntryPoint[]): string {
  if (entryPoints.length === 0) return "No gunicorn or uWSGI entry points found.\n";
  const noun = entryPoints.length === 1 ? "entry point" : "entry points";
  return `${entryPoints.length} ${noun}:\n${entryPoints.map((ep) => `  ${entryPointLine(ep)}\n`).join("")}`;
}

export function describePreload(preload: Preload): string {
  switch (preload.kind) {
    case "on":
      return "loads the app before fork";
    case "off":
      return "loads the app in each worker";
    case "env":
      return `depends on ${preload.variable}, default ${preload.fallback ? "preload on" : "preload off"}`;
  }
}

export function describeMitigation(mitigation: Mitigation): string {
  switch (mitigation) {
    case "none":
      return "no connection close before fork";
    case "master-close":
      return "closes connections in the master before fork";
    case "worker-close":
      return "closes connections in each worker after fork (fragile)";
  }
}
