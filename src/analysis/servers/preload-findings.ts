// FS110 on each line that turns pre-fork loading on while startup database work exists, and
// FS112 on each close that only happens in the workers.
import type { StartupWork } from "../startup-work.js";
import { sameStart, type ChainStep, type DraftFinding, type EntryPoint, type Fix, type Location } from "../types.js";
import type { Discovery } from "./discovery.js";
import { at, loadsBeforeFork, preloadSpelling, refOf, workerClassNote } from "./entry-summary.js";

type ClosableWork = StartupWork;

type TextOf = (path: string) => string | undefined;

export const WHEN_READY_HOOK = [
  "def when_ready(server):",
  '    """Close database connections opened while loading the app, before workers fork."""',
  "    from django.db import connections",
  "",
  "    connections.close_all()",
].join("\n");

export function preloadFindings(work: ClosableWork[], entryPoints: EntryPoint[], found: Discovery, textOf: TextOf): DraftFinding[] {
  if (work.length === 0) return [];
  const groups = groupBy(
    entryPoints.filter((ep) => ep.preloadLocation && ep.mitigation === "none" && loadsBeforeFork(ep) !== "no"),
    (ep) => ep.preloadLocation!,
  );
  return groups.map(([location, eps]) => {
    const ep = eps[0]!;
    const always = eps.some((e) => loadsBeforeFork(e) === "yes");
    const spelling = preloadSpelling(ep, textOf);
    const condition = ep.preload.kind === "env" ? ` when ${ep.preload.variable} ${always ? "is unset or on" : "turns it on"}` : "";
    const queries = work.length === 1 ? "1 startup database query runs" : `${work.length} startup database queries run`;
    return {
      ruleId: "FS110",
      severity: always ? "error" : "warning",
      location,
      message:
        `\`${spelling}\` makes ${ep.server === "uwsgi" ? "uWSGI" : "gunicorn"} load the app in the master before forking workers${condition}, ` +
        `and ${queries} during that load (first at ${at(work[0]!.location)}): every worker inherits the same database connection.` +
        `${workerClassNote(eps)} Close connections before fork, or move the queries out of startup.`,
      chain: [],
      related: relatedWork(work),
      fix: preloadFix(ep, location, found, textOf),
      entryPoints: eps.map((e) => refOf(e, textOf)),
    };
  });
}

export function workerCloseFindings(work: ClosableWork[], entryPoints: EntryPoint[], textOf: TextOf): DraftFinding[] {
  if (work.length === 0) return [];
  const groups = groupBy(
    entryPoints.filter((ep) => ep.mitigationLocation && ep.mitigation === "worker-close" && loadsBeforeFork(ep) !== "no"),
    (ep) => ep.mitigationLocation!,
  );
  return groups.map(([location, eps]) => {
    const uwsgi = eps[0]!.server === "uwsgi";
    return {
      ruleId: "FS112",
      severity: "note",
      location,
      message:
        "Connections are closed only in each worker, after fork. A clean close in a child sends a terminate message " +
        "over the inherited socket, ending the session for the master and every sibling still holding it; this works " +
        `only while every process discards the connection before using it. ${uwsgi ? "Set lazy-apps = true so each worker loads the app itself, or close them before fork." : "Close them in a when_ready hook instead, before fork."}`,
      chain: [],
      related: relatedWork(work),
      fix: {
        description: uwsgi
          ? "Set `lazy-apps = true` so each worker loads the app itself, or close connections before fork."
          : "Move the close to a `when_ready(server)` hook, which runs in the master after loading and before fork.",
      },
      entryPoints: eps.map((e) => refOf(e, textOf)),
    };
  });
}

function relatedWork(work: ClosableWork[]): ChainStep[] {
  return work.map((w) => ({ location: w.location, label: w.message }));
}

function preloadFix(ep: EntryPoint, location: Location, found: Discovery, textOf: TextOf): Fix {
  const config = found.gunicornConfigs.get(location.path);
  if (ep.server === "gunicorn" && config?.preload && sameStart(config.preload.location, location)) {
    if (config.hooks.has("when_ready")) {
      return { description: "Call `django.db.connections.close_all()` at the end of the existing `when_ready` hook, which runs in the master before fork." };
    }
    const text = textOf(location.path) ?? "";
    const statement = statementText(text, location);
    if (config.preload.topLevel && statement !== undefined) {
      const last = restIsBlank(text, location);
      return {
        description: "Add a `when_ready` hook that closes the connections the master opened while loading, before any worker forks.",
        edits: [{ location, replacement: `${statement}\n\n\n${WHEN_READY_HOOK}${last ? "" : "\n\n"}` }],
      };
    }
  }
  if (ep.server === "uwsgi" && location.path.endsWith(".ini") && preloadSpelling(ep, textOf) === "uWSGI without lazy-apps") {
    const line = textOf(location.path)
      ?.split("\n")
      [location.startLine - 1]?.slice(location.startColumn - 1, location.endColumn - 1);
    if (line === "[uwsgi]") {
      return {
        description: "Set `lazy-apps = true` so each worker loads the app itself, after fork.",
        edits: [{ location, replacement: "[uwsgi]\nlazy-apps = true" }],
      };
    }
  }
  return {
    description:
      ep.server === "uwsgi"
        ? "Set `lazy-apps = true` (or `--lazy-apps`), or close connections in the master before fork."
        : "Close connections in the master before fork: a gunicorn config file with a `when_ready(server)` hook calling `django.db.connections.close_all()`; or drop preload.",
  };
}

function statementText(text: string, location: Location): string | undefined {
  if (location.startLine !== location.endLine) return undefined;
  return text.split("\n")[location.startLine - 1]?.slice(location.startColumn - 1, location.endColumn - 1);
}

function restIsBlank(text: string, location: Location): boolean {
  const lines = text.split("\n");
  const rest = [lines[location.endLine - 1]!.slice(location.endColumn - 1), ...lines.slice(location.endLine)];
  return rest.every((l) => l.trim() === "" || l.trim().startsWith("#"));
}

function groupBy(eps: EntryPoint[], key: (ep: EntryPoint) => Location): [Location, EntryPoint[]][] {
  const groups = new Map<string, [Location, EntryPoint[]]>();
  for (const ep of eps) {
    const location = key(ep);
    const id = `${location.path}:${location.startLine}:${location.startColumn}`;
    const group = groups.get(id) ?? [location, []];
    group[1].push(ep);
    groups.set(id, group);
  }
  return [...groups.values()];
}
