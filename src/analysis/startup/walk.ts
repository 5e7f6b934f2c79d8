// The walk over what the master runs during startup, given the files summarised so far:
//  1. Every AppConfig in an apps.py: its effective ready(), through calls (FS101).
//  2. Every module imported at startup (apps.py, models.py, admin.py of each app, modules
//     imported from ready() or from those modules): its module-level code (FS102).
//  3. wsgi.py/asgi.py code after get_wsgi_application()/get_asgi_application() (FS103).
// Files the walk needs but does not have yet end up in `resolver.missing`.
import type { Config } from "../../config/schema.js";
import type { StartupWork } from "../startup-work.js";
import type { LibraryIndex } from "../library/lookup.js";
import { sameStart, type ChainStep, type LibraryStep, type Location } from "../types.js";
import type {
  CallEffect,
  CommandEffect,
  DbEffect,
  Effect,
  FileSummary,
  FunctionFacts,
  HazardEffect,
  QuerysetArgument,
  SettingsStore,
} from "../summaries/facts.js";
import { settingStore } from "../knowledge/schedulers.js";
import { hazardMessage, hazardRule } from "./hazard-messages.js";
import { COMMAND_METHODS, CommandIndex, DJANGO_COMMANDS, NO_LIBRARY_COMMANDS, type LibraryCommands } from "./management-commands.js";
import { messageFor, type StartupPlace } from "./messages.js";
import type { ModuleIndex } from "../project/modules.js";
import { Resolver, type ClassRef, type FunctionRef, type Summarised } from "../project/resolver.js";

export interface Hit {
  effect: DbEffect | HazardEffect;
  hops: ChainStep[];
  /** When the work is inside a library: the steps there, after `effect` (the call into it). */
  library?: LibraryStep[];
}

export interface StartupRoots {
  appModules: string[];
  importedAtStartup: string[];
  wsgiModules: string[];
  /** App modules other than apps.py (named in INSTALLED_APPS): the AppConfig classes named there. */
  appClasses: Map<string, Set<string>>;
  /** Modules a server command serves, with the factory it calls (their module code is in importedAtStartup). */
  served?: Array<{ path: string; factory?: string }>;
  /** gunicorn config files in the repository: the master executes them, and their master hooks, before fork. */
  masterModules?: string[];
}

/** gunicorn's hooks that run in the master before the workers are forked. */
const MASTER_HOOKS = ["on_starting", "when_ready", "pre_fork"];

const NONE: ReadonlySet<string> = new Set();
/** An apps.py module (or an apps package): where a class with a `...Config` base is an AppConfig. */
const APPS_MODULE = /(^|\/)apps(\.py|\/__init__\.py)$/;

/**
 * The callee's parameters that receive a queryset: by position or keyword, or passed on from the
 * caller's. A parameter that receives a settings store is named `store:param` (constance:current).
 */
function querysetParams(args: readonly QuerysetArgument[] | undefined, params: readonly string[], callers: ReadonlySet<string>): ReadonlySet<string> {
  if (!args) return NONE;
  const names = new Set<string>();
  for (const arg of args) {
    const name = typeof arg.at === "number" ? params[arg.at] : arg.at;
    if (!name) continue;
    if (arg.param === undefined) names.add(arg.store ? `${arg.store}:${name}` : name);
    else {
      if (callers.has(arg.param)) names.add(name);
      for (const store of STORES) if (callers.has(`${store}:${arg.param}`)) names.add(`${store}:${name}`);
    }
  }
  return names.size > 0 ? names : NONE;
}

const STORES: readonly SettingsStore[] = ["constance"];

export class StartupWalk {
  readonly resolver: Resolver;
  private readonly memo = new Map<string, Hit[]>();
  private readonly executed = new Set<string>();
  private readonly queue: string[] = [];
  private readonly works = new Map<string, StartupWork>();
  /** While walking a gunicorn config file or what it imports: that file (modules it imports inherit it). */
  private origin: string | undefined;
  /** Modules first imported from a gunicorn config file, with that file. */
  private readonly origins = new Map<string, string>();
  /** `engine.dispose()` calls the startup code makes (DisposeEffect). */
  private readonly disposals: Location[] = [];

  constructor(
    summaries: Pick<ReadonlyMap<string, Summarised>, "get">,
    private readonly index: ModuleIndex,
    private readonly config: Config,
    private readonly commands: CommandIndex = new CommandIndex([]),
    private readonly library: LibraryCommands = NO_LIBRARY_COMMANDS,
    libraryIndex?: LibraryIndex,
    /** The text of a Django setting's value, as the settings modules read so far bind it. */
    private readonly settingText: (name: string) => string | undefined = () => undefined,
  ) {
    this.resolver = new Resolver(summaries, index, libraryIndex);
  }

  /** Database work a function does when called, with `self` bound to `selfClass`. */
  hitsOf(ref: FunctionRef, selfClass: ClassRef | undefined): Hit[] {
    return this.functionHits(ref, selfClass);
  }

  run(roots: StartupRoots): StartupWork[] {
    // First, so that what a config file imports is known to run from it.
    for (const path of roots.masterModules ?? []) this.masterModule(path);
    for (const path of roots.appModules) this.readyOf(path, roots.appClasses.get(path));
    for (const path of roots.wsgiModules) this.wsgi(path);
    for (const app of roots.served ?? []) if (app.factory) this.factory(app.path, app.factory);
    for (const path of [...roots.appModules, ...roots.importedAtStartup]) this.execute(path);
    for (let path = this.queue.shift(); path !== undefined; path = this.queue.shift()) this.moduleCode(path);
    return [...this.works.values()].filter((w) => !this.disposedAfter(w));
  }

  /**
   * Whether a SQLAlchemy connection made at startup is dropped again before fork: the startup
   * code calls `engine.dispose()` after it. Work that starts in the disposing file after the
   * call is not covered; work anywhere else is taken to come before it (imports and the calls
   * that load the app come first in the modules that end with a dispose).
   */
  private disposedAfter(w: StartupWork): boolean {
    if (w.hazard !== "engine-connect" || this.disposals.length === 0) return false;
    const start = w.chain[0]?.location ?? w.location;
    return this.disposals.some((d) => d.path !== start.path || d.startLine > start.startLine);
  }

  private readyOf(path: string, named: ReadonlySet<string> | undefined): void {
    const file = this.resolver.moduleSummary(path);
    if (!file) return;
    for (const cls of file.classes.values()) {
      if (cls.key.includes(".") || (named && !named.has(cls.name))) continue;
      const ref: ClassRef = { file, cls };
      if (!this.resolver.isAppConfig(ref, 0, APPS_MODULE.test(path))) continue;
      const ready = this.resolver.method(ref, "ready", false);
      if (!ready) {
        const inherited = this.inheritedReady(file, ref);
        if (inherited) this.record("FS101", inherited, { kind: "ready", cls: cls.name });
        continue;
      }
      const closed = ready.fn.closeAll;
      for (const hit of this.functionHits(ready, ref)) this.record("FS101", hit, { kind: "ready", cls: cls.name }, closed);
    }
  }

  /**
   * An AppConfig without a ready() of its own that inherits a library's: Django runs the
   * library's ready(), judged from the summaries; the finding is placed on the class.
   */
  private inheritedReady(file: FileSummary, ref: ClassRef): Hit | undefined {
    const found = this.resolver.libraryCall({ file }, ref, "self.ready");
    if (found?.verdict.kind !== "db") return undefined;
    const { package: pkg, version, steps } = found.verdict;
    const code = `class ${ref.cls.name}(${ref.cls.bases.join(", ")})`;
    const what = `inherits ready(), which touches the database inside ${pkg} ${version} (${found.name})`;
    const at = ref.cls.location;
    const location = { ...at, endLine: at.startLine, endColumn: at.startColumn + code.length };
    return { effect: { kind: "db", location, code, what }, hops: [], library: steps };
  }

  /**
   * A wsgi.py/asgi.py. Django's (it calls get_wsgi_application()): the code after the call runs
   * with the app loaded (FS103); the code before it cannot use Django's ORM yet, but what else
   * it starts (a Flask app built beside Django's, a thread, a SQLAlchemy engine) runs all the
   * same. Any other framework's: the whole module runs as the server imports it.
   */
  private wsgi(path: string): void {
    const file = this.resolver.moduleSummary(path);
    if (!file) return;
    if (file.effectsBeforeSetup === undefined) {
      this.execute(path);
      return;
    }
    const before = file.moduleEffects.slice(0, file.effectsBeforeSetup);
    for (const hit of this.effectHits(file, undefined, undefined, before, "module code")) {
      if (hit.effect.kind === "hazard") this.record("FS102", hit, { kind: "import", path });
    }
    const after = file.moduleEffects.slice(file.effectsBeforeSetup);
    for (const hit of this.effectHits(file, undefined, undefined, after, "module code")) {
      this.record("FS103", hit, { kind: "wsgi", path });
    }
  }

  /** The app factory a server command calls (`gunicorn "shop:create_app()"`), in the master. */
  private factory(path: string, name: string): void {
    const file = this.resolver.summary(path);
    const fn = file?.functions.get(name);
    if (!file || !fn) return;
    for (const hit of this.functionHits({ file, fn }, undefined)) this.record("FS102", hit, { kind: "factory", path, name });
  }

  /** A gunicorn config file: its module code and its master hooks run in the master, before fork. */
  private masterModule(path: string): void {
    this.origin = path;
    this.execute(path);
    const file = this.resolver.summary(path);
    for (const hook of MASTER_HOOKS) {
      const fn = file?.functions.get(hook);
      if (!file || !fn) continue;
      for (const hit of this.functionHits({ file, fn }, undefined)) this.record("FS102", hit, { kind: "config", config: path, path, hook });
    }
    this.origin = undefined;
  }

  private execute(path: string): void {
    if (this.executed.has(path)) return;
    this.executed.add(path);
    if (this.origin) this.origins.set(path, this.origin);
    this.queue.push(path);
  }

  private moduleCode(path: string): void {
    const file = this.resolver.moduleSummary(path);
    if (!file || file.effectsBeforeSetup !== undefined) return;
    const config = this.origins.get(path);
    this.origin = config;
    const place: StartupPlace = config ? { kind: "config", config, path } : { kind: "import", path };
    for (const hit of this.effectHits(file, undefined, undefined, file.moduleEffects, "module code")) this.record("FS102", hit, place);
    this.origin = undefined;
  }

  /** Database work a function does when called; `querysets` are its parameters bound to querysets. */
  private functionHits(ref: FunctionRef, selfClass: ClassRef | undefined, querysets: ReadonlySet<string> = NONE): Hit[] {
    const key = `${ref.file.path}#${ref.fn.key}#${selfClass ? `${selfClass.file.path}#${selfClass.cls.key}` : ""}#${[...querysets].sort().join(",")}`;
    const known = this.memo.get(key);
    if (known) return known;
    this.memo.set(key, []);
    const hits = this.effectHits(ref.file, ref.fn, selfClass, ref.fn.effects, `${ref.fn.name}()`, querysets);
    this.memo.set(key, hits);
    return hits;
  }

  /** Database work in these effects, directly or through the calls among them. */
  private effectHits(
    file: FileSummary,
    fn: FunctionFacts | undefined,
    selfClass: ClassRef | undefined,
    effects: readonly Effect[],
    caller: string,
    querysets: ReadonlySet<string> = NONE,
  ): Hit[] {
    const hits: Hit[] = [];
    for (const effect of effects) {
      if (effect.onlyIf === undefined) {
        hits.push(...this.effectHitsOf(file, fn, selfClass, effect, caller, querysets));
        continue;
      }
      // Under `if helper():` the helper is looked at only when it matters (an import the guard
      // may skip, or work found): resolving every such helper would read files for nothing.
      if (effect.kind === "import" && this.falseUnderServer(file, fn, selfClass, effect.onlyIf)) continue;
      const found = this.effectHitsOf(file, fn, selfClass, effect, caller, querysets);
      if (found.length > 0 && !this.falseUnderServer(file, fn, selfClass, effect.onlyIf)) hits.push(...found);
    }
    return hits;
  }

  /** Database work one effect does, directly or through the call it makes. */
  private effectHitsOf(
    file: FileSummary,
    fn: FunctionFacts | undefined,
    selfClass: ClassRef | undefined,
    effect: Effect,
    caller: string,
    querysets: ReadonlySet<string>,
  ): Hit[] {
    if (effect.kind === "db") {
      const applies = effect.param === undefined || querysets.has(effect.store ? `${effect.store}:${effect.param}` : effect.param);
      return applies && this.settingApplies(effect) ? [{ effect, hops: [] }] : [];
    }
    if (effect.kind === "hazard") return effect.byName && this.intoRepository(file, fn, selfClass, effect) ? [] : [{ effect, hops: [] }];
    if (effect.kind === "dispose") {
      this.disposals.push(effect.location);
      return [];
    }
    if (effect.kind === "import") {
      effect.paths.forEach((p) => this.execute(p));
      return [];
    }
    if (effect.kind === "command") return this.commandHits(effect, caller);
    if (this.configured(file, fn, effect.callee)) {
      return [{ effect: { ...effect, kind: "db", what: "is configured as a call that touches the database" }, hops: [] }];
    }
    const from = fn ? { file, fn } : { file };
    const target = this.resolver.callee(from, selfClass, effect.callee, effect.receiver);
    if (target?.ref.fn.taskProxy) return [{ effect: { ...effect, kind: "db", what: target.ref.fn.taskProxy }, hops: [] }];
    if (!target) {
      const hit = this.libraryHit(from, selfClass, effect);
      if (!hit && effect.unresolvedMeans) return [{ effect: { ...effect, kind: "db", what: effect.unresolvedMeans }, hops: [] }];
      return hit ? [hit] : [];
    }
    const step: ChainStep = { location: effect.location, label: `${caller} calls ${effect.callee}()${this.choiceNote(target.ref.file.path)}` };
    const passed = querysetParams(effect.querysetArgs, target.ref.fn.params, querysets);
    return this.functionHits(target.ref, target.selfClass, passed).map((sub) => ({ ...sub, hops: [step, ...sub.hops] }));
  }

  /**
   * Whether a hazard told by its receiver's name is a call into the repository's own code (an
   * extension class with a start() method): that code is followed instead, and says what it starts.
   */
  private intoRepository(file: FileSummary, fn: FunctionFacts | undefined, selfClass: ClassRef | undefined, hazard: HazardEffect): boolean {
    const effects = fn ? fn.effects : file.moduleEffects;
    const call = effects.find((e): e is CallEffect => e.kind === "call" && sameStart(e.location, hazard.location));
    return call !== undefined && this.resolver.callee(fn ? { file, fn } : { file }, selfClass, call.callee, call.receiver) !== undefined;
  }

  /** A scheduler configured from a setting does database work when the setting names a database store. */
  private settingApplies(effect: DbEffect): boolean {
    if (!effect.setting) return true;
    const text = this.settingText(effect.setting.name);
    const store = text ? settingStore(text) : undefined;
    return store === "SQLAlchemyJobStore" || (store === "DjangoJobStore" && effect.setting.pendingJobs);
  }

  /** Whether `callee()`, called from here, is a repository function that returns false under a pre-forking server. */
  private falseUnderServer(file: FileSummary, fn: FunctionFacts | undefined, selfClass: ClassRef | undefined, callee: string): boolean {
    const target = this.resolver.callee(fn ? { file, fn } : { file }, selfClass, callee);
    return target?.ref.fn.serverValue === false;
  }

  /**
   * `call_command("name")`: a repository command is followed into its handle(); Django's own and
   * third-party commands are judged as management-commands.ts describes.
   */
  private commandHits(effect: CommandEffect, caller: string): Hit[] {
    const asDatabase = (what: string): Hit[] => [{ effect: { kind: "db", location: effect.location, code: effect.code, what }, hops: [] }];
    const [path, ...others] = this.commands.modulesOf(effect.name);
    if (path) {
      const file = this.resolver.summary(path);
      if (file === undefined && this.resolver.missing.has(path)) return [];
      const cls = file?.classes.get("Command");
      const work = cls ? COMMAND_METHODS.map((m) => this.resolver.method({ file: file!, cls }, m, false)).find(Boolean) : undefined;
      if (!work || !cls) return asDatabase("runs a management command");
      const also = others.length > 0 ? `; also candidate: ${others.join(", ")}` : "";
      const step: ChainStep = { location: effect.location, label: `${caller} calls call_command("${effect.name}") (${path}${also})` };
      return this.functionHits(work, { file: file!, cls }).map((sub) => ({ effect: sub.effect, hops: [step, ...sub.hops] }));
    }
    const django = DJANGO_COMMANDS.get(effect.name);
    if (django === "none" && !(effect.name === "check" && effect.databaseOption)) return [];
    if (django) return asDatabase(`runs a management command that touches the database (Django's ${effect.name})`);
    const library = this.library.command(effect.name);
    if (library) return library.touchesDatabase ? asDatabase(`runs a management command that touches the database (${library.where ?? effect.name})`) : [];
    return asDatabase("runs a management command");
  }

  /** " (resolved to X; also candidate: Y)" when an import of the target had more than one file to choose from. */
  private choiceNote(path: string): string {
    const others = this.index.alternativesOf(path);
    return others.length > 0 ? ` (resolved to ${path}; also candidate: ${others.join(", ")})` : "";
  }

  /** A call into a summarised library that touches the database there. */
  private libraryHit(caller: Parameters<Resolver["libraryCall"]>[0], selfClass: ClassRef | undefined, effect: CallEffect): Hit | undefined {
    const found = this.resolver.libraryCall(caller, selfClass, effect.callee, effect.receiver, effect.pendingJobs);
    if (found?.verdict.kind !== "db") return undefined;
    const { package: pkg, version, steps } = found.verdict;
    const what = `touches the database inside ${pkg} ${version} (${found.name})`;
    return { effect: { kind: "db", location: effect.location, code: effect.code, what }, hops: [], library: steps };
  }

  /** `database_calls` in forksafe.yml: a bare name matches the called name, a dotted one the qualified name. */
  private configured(file: FileSummary, fn: FunctionFacts | undefined, callee: string): boolean {
    const names = this.config.database_calls;
    if (names.length === 0) return false;
    const last = callee.slice(callee.lastIndexOf(".") + 1);
    if (names.includes(last)) return true;
    const qualified = this.resolver.qualifiedName(file, fn, callee);
    return qualified !== undefined && names.includes(qualified);
  }

  private record(queryRule: string, hit: Hit, place: StartupPlace, closedInMaster?: Location): void {
    const chain = hit.hops;
    const hazard = hit.effect.kind === "hazard" ? hit.effect.hazard : undefined;
    const ruleId = hazard ? hazardRule(hazard) : queryRule;
    const at = (l: Location) => `${l.path}:${l.startLine}:${l.startColumn}`;
    // One finding per startup call and database call: of the paths between them, the shortest
    // (the first found among equals) says enough, and the others would repeat it.
    const key = [ruleId, at(hit.effect.location), chain[0] ? at(chain[0].location) : ""].join(" ");
    const known = this.works.get(key);
    if (known && known.chain.length <= chain.length) return;
    this.works.set(key, {
      ruleId,
      location: hit.effect.location,
      message: hit.effect.kind === "hazard" ? hazardMessage(hit.effect, chain, place) : messageFor(ruleId, hit.effect, chain, place),
      chain,
      ...(hit.library ? { libraryChain: hit.library } : {}),
      ...(hazard ? { hazard } : {}),
      ...(closedInMaster && !hazard ? { closedInMaster } : {}),
      ...(place.kind === "config" ? { inMaster: place.config } : {}),
    });
  }
}
