// The shape of the library summaries file (data/library-summaries.json): what scripts/summaries.ts
// writes and the analyzer reads. Facts only: names, locations, verdicts, bases, chains; no code
// beyond the one-line text of the call that touches the database.

/**
 * Bumped whenever the file's shape or the meaning of a verdict changes (including a change to
 * the summariser that would give a library function another verdict). A test fails while the
 * shipped file carries another number: regenerate it with `npm run summaries`.
 */
export const LIBRARY_FORMAT_VERSION = 2;

/**
 * A verdict, compactly: `"n"` does not touch the database; `"?x"` unknown (x a key of
 * UNKNOWN_REASONS); a number is database work, the index of its chain in `chains`.
 */
export type RawVerdict = string | number;

export const UNKNOWN_REASONS: Record<string, string> = {
  g: "calls a method chosen by getattr()",
  i: "imports a module chosen at run time",
  e: "runs code built at run time (eval/exec)",
  c: "calls a library function whose effect is unknown",
  p: "its module could not be parsed",
};

export interface RawPackage {
  /** The distribution's name as installed: `django-mptt`. */
  name: string;
  version: string;
  /** Where its sources came from: `debian:python3-django-mptt=0.14.0-1`, `git:owner/repo@tag`. */
  source: string;
}

export interface RawClass {
  /** Bases as qualified names (`django.db.models.Model`), as the class's module imports them. */
  b?: string[];
  /** Class attributes bound to an instance: `objects` -> `mptt.managers.TreeManager`. */
  a?: Record<string, string>;
  /** Methods (public ones, `__init__` and `__call__`) with their verdicts. */
  m?: Record<string, RawVerdict>;
}

export interface RawModule {
  /** Index into `packages`. */
  p: number;
  /** The module's file under its package root (`mptt/managers.py`), kept for a module that could not be parsed. */
  f?: string;
  /** Public module-level functions. */
  fn?: Record<string, RawVerdict>;
  c?: Record<string, RawClass>;
  /** Names a package's `__init__` re-exports: `TreeManager` -> `mptt.managers.TreeManager`. */
  x?: Record<string, string>;
  /** Why the module could not be read; its names are unknown. */
  err?: string;
}

/** One step of a chain: [package index, file, line, label]. */
export type RawStep = [number, string, number, string];

export interface RawChain {
  /** Calls inside the libraries, from the called function to the one that touches the database. */
  s: RawStep[];
  /** The work itself: [package index, file, line, code, what]. */
  e: [number, string, number, string, string];
}

export interface RawCommand {
  /** Index into `packages`. */
  p: number;
  /** The module of the command: `django_celery_beat.management.commands.x`. */
  m: string;
  v: RawVerdict;
}

export interface RawLibrary {
  format: number;
  packages: RawPackage[];
  /** By dotted module name, sorted. */
  modules: Record<string, RawModule>;
  chains: RawChain[];
  /** Management commands by name; several packages may ship one of the same name. */
  commands: Record<string, RawCommand[]>;
}
