// From what the hook saw to findings of the same shape as the scan's: the rule that matches the
// kind, the location in the team's code nearest to where it was created, the stack as the chain.
//  - a database connection open at fork: FS101 when created under an AppConfig.ready(), FS103
//    when created in wsgi.py/asgi.py itself, FS102 otherwise (module-level code the import ran);
//    FS203 when SQLAlchemy's pool holds it. Error: every worker inherits it.
//  - the same, closed by the first worker's own initialisation (post_fork): FS112, a note, as
//    the scan rates it: it works, but a clean close in a child ends the master's session too.
//  - the same, in a pool the first worker replaced (dispose(close=False)): no finding.
//  - a thread alive at fork: FS201; a known non-fork-safe client alive: FS202; an open socket
//    that no reported item explains: FS202 as a warning.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fingerprintAll } from "../analysis/fingerprint.js";
import type { ChainStep, DraftFinding, Finding, LibraryStep, Location, RuntimeEvidence, Severity } from "../analysis/types.js";
import type { ForkReport, HookFrame, HookItem, JournalEntry, WorkerReport } from "./hook-report.js";

export interface ProbeSeen {
  report?: ForkReport;
  worker?: WorkerReport;
  journal: JournalEntry[];
}

/** The findings for a run: what was open at fork, else (no fork) what was created or attempted. */
export function probeFindings(seen: ProbeSeen, root: string): Finding[] {
  const drafts: { draft: DraftFinding; runtime: RuntimeEvidence }[] = [];
  if (seen.report) {
    const at = seen.report.server === "unknown" ? seen.report.takenIn : `${seen.report.server}: ${seen.report.takenIn}`;
    seen.report.items.forEach((item, index) => {
      const handled = seen.worker?.handled.find((h) => h.index === index)?.how;
      const draft = draftOf(item, handled);
      if (draft) drafts.push({ draft, runtime: { confirmed: true, what: whatOf(item), seenAt: at, ...(handled ? { handledInWorker: handled } : {}) } });
    });
  }
  // Without a fork, what was created or attempted; with one, the master's failed attempts (a
  // database that refused: uWSGI forks even when the app failed to load).
  const master = seen.report?.pid;
  for (const entry of seen.journal) {
    if (entry.event === "start" || (master !== undefined && (entry.event !== "attempt" || entry.pid !== master))) continue;
    const item: HookItem = { kind: entry.kind, library: entry.library, stack: entry.stack };
    const draft = draftOf(item, undefined, entry.event === "attempt" ? entry.error : "");
    if (!draft) continue;
    const seenAt = entry.event === "attempt" ? `attempted before any fork (${entry.error})` : "created before any fork (the server never forked)";
    drafts.push({ draft: { ...draft, severity: "warning" }, runtime: { confirmed: false, what: whatOf(item), seenAt } });
  }
  const texts = new Map<string, string | undefined>();
  const textOf = (p: string) => {
    if (!texts.has(p)) texts.set(p, readText(path.resolve(root, p)));
    return texts.get(p);
  };
  const prints = fingerprintAll(
    drafts.map((d) => d.draft),
    textOf,
  );
  return drafts.map(({ draft, runtime }, i) => ({ ...draft, fingerprint: prints[i]!, runtime }));
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** `attempt`: the error of a connection that failed ("" for a creation the journal recorded). */
function draftOf(item: HookItem, handled: string | undefined, attempt?: string): DraftFinding | undefined {
  if (handled?.startsWith("pool replaced")) return undefined;
  const team = item.stack.filter((f) => f.team && f.path !== undefined);
  const nearest = team[0];
  const location = nearest ? locationOf(nearest) : libraryLocation(item.stack[0]);
  const chain: ChainStep[] = [...team].reverse().map((f) => ({ location: locationOf(f), label: labelOf(f) }));
  const libraryChain = libraryStepsOf(item.stack);
  const { ruleId, severity } = handled ? { ruleId: "FS112", severity: "note" as Severity } : ruleOf(item, team);
  return {
    ruleId,
    severity,
    location,
    message: messageOf(item, handled, attempt),
    chain: chain.length > 1 ? chain : [],
    ...(libraryChain.length > 0 ? { libraryChain } : {}),
    related: [],
    entryPoints: [],
  };
}

function ruleOf(item: HookItem, team: HookFrame[]): { ruleId: string; severity: Severity } {
  if (item.kind === "thread") return { ruleId: "FS201", severity: "error" };
  if (item.kind === "client") return { ruleId: "FS202", severity: "error" };
  if (item.kind === "socket") return { ruleId: "FS202", severity: "warning" };
  if (item.owner === "sqlalchemy") return { ruleId: "FS203", severity: "error" };
  if (team.some((f) => f.name === "ready")) return { ruleId: "FS101", severity: "error" };
  const base = team[0]?.path?.split("/").pop();
  if (base === "wsgi.py" || base === "asgi.py") return { ruleId: "FS103", severity: "error" };
  return { ruleId: "FS102", severity: "error" };
}

function whatOf(item: HookItem): string {
  if (item.kind === "database") return `${item.library} connection${item.owner ? ` (${item.owner === "django" ? "Django" : "SQLAlchemy pool"})` : ""}`;
  if (item.kind === "thread") return `thread ${item.name ?? ""} (${item.library})`.replace("  ", " ");
  if (item.kind === "client") return `${item.library} client`;
  return `socket connected to ${item.peer || "a peer"}`;
}

function messageOf(item: HookItem, handled: string | undefined, attempt: string | undefined): string {
  const what = whatOf(item);
  if (attempt !== undefined) {
    return attempt
      ? `A ${what} was attempted while the app loaded, before any fork, and failed (${attempt}): had it succeeded, every worker would inherit it`
      : `A ${what} was created while the app loaded; the server never forked, so whether it stays open at fork is unknown`;
  }
  if (handled)
    return `A ${what} opened here is open when the master forks; the first worker's initialisation closes it (${handled}): fragile, a clean close in a worker ends the session for the master and every sibling`;
  if (item.kind === "thread") return `A ${what} started here is alive when the master forks: it runs in the master only, the workers get none`;
  if (item.kind === "socket") return `A ${what}, opened here, is still open when the master forks: every worker inherits it`;
  return `A ${what} opened here is still open when the master forks its first worker: every worker inherits it and they share one session`;
}

function locationOf(f: HookFrame): Location {
  const startColumn = f.col ?? 1;
  const endLine = f.endLine ?? f.line;
  const endColumn = f.endCol ?? startColumn;
  return {
    path: f.path ?? f.file,
    startLine: f.line,
    startColumn,
    endLine,
    endColumn: endLine === f.line && endColumn < startColumn ? startColumn : endColumn,
  };
}

function libraryLocation(f: HookFrame | undefined): Location {
  if (!f) return { path: "(unknown)", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return { path: f.file, startLine: Math.max(1, f.line), startColumn: 1, endLine: Math.max(1, f.line), endColumn: 1 };
}

function labelOf(f: HookFrame): string {
  return f.name === "<module>" ? "at module level" : `in ${f.name}()`;
}

/** The library frames the hook kept (the creation point, and each call from the team's code into a library), innermost last. */
function libraryStepsOf(stack: HookFrame[]): LibraryStep[] {
  const firstTeam = stack.findIndex((f) => f.team);
  const inner = firstTeam === -1 ? stack : stack.slice(0, firstTeam);
  return inner
    .filter((f) => !f.team)
    .reverse()
    .map((f) => ({
      library: { package: f.package ?? "?", version: f.version ?? "" },
      path: f.path ?? path.basename(f.file),
      line: f.line,
      label: f.name === "<module>" ? "at module level" : `in ${f.name}()`,
    }));
}
