// How an entry point reads in one line, for findings and reports.
import type { EntryPoint, EntryPointRef, Location } from "../types.js";

/** Whether the entry point loads the app before fork: yes, only when a variable says so, or no. */
export function loadsBeforeFork(ep: EntryPoint): "yes" | "maybe" | "no" {
  if (ep.preload.kind === "on") return "yes";
  if (ep.preload.kind === "env") return ep.preload.fallback ? "yes" : "maybe";
  return "no";
}

export function at(location: Location): string {
  return `${location.path}:${location.startLine}`;
}

/** The setting as written: `preload_app = True`, `--preload`, "uWSGI without lazy-apps". */
export function preloadSpelling(ep: EntryPoint, textOf: (path: string) => string | undefined): string {
  const place = ep.preloadLocation;
  if (ep.server === "uwsgi") return ep.preload.kind === "off" ? "lazy-apps" : "uWSGI without lazy-apps";
  if (!place) return ep.preload.kind === "off" ? "no preload" : "preload";
  const line = textOf(place.path)?.split("\n")[place.startLine - 1];
  const snippet = place.startLine === place.endLine ? line?.slice(place.startColumn - 1, place.endColumn - 1).trim() : undefined;
  return snippet && snippet.length <= 80 ? snippet : "preload";
}

export function summary(ep: EntryPoint, textOf: (path: string) => string | undefined): string {
  const where = ep.preloadLocation ? ` (${at(ep.preloadLocation)})` : "";
  let preload: string;
  if (ep.preload.kind === "env") {
    preload = `preload depends on ${ep.preload.variable}, default ${ep.preload.fallback ? "on" : "off"}${where}`;
  } else if (ep.preload.kind === "off") {
    preload = ep.server === "uwsgi" ? `lazy-apps${where}: loads in each worker` : "no preload: each worker loads the app";
  } else {
    preload = `${preloadSpelling(ep, textOf)}${where}`;
  }
  const close = ep.mitigationLocation ? ` (${at(ep.mitigationLocation)})` : "";
  const mitigation =
    ep.preload.kind === "off"
      ? ""
      : ep.mitigation === "master-close"
        ? `, connections closed before fork${close}`
        : ep.mitigation === "worker-close"
          ? `, connections closed only in each worker after fork${close}`
          : ", no close before fork";
  const worker = ep.workerClass ? `, ${ep.workerClass} workers` : "";
  return `${preload}${mitigation}${worker}`;
}

export function refOf(ep: EntryPoint, textOf: (path: string) => string | undefined): EntryPointRef {
  return { server: ep.server, location: ep.location, source: ep.source, summary: summary(ep, textOf) };
}

/** gevent and eventlet fail differently when the app is loaded before fork. */
export function workerClassNote(eps: EntryPoint[]): string {
  const green = eps.find((ep) => ep.workerClass && /gevent|eventlet/.test(ep.workerClass));
  return green
    ? ` With ${green.workerClass} workers the shared connection also fails as "DatabaseWrapper objects created in a thread can only be used in that same thread".`
    : "";
}
