// Entry points as plain text, one block each, for `forksafe scan --entry-points` and the text
// report: what Forksafe believes about how the app is served, for people to check.
import type { EntryPoint, Location } from "../analysis/types.js";

export function formatEntryPoints(entryPoints: readonly EntryPoint[]): string {
  if (entryPoints.length === 0) return "No gunicorn or uWSGI entry points found.\n";
  const noun = entryPoints.length === 1 ? "entry point" : "entry points";
  return `${entryPoints.length} ${noun}\n\n${entryPoints.map(formatEntryPoint).join("\n")}`;
}

export function formatEntryPoint(ep: EntryPoint): string {
  const lines = [`${ep.server}  ${at(ep.location)}  ${ep.source}`];
  lines.push(`  preload:      ${preloadText(ep)}${ep.preloadLocation ? ` (${at(ep.preloadLocation)})` : ""}`);
  if (ep.preload.kind !== "off" || ep.mitigation !== "none") {
    lines.push(`  mitigation:   ${mitigationText(ep)}${ep.mitigationLocation ? ` (${at(ep.mitigationLocation)})` : ""}`);
  }
  if (ep.workerClass) lines.push(`  worker class: ${ep.workerClass}`);
  for (const note of ep.notes) lines.push(`  note:         ${note}`);
  return `${lines.join("\n")}\n`;
}

function preloadText(ep: EntryPoint): string {
  switch (ep.preload.kind) {
    case "on":
      return ep.server === "uwsgi" ? "on (no lazy-apps)" : "on";
    case "off":
      return "off";
    case "env":
      return `depends on ${ep.preload.variable}, default ${ep.preload.fallback ? "on" : "off"}`;
  }
}

function mitigationText(ep: EntryPoint): string {
  switch (ep.mitigation) {
    case "none":
      return "none: no connection close before fork";
    case "master-close":
      return "connections closed in the master before fork";
    case "worker-close":
      return "connections closed in each worker after fork (fragile)";
  }
}

function at(location: Location): string {
  return `${location.path}:${location.startLine}`;
}
