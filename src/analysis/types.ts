// The neutral types that leave the analysis core. Nothing here knows about GitHub or the CLI.

export type Severity = "error" | "warning" | "note";

/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "note"];

export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/**
 * A range in a file. Lines and columns are 1-based; `endColumn` is exclusive (the column just
 * after the last character), as in SARIF. Columns count UTF-16 code units.
 */
export interface Span {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** `path` is repository-relative, POSIX separators, no leading `./`. */
export interface Location extends Span {
  path: string;
}

/** One hop of a call chain, from the startup code to the database work. */
export interface ChainStep {
  location: Location;
  /** What happens at this step, e.g. "ready() calls warm_cache()". */
  label: string;
}

/**
 * One step inside a third-party library, read from the library summaries: not a repository
 * file. `path` is the file under the package's root (`mptt/managers.py`); `line` is 0 when the
 * step comes from a hand-written override rather than a line of the library.
 */
export interface LibraryStep {
  library: { package: string; version: string };
  path: string;
  line: number;
  label: string;
}

/** `(django-mptt 0.14.0) mptt/managers.py:120`. */
export function libraryWhere(step: LibraryStep): string {
  return `(${step.library.package} ${step.library.version}) ${step.path}${step.line > 0 ? `:${step.line}` : ""}`;
}

/** A text replacement that fixes a finding exactly. */
export interface Edit {
  location: Location;
  replacement: string;
}

export interface Fix {
  description: string;
  /** Present only when the fix is exact; reporters render it as a suggestion. */
  edits?: Edit[];
}

export type Server = "gunicorn" | "uwsgi";

/** Whether the master loads the application before forking, as far as the files tell. */
export type Preload =
  | { kind: "on" }
  | { kind: "off" }
  /** Read from the environment: `variable` decides, `fallback` applies when it is unset. */
  | { kind: "env"; variable: string; fallback: boolean };

/** Connections closed after loading: in the master before fork (safe) or in each worker (fragile). */
export type Mitigation = "none" | "master-close" | "worker-close";

/** One place in the repository that decides how the application is served. */
export interface EntryPoint {
  server: Server;
  /** The file and line that launch or configure the server (the command, the config file). */
  location: Location;
  /** Where the setting comes from, for people: "Procfile web process", "gunicorn.conf.py". */
  source: string;
  preload: Preload;
  /** The line that turns pre-fork loading on (or off), when there is one. */
  preloadLocation?: Location;
  mitigation: Mitigation;
  mitigationLocation?: Location;
  /** gunicorn worker class (`gevent`, `eventlet`, ...) when it is not the default sync worker. */
  workerClass?: string;
  /** The number of worker processes, when a setting gives it as a plain number. */
  workers?: number;
  /**
   * A SQLAlchemy pool disposed by a server hook: in the master before fork (`dispose()` in
   * when_ready/pre_fork/on_starting), or in each worker with `close=False` (post_fork,
   * post_worker_init) as SQLAlchemy recommends; `worker-close` for a plain `dispose()` in a
   * worker, which closes the parent's connections too.
   */
  engineDispose?: { side: "master" | "worker" | "worker-close"; location: Location };
  /**
   * uWSGI with neither enable-threads nor threads: Python threads the app starts never run
   * (uWSGI does not enable the GIL for them). Unset when unknown (a base image's defaults).
   */
  threadsOff?: true;
  /**
   * gunicorn's Python config file in the repository: the master executes it (and what it
   * imports, and its on_starting/when_ready/pre_fork hooks) before forking, whatever preload says.
   */
  configModule?: string;
  /**
   * gunicorn: the config file in the repository this launch reads (by `-c`, `-c` in
   * GUNICORN_CMD_ARGS, or `./gunicorn.conf.py` by default), also when it could not be read.
   */
  configFile?: string;
  /**
   * The repository directory the server starts in ("" for the root), when the files tell: a
   * Procfile's own directory, a relative working directory, a script's caller's. Where gunicorn
   * looks for `./gunicorn.conf.py`.
   */
  startDirectory?: string;
  /** Other facts worth showing, e.g. "config file gunicorn.conf.py via -c". */
  notes: string[];
}

/** An entry point as a finding cites it: enough to say why the finding got its level. */
export interface EntryPointRef {
  server: Server;
  location: Location;
  source: string;
  /** One line, e.g. "preload_app = True, no close before fork". */
  summary: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Where the database work (or the setting) is: the primary location. */
  location: Location;
  message: string;
  /**
   * For work reached through calls: the call in the startup code first (e.g. the line in
   * `ready()`), then each call, ending at the query. Empty for work found directly. A finding
   * with a chain is reported at `chain[0]` as well as at `location`.
   */
  chain: ChainStep[];
  /**
   * When the database work happens inside a library: the steps there, after `location` (the
   * repository's call into the library), ending at the library's query. Never repository files.
   */
  libraryChain?: LibraryStep[];
  /** Other locations worth showing (the startup queries a preload line would share, ...). */
  related: ChainStep[];
  fix?: Fix;
  /** The entry points that decided `severity`; empty when none is known. */
  entryPoints: EntryPointRef[];
  /** Stable across line moves: rule, path, the code at the location and along the chain. */
  fingerprint: string;
  /** Set when a `# forksafe: ignore` comment covers the finding; reporters still see it. */
  suppressed?: { location: Location };
}

/** A file the analysis wanted but did not analyse, with the reason (for people). */
export interface Skipped {
  path: string;
  reason: string;
}

/** Findings without fingerprint or suppression: analyze() adds those. */
export type DraftFinding = Omit<Finding, "fingerprint" | "suppressed">;

export interface AnalysisResult {
  findings: Finding[];
  entryPoints: EntryPoint[];
  skipped: Skipped[];
  stats: { filesListed: number; filesRead: number; filesParsed: number; bytesRead: number };
}

/** The locations a finding is reported at: its own and the start of its chain. */
export function reportedLocations(finding: Pick<Finding, "location" | "chain">): Location[] {
  const first = finding.chain[0];
  if (!first || sameLine(first.location, finding.location)) return [finding.location];
  return [finding.location, first.location];
}

function sameLine(a: Location, b: Location): boolean {
  return a.path === b.path && a.startLine === b.startLine;
}
