// Library summaries from package sources, with the analyzer's own Python summariser and walk:
// the generator's core (scripts/summaries.ts fetches and unpacks the sources around it).
//  1. Put every package's Python files under one root, as site-packages does, so a call from
//     one package into another (a task queue into Django's helpers) resolves.
//  2. Summarise each module on demand (summarise.ts), the same as a repository file.
//  3. For each public function, class method, manager and queryset method: the walk's database
//     work (walk.ts hitsOf; of the fork hazards, only an engine made to connect) with its chain; else "unknown" when it, or a library function it
//     calls, picks its target at run time (getattr dispatch, import_module, exec); else "no".
//  4. Classes keep their bases and the instances their bodies bind (managers); __init__ modules
//     their re-exports; each management command its handle()'s verdict.
import { DEFAULT_CONFIG } from "../../config/schema.js";
import type { ChainStep } from "../types.js";
import type { FileSummary, FunctionFacts } from "../summaries/facts.js";
import { ModuleIndex } from "../project/modules.js";
import type { ClassRef, FunctionRef, Summarised } from "../project/resolver.js";
import { summarise } from "../summaries/summarise.js";
import { StartupWalk, type Hit } from "../startup/walk.js";
import { LibraryIndex } from "./lookup.js";
import { LIBRARY_FORMAT_VERSION, type RawChain, type RawClass, type RawLibrary, type RawModule, type RawPackage, type RawVerdict } from "./format.js";

export interface PackageSource extends RawPackage {
  /** The package's Python files: path under the site-packages root (`mptt/managers.py`) to text. */
  files: Map<string, string>;
}

export interface GenerationReport {
  packages: Array<RawPackage & { modules: number; db: number; no: number; unknown: number; commands: number }>;
  /** Modules that could not be parsed, with the reason. */
  unparsed: Array<{ package: string; path: string; reason: string }>;
  /** Files two packages both ship: the first package (by name) keeps them. */
  shadowed: Array<{ path: string; kept: string; dropped: string }>;
}

/** Tests, examples and docs are not what a repository calls; nor are an app's migrations (appMigrations). */
const SKIPPED =
  /(^|\/)(tests?|testing|south_migrations|docs|examples?|testapp|test_project|testproject)(\/|$)|(^|\/)(test_[^/]*|tests?\.py|conftest\.py|setup\.py)$/;
const MIGRATION_FILE = /^(.*\/)?migrations\/\d{4}_[^/]*\.py$/;
const COMMAND = /^(.*)\/management\/commands\/([A-Za-z]\w*)\.py$/;
const KEPT_DUNDERS = new Set(["__init__", "__call__"]);
const DYNAMIC_CODE: Array<[RegExp, string]> = [
  [/getattr/, "g"],
  [/import/, "i"],
  [/eval|exec/, "e"],
];
const MAX_UNKNOWN_DEPTH = 12;

export function generateLibrary(sources: readonly PackageSource[]): { data: RawLibrary; report: GenerationReport } {
  const sorted = [...sources].sort((a, b) => a.name.localeCompare(b.name));
  const owner = new Map<string, number>();
  const texts = new Map<string, string>();
  const report: GenerationReport = { packages: [], unparsed: [], shadowed: [] };
  sorted.forEach((pkg, i) => {
    const migrations = appMigrations(pkg.files.keys());
    for (const [path, text] of [...pkg.files].sort(([a], [b]) => a.localeCompare(b))) {
      if (!path.endsWith(".py") || SKIPPED.test(path) || migrations.some((dir) => path.startsWith(dir))) continue;
      const kept = owner.get(path);
      if (kept !== undefined) {
        if (texts.get(path) !== text) report.shadowed.push({ path, kept: sorted[kept]!.name, dropped: pkg.name });
        continue;
      }
      owner.set(path, i);
      texts.set(path, text);
    }
  });
  const index = new ModuleIndex(new Set(texts.keys()), [], true);
  const unparsed = new Map<string, string>();
  const summaries = new Map<string, Summarised>();
  const lazy = {
    get(path: string): Summarised | undefined {
      if (summaries.has(path)) return summaries.get(path);
      const text = texts.get(path);
      if (text === undefined) return undefined;
      const result = summarise(path, text, index);
      const found = "summary" in result ? result.summary : null;
      if (!("summary" in result)) unparsed.set(path, result.skipped);
      summaries.set(path, found);
      return found;
    },
  };
  const walk = new StartupWalk(lazy, index, DEFAULT_CONFIG);
  const chains = new Chains(owner);
  const unknown = new UnknownReasons(walk);
  const verdict = (ref: FunctionRef, self: ClassRef | undefined): RawVerdict => {
    const hit = walk.hitsOf(ref, self).find(touchesDatabase);
    if (hit) return chains.add(hit);
    const reason = unknown.of(ref, self, 0);
    return reason ? `?${reason}` : "n";
  };

  const modules: Record<string, RawModule> = {};
  const commands: RawLibrary["commands"] = {};
  const counts = sorted.map(() => ({ modules: 0, db: 0, no: 0, unknown: 0, commands: 0 }));
  const count = (p: number, v: RawVerdict) => {
    const c = counts[p]!;
    if (typeof v === "number") c.db++;
    else if (v === "n") c.no++;
    else c.unknown++;
  };
  for (const [path, p] of [...owner].sort(([a], [b]) => a.localeCompare(b))) {
    const dotted = index.dottedName(path);
    const found = lazy.get(path);
    const file = typeof found === "object" && found !== null ? found : undefined;
    counts[p]!.modules++;
    if (!file) {
      modules[dotted] = { p, f: path, err: unparsed.get(path) ?? "cannot be read" };
      report.unparsed.push({ package: sorted[p]!.name, path, reason: unparsed.get(path) ?? "cannot be read" });
      continue;
    }
    const module: RawModule = { p, f: path };
    const fns: Record<string, RawVerdict> = {};
    for (const fn of file.functions.values()) {
      if (fn.key.includes(".") || !isPublic(fn.name)) continue;
      const v = verdict({ file, fn }, undefined);
      fns[fn.name] = v;
      count(p, v);
    }
    const classes: Record<string, RawClass> = {};
    for (const cls of file.classes.values()) {
      if (cls.key.includes(".") || !isPublic(cls.name)) continue;
      const ref: ClassRef = { file, cls };
      const raw: RawClass = {};
      const bases = cls.bases.flatMap(splitFromQueryset).map((b) => walk.resolver.qualifiedName(file, undefined, b) ?? b);
      if (bases.length > 0) raw.b = bases;
      const attributes: Record<string, string> = {};
      for (const [name, expr] of [...cls.attributes].sort(([a], [b]) => a.localeCompare(b))) {
        attributes[name] = walk.resolver.qualifiedName(file, undefined, expr) ?? expr;
      }
      if (Object.keys(attributes).length > 0) raw.a = attributes;
      const methods: Record<string, RawVerdict> = {};
      for (const [name, key] of [...cls.methods].sort(([a], [b]) => a.localeCompare(b))) {
        const fn = file.functions.get(key);
        if (!fn || !(isPublic(name) || KEPT_DUNDERS.has(name))) continue;
        const v = verdict({ file, fn }, ref);
        methods[name] = v;
        count(p, v);
      }
      if (Object.keys(methods).length > 0) raw.m = sortedRecord(methods);
      classes[cls.name] = raw;
    }
    if (Object.keys(fns).length > 0) module.fn = sortedRecord(fns);
    if (Object.keys(classes).length > 0) module.c = sortedRecord(classes);
    if (path.endsWith("__init__.py")) {
      const exported: Record<string, string> = {};
      for (const [name, binding] of file.bindings) {
        if (isPublic(name) && binding.dotted !== `${dotted}.${name}` && binding.dotted.includes(".")) exported[name] = binding.dotted;
      }
      if (Object.keys(exported).length > 0) module.x = sortedRecord(exported);
    }
    modules[dotted] = module;
    const command = COMMAND.exec(path);
    const cls = command ? file.classes.get("Command") : undefined;
    if (command && cls) {
      const handle = walk.resolver.method({ file, cls }, "handle", false);
      const v = handle ? verdict(handle, { file, cls }) : "?c";
      (commands[command[2]!] ??= []).push({ p, m: dotted, v });
      counts[p]!.commands++;
    }
  }
  report.packages = sorted.map(({ name, version, source }, i) => ({ name, version, source, ...counts[i]! }));
  const data: RawLibrary = {
    format: LIBRARY_FORMAT_VERSION,
    packages: sorted.map(({ name, version, source }) => ({ name, version, source })),
    modules: sortedRecord(modules),
    chains: chains.list,
    commands: sortedRecord(commands),
  };
  compact(data);
  return { data, report };
}

/**
 * The `migrations/` directories of apps: those holding numbered migration files. Django's own
 * `django/db/migrations/` holds the migration framework (executor, loader, recorder) and stays.
 */
function appMigrations(paths: Iterable<string>): string[] {
  const dirs = new Set<string>();
  for (const path of paths) {
    const match = MIGRATION_FILE.exec(path);
    if (match) dirs.add(`${match[1] ?? ""}migrations/`);
  }
  return [...dirs];
}

/**
 * Database work, of what the walk finds: a query, or a SQLAlchemy engine made to connect. A
 * thread, a scheduler or a client started inside a library is no database work (a scheduler's
 * start() with a database job store is judged from the repository's code, knowledge/schedulers.ts).
 */
function touchesDatabase(hit: Hit): boolean {
  return hit.effect.kind === "db" || hit.effect.hazard === "engine-connect";
}

/** `Manager.from_queryset(TreeQuerySet)` as a base: the manager's methods and the queryset's. */
function splitFromQueryset(base: string): string[] {
  const match = /^([\w.]+)\.from_queryset\(([\w.]+)\)$/.exec(base);
  return match ? [match[1]!, match[2]!] : [base];
}

/**
 * Leaves out what changes no lookup: "no" verdicts of module functions and of methods that do
 * not override a base's database method; classes with no verdict, manager or base that has one;
 * attributes holding such classes; re-exports of names left out; modules left empty. A name
 * the data lacks has no known database work.
 */
function compact(data: RawLibrary): void {
  const index = new LibraryIndex(data);
  for (const module of Object.values(data.modules)) {
    for (const [name, v] of Object.entries(module.fn ?? {})) if (v === "n") delete module.fn![name];
    if (module.fn && Object.keys(module.fn).length === 0) delete module.fn;
    for (const cls of Object.values(module.c ?? {})) {
      for (const [name, v] of Object.entries(cls.m ?? {})) {
        if (v !== "n" || overridesDatabaseWork(index, cls, name)) continue;
        delete cls.m![name];
      }
      if (cls.m && Object.keys(cls.m).length === 0) delete cls.m;
    }
  }
  const matters = new Map<string, boolean>();
  const classMatters = (qualified: string, depth: number): boolean => {
    const known = matters.get(qualified);
    if (known !== undefined) return known;
    matters.set(qualified, false);
    const ref = depth < 12 ? index.resolve(qualified) : undefined;
    const cls = ref?.kind === "class" ? ref.cls : undefined;
    const result =
      !!cls && (!!cls.m || Object.values(cls.a ?? {}).some((a) => classMatters(a, depth + 1)) || (cls.b ?? []).some((b) => classMatters(b, depth + 1)));
    matters.set(qualified, result);
    return result;
  };
  for (const [dotted, module] of Object.entries(data.modules)) {
    for (const name of Object.keys(module.c ?? {})) classMatters(`${dotted}.${name}`, 0);
  }
  for (const [dotted, module] of Object.entries(data.modules)) {
    for (const [name, cls] of Object.entries(module.c ?? {})) {
      if (!matters.get(`${dotted}.${name}`)) {
        delete module.c![name];
        continue;
      }
      for (const [attr, target] of Object.entries(cls.a ?? {})) if (!classMatters(target, 0)) delete cls.a![attr];
      if (cls.a && Object.keys(cls.a).length === 0) delete cls.a;
    }
    if (module.c && Object.keys(module.c).length === 0) delete module.c;
  }
  const pruned = new LibraryIndex(data);
  for (const module of Object.values(data.modules)) {
    for (const [name, target] of Object.entries(module.x ?? {})) if (!pruned.resolve(target)) delete module.x![name];
    if (module.x && Object.keys(module.x).length === 0) delete module.x;
  }
  for (const [dotted, module] of Object.entries(data.modules)) {
    if (!module.fn && !module.c && !module.x && !module.err) delete data.modules[dotted];
    else if (!module.err) delete module.f;
  }
}

function overridesDatabaseWork(index: LibraryIndex, cls: RawClass, name: string): boolean {
  return (cls.b ?? []).some((base) => {
    const ref = index.resolve(base);
    const found = ref?.kind === "class" ? index.attribute(ref, name) : undefined;
    return found?.kind === "function" && found.verdict.kind !== "no";
  });
}

function isPublic(name: string): boolean {
  return !name.startsWith("_");
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Chains, each stored once: a db verdict is the index of its chain. */
class Chains {
  readonly list: RawChain[] = [];
  private readonly seen = new Map<string, number>();

  constructor(private readonly owner: ReadonlyMap<string, number>) {}

  add(hit: Hit): number {
    const pkg = (path: string) => this.owner.get(path) ?? -1;
    const { effect } = hit;
    const chain: RawChain = {
      s: hit.hops.map((s: ChainStep) => [pkg(s.location.path), s.location.path, s.location.startLine, s.label]),
      e: [pkg(effect.location.path), effect.location.path, effect.location.startLine, effect.code, effect.what],
    };
    const key = JSON.stringify(chain);
    let at = this.seen.get(key);
    if (at === undefined) {
      at = this.list.length;
      this.list.push(chain);
      this.seen.set(key, at);
    }
    return at;
  }
}

/** Why a function's effect cannot be read: its own dynamic call, or one of a library function it calls. */
class UnknownReasons {
  private readonly memo = new Map<string, string | undefined>();

  constructor(private readonly walk: StartupWalk) {}

  of(ref: FunctionRef, self: ClassRef | undefined, depth: number): string | undefined {
    const key = `${ref.file.path}#${ref.fn.key}#${self ? `${self.file.path}#${self.cls.key}` : ""}`;
    if (this.memo.has(key)) return this.memo.get(key);
    this.memo.set(key, undefined);
    const reason = this.find(ref.file, ref.fn, self, depth);
    this.memo.set(key, reason);
    return reason;
  }

  private find(file: FileSummary, fn: FunctionFacts, self: ClassRef | undefined, depth: number): string | undefined {
    if (fn.dynamic) return DYNAMIC_CODE.find(([pattern]) => pattern.test(fn.dynamic!))?.[1] ?? "g";
    if (depth > MAX_UNKNOWN_DEPTH) return undefined;
    for (const effect of fn.effects) {
      if (effect.kind !== "call") continue;
      const target = this.walk.resolver.callee({ file, fn }, self, effect.callee, effect.receiver);
      if (target && this.of(target.ref, target.selfClass, depth + 1)) return "c";
    }
    return undefined;
  }
}
