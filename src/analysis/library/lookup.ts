// Names looked up in the library summaries: a dotted name to a module, function, class or an
// instance a class attribute holds (`Category.objects` of a tree model), methods through the
// library's base classes, verdicts with their chains, and the management commands packages ship.
import type { LibraryStep } from "../types.js";
import { UNKNOWN_REASONS, type RawClass, type RawLibrary, type RawModule, type RawVerdict } from "./format.js";
import { OVERRIDES, type Override } from "../knowledge/library-overrides.js";

export type LibraryRef =
  | { kind: "module"; name: string }
  | { kind: "function"; name: string; verdict: LibraryVerdict }
  | { kind: "class"; name: string; cls: RawClass; module: RawModule }
  | { kind: "instance"; cls: string };

export type LibraryVerdict = { kind: "db"; package: string; version: string; steps: LibraryStep[] } | { kind: "no" } | { kind: "unknown"; reason: string };

export interface LibraryCommand {
  name: string;
  package: string;
  version: string;
  module: string;
  verdict: LibraryVerdict;
}

const MAX_DEPTH = 12;
const NO: LibraryVerdict = { kind: "no" };

export class LibraryIndex {
  private readonly overrides = new Map<string, Override>(OVERRIDES.map((o) => [o.name, o]));
  private readonly resolved = new Map<string, LibraryRef | undefined>();

  constructor(readonly raw: RawLibrary) {}

  get packages(): RawLibrary["packages"] {
    return this.raw.packages;
  }

  /** What a dotted name stands for: `mptt.managers.TreeManager.rebuild`, `django_q.tasks.schedule`. */
  resolve(dotted: string, depth = 0): LibraryRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (this.resolved.has(dotted)) return this.resolved.get(dotted);
    this.resolved.set(dotted, undefined);
    if (this.overrides.has(dotted)) {
      const found: LibraryRef = { kind: "function", name: dotted, verdict: this.verdictOf(dotted, "n", -1) };
      this.resolved.set(dotted, found);
      return found;
    }
    const parts = dotted.split(".");
    let found: LibraryRef | undefined;
    for (let i = parts.length; i > 0 && !found; i--) {
      const name = parts.slice(0, i).join(".");
      if (!this.raw.modules[name]) continue;
      let ref: LibraryRef | undefined = { kind: "module", name };
      for (const part of parts.slice(i)) ref = ref && this.attribute(ref, part, depth + 1);
      found = ref;
    }
    this.resolved.set(dotted, found);
    return found;
  }

  /** `ref.name`: a module's member, a class's method or attribute, an instance's method. */
  attribute(ref: LibraryRef, name: string, depth = 0): LibraryRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (ref.kind) {
      case "module": {
        const module = this.raw.modules[ref.name]!;
        const qualified = `${ref.name}.${name}`;
        const fn = module.fn?.[name];
        if (fn !== undefined) return { kind: "function", name: qualified, verdict: this.verdictOf(qualified, fn, module.p) };
        const cls = module.c?.[name];
        if (cls) return { kind: "class", name: qualified, cls, module };
        if (this.raw.modules[qualified]) return { kind: "module", name: qualified };
        const alias = module.x?.[name];
        if (alias) return this.resolve(alias, depth + 1);
        if (module.err) return { kind: "function", name: qualified, verdict: { kind: "unknown", reason: UNKNOWN_REASONS.p! } };
        if (this.overrides.has(qualified)) return { kind: "function", name: qualified, verdict: this.verdictOf(qualified, "n", module.p) };
        return undefined;
      }
      case "class":
        return this.member(ref, name, depth + 1);
      case "instance": {
        const cls = this.resolve(ref.cls, depth + 1);
        return cls?.kind === "class" ? this.member(cls, name, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The verdict of calling what a name stands for: a function, a class (its `__init__`), an instance (`__call__`). */
  callVerdict(ref: LibraryRef): { name: string; verdict: LibraryVerdict } | undefined {
    switch (ref.kind) {
      case "function":
        return { name: ref.name, verdict: ref.verdict };
      case "class": {
        const init = this.member(ref, "__init__", 0);
        return init?.kind === "function" ? { name: init.name, verdict: init.verdict } : undefined;
      }
      case "instance": {
        const call = this.attribute(ref, "__call__");
        return call?.kind === "function" ? { name: call.name, verdict: call.verdict } : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The management commands of this name that packages ship. */
  commands(name: string): LibraryCommand[] {
    return (this.raw.commands[name] ?? []).map((c) => {
      const pkg = this.raw.packages[c.p]!;
      return { name, package: pkg.name, version: pkg.version, module: c.m, verdict: this.verdictOf(`${c.m}.Command.handle`, c.v, c.p) };
    });
  }

  /**
   * Whether using this imported name can touch the database: a function that does, a class
   * whose construction does, a module with such a function. For the prefilter's text test.
   */
  mayTouchOnUse(dotted: string): boolean {
    const ref = this.resolve(dotted);
    if (!ref) return false;
    if (ref.kind === "module") {
      const module = this.raw.modules[ref.name]!;
      return Object.values(module.fn ?? {}).some((v) => typeof v === "number");
    }
    return this.callVerdict(ref)?.verdict.kind === "db";
  }

  /** A class's method or attribute, looked up through its bases. */
  private member(ref: Extract<LibraryRef, { kind: "class" }>, name: string, depth: number): LibraryRef | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const qualified = `${ref.name}.${name}`;
    const method = ref.cls.m?.[name];
    if (method !== undefined) return { kind: "function", name: qualified, verdict: this.verdictOf(qualified, method, ref.module.p) };
    const attribute = ref.cls.a?.[name];
    if (attribute) return { kind: "instance", cls: attribute };
    for (const base of ref.cls.b ?? []) {
      const cls = this.resolve(base, depth + 1);
      const found = cls?.kind === "class" ? this.member(cls, name, depth + 1) : undefined;
      if (found) return found;
    }
    return this.overrides.has(qualified) ? { kind: "function", name: qualified, verdict: this.verdictOf(qualified, "n", ref.module.p) } : undefined;
  }

  /** The verdict as data records it, unless an override corrects it. */
  private verdictOf(qualified: string, raw: RawVerdict, pkgIndex: number): LibraryVerdict {
    const override = this.overrides.get(qualified);
    const pkg = this.raw.packages[pkgIndex];
    if (override) {
      if (override.verdict === "no") return NO;
      if (override.verdict === "unknown") return { kind: "unknown", reason: override.reason };
      const owner = this.raw.packages.find((p) => p.name === override.package);
      const library = { package: override.package, version: owner?.version ?? "?" };
      return { kind: "db", ...library, steps: [{ library, path: override.file, line: override.line, label: `${override.what} (${override.reason})` }] };
    }
    if (raw === "n") return NO;
    if (typeof raw === "string") return { kind: "unknown", reason: UNKNOWN_REASONS[raw.slice(1)] ?? raw.slice(1) };
    const chain = this.raw.chains[raw];
    if (!chain || !pkg) return { kind: "unknown", reason: "its chain is missing from the summaries" };
    const step = ([p, path, line]: [number, string, number, ...unknown[]], label: string): LibraryStep => {
      const owner = this.raw.packages[p]!;
      return { library: { package: owner.name, version: owner.version }, path, line, label };
    };
    const [, , , code, what] = chain.e;
    return {
      kind: "db",
      package: pkg.name,
      version: pkg.version,
      steps: [...chain.s.map((s) => step(s, s[3])), step(chain.e, `\`${code}\` ${what}`)],
    };
  }
}
