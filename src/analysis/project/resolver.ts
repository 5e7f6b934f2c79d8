// Resolves names across the repository's summarised files: a called name to the function it
// runs (a class to its __init__), a base class to its class, a method through the class
// hierarchy (also on an instance a local name holds). A file not summarised
// yet is recorded in `missing`, so the startup walk can read it in its next batch. A name that
// resolves outside the repository is looked up in the library summaries (libraryCall): an
// imported function, a library class, a method a repository class inherits from a library
// base, a manager a class attribute or a library base attaches.
import type { LibraryIndex, LibraryRef, LibraryVerdict } from "../library/lookup.js";
import { DATABASE_SCHEDULER_START } from "../knowledge/library-overrides.js";
import type { Binding, ClassFacts, FileSummary, FunctionFacts } from "../summaries/facts.js";
import type { ModuleIndex } from "./modules.js";

export interface ClassRef {
  file: FileSummary;
  cls: ClassFacts;
}

export interface FunctionRef {
  file: FileSummary;
  fn: FunctionFacts;
}

type Symbol =
  | { kind: "function"; ref: FunctionRef }
  | { kind: "class"; ref: ClassRef }
  | { kind: "module"; path: string }
  | { kind: "outside"; dotted: string }
  /**
   * An instance of a repository class that a class attribute holds (`objects = ShopManager()`),
   * or a module-level name (`options = OptionStore()`).
   */
  | { kind: "instance"; ref: ClassRef }
  /** A module-level APScheduler scheduler given a database job store (knowledge/schedulers.ts). */
  | { kind: "database-scheduler"; always: boolean }
  | { kind: "library"; ref: LibraryRef };

/** A call that resolves into the library summaries: the qualified name and its verdict. */
export interface LibraryCall {
  name: string;
  verdict: LibraryVerdict;
}

/** A file read but left unparsed: its import-time code cannot touch the database. */
export const DEFERRED = "deferred";

/** What the walk knows of a file: its summary, null when unusable, or DEFERRED. */
export type Summarised = FileSummary | null | typeof DEFERRED;

const MAX_DEPTH = 8;
const DJANGO_APP_CONFIG = /^django\.(apps(\.config)?\.AppConfig|contrib\.[\w.]+\.apps\.\w+Config)$/;

export class Resolver {
  readonly missing = new Set<string>();

  /** Modules whose import-time code the walk wants to run but has not read yet. */
  readonly missingModules = new Set<string>();

  constructor(
    private readonly summaries: Pick<ReadonlyMap<string, Summarised>, "get">,
    private readonly index: ModuleIndex,
    private readonly library?: LibraryIndex,
  ) {}

  /** A file's summary for its functions and classes; a deferred file is asked for in full. */
  summary(path: string): FileSummary | undefined {
    const found = this.summaries.get(path);
    if (found === undefined || found === DEFERRED || (found !== null && found.importTimeOnly)) {
      this.missing.add(path);
      return undefined;
    }
    return found ?? undefined;
  }

  /** A file's summary for its import-time code (which may be all it has); a deferred file has none that matters. */
  moduleSummary(path: string): FileSummary | undefined {
    const found = this.summaries.get(path);
    if (found === undefined) this.missingModules.add(path);
    return typeof found === "object" && found !== null ? found : undefined;
  }

  /**
   * The function a call runs, with the class `self` stands for inside it. `receiver` is the class
   * of the instance a method is called on; calling a repository class runs its `__init__`.
   */
  callee(
    caller: FunctionRef | { file: FileSummary; fn?: undefined },
    selfClass: ClassRef | undefined,
    callee: string,
    receiver?: string,
  ): { ref: FunctionRef; selfClass?: ClassRef } | undefined {
    const { file, fn } = caller;
    if (receiver !== undefined) {
      const symbol = this.dotted(file, fn, receiver.split("."));
      if (symbol?.kind !== "class") return undefined;
      const path = memberPath(callee, receiver);
      if (path.length > 1) {
        // `article.tags.add()`: through what the instance's class holds.
        const found = this.libraryAttribute({ kind: "instance", ref: symbol.ref }, path);
        return found?.kind === "function" ? { ref: found.ref } : undefined;
      }
      const ref = this.method(symbol.ref, path[0]!, false);
      return ref ? { ref, selfClass: symbol.ref } : undefined;
    }
    const parts = callee.split(".");
    if (parts[0] === "super()" && parts.length === 2 && fn?.className) {
      const owner = file.classes.get(fn.className);
      const ref = owner ? this.method({ file, cls: owner }, parts[1]!, true) : undefined;
      return ref ? { ref, ...(selfClass ? { selfClass } : {}) } : undefined;
    }
    if ((parts[0] === "self" || parts[0] === "cls") && parts.length === 2) {
      const cls = selfClass ?? (fn?.className ? this.classRef(file, fn.className) : undefined);
      const ref = cls ? this.method(cls, parts[1]!, false) : undefined;
      return ref ? { ref, ...(cls ? { selfClass: cls } : {}) } : undefined;
    }
    if (parts.length === 1 && fn) {
      for (let f: FunctionFacts | undefined = fn; f; f = f.parentKey ? file.functions.get(f.parentKey) : undefined) {
        const key = f.nested.get(parts[0]!);
        const nested = key ? file.functions.get(key) : undefined;
        if (nested) return { ref: { file, fn: nested } };
      }
    }
    const symbol = this.dotted(file, fn, parts);
    if (symbol?.kind === "function") {
      const owner = symbol.ref.fn.className ? this.classRef(symbol.ref.file, symbol.ref.fn.className) : undefined;
      return { ref: symbol.ref, ...(owner ? { selfClass: owner } : {}) };
    }
    if (symbol?.kind === "class") {
      const init = this.method(symbol.ref, "__init__", false);
      return init ? { ref: init, selfClass: symbol.ref } : undefined;
    }
    return undefined;
  }

  /** The qualified name a called name stands for, when imports tell it: `billing.rates.load`. */
  qualifiedName(file: FileSummary, fn: FunctionFacts | undefined, callee: string): string | undefined {
    const [head, ...rest] = callee.split(".");
    const binding = this.binding(file, fn, head!);
    if (binding) return [binding.dotted, ...rest].join(".");
    if (file.functions.has(head!) || file.classes.has(head!)) return [this.index.dottedName(file.path), head, ...rest].join(".");
    return undefined;
  }

  /**
   * Whether a class derives from Django's AppConfig, directly, through the repository's classes
   * or through a library's (the summaries keep its bases). `byName`, for a class in an apps.py,
   * also takes an outside base the summaries do not know whose name ends in `Config`: a
   * plugin framework's base (NetBox's `PluginConfig`), a project package not in the file set.
   */
  isAppConfig(ref: ClassRef, depth = 0, byName = false): boolean {
    if (depth > MAX_DEPTH) return false;
    return ref.cls.bases.some((base) => {
      const symbol = this.dotted(ref.file, undefined, base.split("."));
      if (symbol?.kind === "class") return this.isAppConfig(symbol.ref, depth + 1, byName);
      if (symbol?.kind === "outside") {
        if (DJANGO_APP_CONFIG.test(symbol.dotted)) return true;
        const lib = this.library?.resolve(symbol.dotted);
        if (lib) return lib.kind === "class" && this.libraryAppConfig(lib.cls.b ?? [], depth + 1);
        return byName && /Config$/.test(symbol.dotted);
      }
      return symbol === undefined && /(^|\.)AppConfig$/.test(base) && !this.binding(ref.file, undefined, base.split(".")[0]!);
    });
  }

  /** Whether one of a library class's bases (qualified names) is Django's AppConfig, through the library's classes. */
  private libraryAppConfig(bases: readonly string[], depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    return bases.some((base) => {
      if (/^django\.apps(\.config)?\.AppConfig$/.test(base)) return true;
      const lib = this.library?.resolve(base);
      return lib?.kind === "class" && this.libraryAppConfig(lib.cls.b ?? [], depth + 1);
    });
  }

  /** A method looked up through the class and its bases (`skipOwn` for super()). */
  method(ref: ClassRef, name: string, skipOwn: boolean, depth = 0): FunctionRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const key = skipOwn ? undefined : ref.cls.methods.get(name);
    const fn = key ? ref.file.functions.get(key) : undefined;
    if (fn) return { file: ref.file, fn };
    for (const base of ref.cls.bases) {
      const symbol = this.dotted(ref.file, undefined, base.split("."));
      if (symbol?.kind !== "class") continue;
      const found = this.method(symbol.ref, name, false, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  classRef(file: FileSummary, key: string): ClassRef | undefined {
    const cls = file.classes.get(key);
    return cls ? { file, cls } : undefined;
  }

  private binding(file: FileSummary, fn: FunctionFacts | undefined, name: string): Binding | undefined {
    for (let f = fn; f; f = f.parentKey ? file.functions.get(f.parentKey) : undefined) {
      const found = f.bindings.get(name);
      if (found) return found;
    }
    return file.bindings.get(name);
  }

  /** `name`, `Class.method`, `module.func`, `pkg.module.Class.method` as seen from a file. */
  private dotted(file: FileSummary, fn: FunctionFacts | undefined, parts: string[]): Symbol | undefined {
    const [head, ...rest] = parts;
    if (!head) return undefined;
    const binding = this.binding(file, fn, head);
    let symbol: Symbol | undefined;
    if (binding) symbol = this.fromBinding(binding, 0);
    else symbol = this.member(file, head, 0);
    for (const part of rest) {
      if (!symbol) return undefined;
      symbol = this.attribute(symbol, part);
    }
    return symbol;
  }

  private attribute(symbol: Symbol, name: string): Symbol | undefined {
    switch (symbol.kind) {
      case "outside": {
        // A namespace package (no __init__.py) of the repository resolves one module deeper.
        const path = this.index.resolveAbsolute(`${symbol.dotted}.${name}`);
        return path ? { kind: "module", path } : { kind: "outside", dotted: `${symbol.dotted}.${name}` };
      }
      case "module": {
        const sub = this.index.fileAt(symbol.path.replace(/(\/__init__)?\.py$/, "") + "/" + name);
        if (sub) return { kind: "module", path: sub };
        const file = this.summary(symbol.path);
        return file ? this.member(file, name, 0) : undefined;
      }
      case "class":
      case "instance": {
        const ref = this.method(symbol.ref, name, false);
        if (ref) return { kind: "function", ref };
        return this.classMember(symbol.ref, name, 0);
      }
      case "library": {
        const ref = this.library?.attribute(symbol.ref, name);
        return ref ? { kind: "library", ref } : undefined;
      }
      case "database-scheduler": {
        const ref = name === "start" && symbol.always ? this.library?.resolve(DATABASE_SCHEDULER_START) : undefined;
        return ref ? { kind: "library", ref } : undefined;
      }
      default:
        return undefined;
    }
  }

  /**
   * What a class holds beyond its repository methods: an instance its body binds
   * (`objects = TreeManager()`), or a method or attribute of a library base class.
   */
  private classMember(ref: ClassRef, name: string, depth: number): Symbol | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const held = ref.cls.attributes?.get(name);
    if (held) {
      const cls = this.dotted(ref.file, undefined, held.split("."));
      if (cls?.kind === "class") return { kind: "instance", ref: cls.ref };
      const lib = this.asLibrary(cls);
      if (lib?.kind === "class") return { kind: "library", ref: { kind: "instance", cls: lib.name } };
    }
    if (!this.library) return undefined;
    for (const base of ref.cls.bases) {
      const symbol = this.dotted(ref.file, undefined, base.split("."));
      if (symbol?.kind === "class") {
        const found = this.classMember(symbol.ref, name, depth + 1);
        if (found) return found;
        continue;
      }
      const lib = this.asLibrary(symbol);
      const found = lib?.kind === "class" ? this.library.attribute(lib, name) : undefined;
      if (found) return { kind: "library", ref: found };
    }
    return undefined;
  }

  /** An outside name as the library summaries know it. */
  private asLibrary(symbol: Symbol | undefined): LibraryRef | undefined {
    if (symbol?.kind === "library") return symbol.ref;
    if (symbol?.kind === "outside") return this.library?.resolve(symbol.dotted);
    return undefined;
  }

  /**
   * A call that leaves the repository for a summarised library, when `callee()` finds no
   * repository function: `schedule(...)` imported from a task queue, `Category.objects.rebuild()`
   * on a tree model, `self.move_to(...)` inherited from a library base, `super().save()`.
   */
  libraryCall(
    caller: FunctionRef | { file: FileSummary; fn?: undefined },
    selfClass: ClassRef | undefined,
    callee: string,
    receiver?: string,
    pendingJobs = false,
  ): LibraryCall | undefined {
    if (!this.library) return undefined;
    const { file, fn } = caller;
    const parts = callee.split(".");
    const last = parts[parts.length - 1]!;
    let symbol: Symbol | undefined;
    if (receiver !== undefined) {
      const cls = this.dotted(file, fn, receiver.split("."));
      const path = memberPath(callee, receiver);
      if (cls?.kind === "class")
        symbol = path.length > 1 ? this.libraryAttribute({ kind: "instance", ref: cls.ref }, path) : this.classMember(cls.ref, last, 0);
      else symbol = this.libraryAttribute(cls, path);
    } else if (parts[0] === "super()" && parts.length === 2 && fn?.className) {
      const owner = file.classes.get(fn.className);
      symbol = owner ? this.classMember({ file, cls: { ...owner, attributes: new Map() } }, last, 0) : undefined;
    } else if ((parts[0] === "self" || parts[0] === "cls") && parts.length >= 2) {
      const cls = selfClass ?? (fn?.className ? this.classRef(file, fn.className) : undefined);
      if (!cls) return undefined;
      let current: Symbol | undefined = { kind: "instance", ref: cls };
      for (const part of parts.slice(1)) current = current && this.attribute(current, part);
      symbol = current;
    } else {
      symbol = this.dotted(file, fn, parts);
      if (!symbol && pendingJobs && last === "start" && this.dotted(file, fn, parts.slice(0, -1))?.kind === "database-scheduler") {
        // A scheduler whose store writes only the jobs added first, and the caller added some.
        const ref = this.library.resolve(DATABASE_SCHEDULER_START);
        symbol = ref ? { kind: "library", ref } : undefined;
      }
    }
    const lib = this.asLibrary(symbol);
    return lib ? this.library.callVerdict(lib) : undefined;
  }

  private libraryAttribute(symbol: Symbol | undefined, names: string[]): Symbol | undefined {
    let current = symbol;
    for (const name of names) current = current && this.attribute(current, name);
    return current;
  }

  private fromBinding(binding: Binding, depth: number): Symbol | undefined {
    if (binding.kind === "module") return binding.path ? { kind: "module", path: binding.path } : { kind: "outside", dotted: binding.dotted };
    if (!binding.path) return { kind: "outside", dotted: binding.dotted };
    const file = this.summary(binding.path);
    const name = binding.dotted.slice(binding.dotted.lastIndexOf(".") + 1);
    return file ? this.member(file, name, depth + 1) : undefined;
  }

  /** A module-level name of a file: its function, its class, or what it imported (re-exports). */
  private member(file: FileSummary, name: string, depth: number): Symbol | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const fn = file.functions.get(name);
    if (fn) return { kind: "function", ref: { file, fn } };
    const cls = file.classes.get(name);
    if (cls) return { kind: "class", ref: { file, cls } };
    const binding = file.bindings.get(name);
    if (binding) return this.fromBinding(binding, depth);
    const always = file.databaseSchedulers?.get(name);
    if (always !== undefined) return { kind: "database-scheduler", always };
    const instance = file.instances?.get(name);
    return instance ? this.instanceOf(file, instance, depth) : undefined;
  }

  /** A module-level instance of `cls` (a class expression as the file writes it). */
  private instanceOf(file: FileSummary, cls: string, depth: number): Symbol | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const [head, ...rest] = cls.split(".");
    let symbol = this.binding(file, undefined, head!)
      ? this.fromBinding(this.binding(file, undefined, head!)!, depth + 1)
      : file.classes.has(head!)
        ? this.member(file, head!, depth + 1)
        : undefined;
    for (const part of rest) symbol = symbol && this.attribute(symbol, part);
    if (symbol?.kind === "class") return { kind: "instance", ref: symbol.ref };
    const lib = this.asLibrary(symbol);
    return lib?.kind === "class" ? { kind: "library", ref: { kind: "instance", cls: lib.name } } : undefined;
  }
}

/**
 * The names after the instance in a call on an instance: `warm` of `warmers.Loader().warm`
 * (receiver `warmers.Loader`), `tags.add` of `article.tags.add` (a name bound to an instance).
 */
function memberPath(callee: string, receiver: string): string[] {
  const built = `${receiver}().`;
  return (callee.startsWith(built) ? callee.slice(built.length) : callee.slice(callee.indexOf(".") + 1)).split(".");
}
