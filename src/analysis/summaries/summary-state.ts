// What summarising one file keeps as it goes: the FileSummary being built, the stack of scopes
// (module, classes, functions, lambdas) a capture belongs to, the dead ranges a guard cut out,
// and the names bound to querysets, managers or instances.
import { TREE_WORDS, type Kind } from "../knowledge/django-orm.js";
import type { Binding, ClassFacts, Effect, FileSummary, FunctionFacts } from "./facts.js";
import { moduleSchedulers } from "../knowledge/schedulers.js";
import type { ModuleIndex } from "../project/modules.js";

/** Words without which an expression cannot be database work (names bound to querysets aside). */
const DATABASE_WORD = new RegExp(
  [/objects|_manager|cursor|connection|introspection|call_command|_is_active|get_solo|get_model|config|\[::|\[\s*-?\d/.source, ...TREE_WORDS].join("|"),
);

export interface Scope {
  type: "module" | "function" | "class" | "lambda";
  end: number;
  vars: Map<string, Kind>;
  /** Names bound to an instance of a class written `Name(...)`: the class expression. */
  objects?: Map<string, string>;
  /** Names bound to an APScheduler scheduler with a database job store: the store (knowledge/schedulers.ts). */
  schedulers?: Map<string, string>;
  /** Names bound to a value holding a database job store (`jobstores = {...}`): the store. */
  jobStores?: Map<string, string>;
  /** Scheduler names that had a job added here (add_job, @scheduled_job). */
  pendingJobs?: Set<string>;
  fn?: FunctionFacts;
  cls?: ClassFacts;
}

/**
 * A new scope with every field present, in one order, so that all scopes share one shape (the
 * object literal's, which V8 keeps alive): fields added later would give each combination a shape
 * of its own, dying with the last scope that had it, and with it the code compiled for it.
 */
export function newScope(type: Scope["type"], end: number, vars: Map<string, Kind>, fn?: FunctionFacts, cls?: ClassFacts): Scope {
  return { type, end, vars, objects: undefined, schedulers: undefined, jobStores: undefined, pendingJobs: undefined, fn, cls };
}

export class SummaryState {
  readonly summary: FileSummary;
  readonly stack: Scope[];
  readonly dead: Array<[number, number]> = [];
  /** Bodies of `if name():` around the capture and the call they wait on, innermost last (effects there get `onlyIf`). */
  readonly conditions: Array<{ start: number; end: number; callee: string; scope: Scope }> = [];
  /** Where the capture being handled starts. */
  private at = 0;
  readonly isModelsFile: boolean;
  /** Names ever bound to a queryset, manager or instance in this file: text that mentions none is skipped fast. */
  readonly tracked = new Set<string>();

  constructor(
    readonly path: string,
    readonly index: ModuleIndex,
    end: number,
  ) {
    // Every field present from the start: one shape for all files' summaries (see newScope).
    this.summary = {
      path,
      bindings: new Map(),
      functions: new Map(),
      classes: new Map(),
      moduleEffects: [],
      instances: undefined,
      databaseSchedulers: undefined,
      effectsBeforeSetup: undefined,
      importTimeOnly: undefined,
    };
    this.stack = [newScope("module", end, new Map())];
    this.isModelsFile = /(^|\/)models(\.py|\/)/.test(path);
  }

  /** Leaves the scopes that end before `start`. */
  pop(start: number): void {
    this.at = start;
    while (this.conditions.length > 0 && this.conditions[this.conditions.length - 1]!.end <= start) this.conditions.pop();
    while (this.stack.length > 1 && this.stack[this.stack.length - 1]!.end <= start) this.stack.pop();
  }

  /** The function or module whose code runs this capture; undefined inside a lambda. */
  executable(): Scope | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const scope = this.stack[i]!;
      if (scope.type === "lambda") return undefined;
      if (scope.type !== "class") return scope;
    }
    return undefined;
  }

  /** Whether source text could hold database work, judged from the text alone. */
  interesting(text: string): boolean {
    if (DATABASE_WORD.test(text)) return true;
    for (const name of this.tracked) if (text.includes(name)) return true;
    return this.executable()?.fn?.params.some((p) => p && text.includes(p)) ?? false;
  }

  kindOfName = (name: string): Kind | undefined => {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const kind = this.stack[i]!.vars.get(name);
      if (kind) return kind;
    }
    return undefined;
  };

  /** The class expression a name is bound to an instance of, if the nearest binding is one. */
  objectOf(name: string): string | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const scope = this.stack[i]!;
      const found = scope.objects?.get(name);
      if (found) return found;
      if (scope.vars.has(name)) return undefined;
    }
    return undefined;
  }

  /** The import that binds a name here: the enclosing functions' own, then the module's. */
  bindingOf(name: string): Binding | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const found = this.stack[i]!.fn?.bindings.get(name);
      if (found) return found;
    }
    return this.summary.bindings.get(name);
  }

  /** Whether the nearest binding of a name is an import. */
  imported(name: string): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const scope = this.stack[i]!;
      if (scope.fn?.bindings.has(name)) return true;
      if (scope.vars.has(name) || scope.objects?.has(name)) return false;
    }
    return this.summary.bindings.has(name);
  }

  /** Keeps what the module scope bound that other modules may import: instances and schedulers. */
  finish(): FileSummary {
    const module = this.stack[0]!;
    if (module.objects && module.objects.size > 0) this.summary.instances = new Map(module.objects);
    const schedulers = moduleSchedulers(module);
    if (schedulers) this.summary.databaseSchedulers = schedulers;
    return this.summary;
  }

  bind(scope: Scope, name: string, kind: Kind): void {
    scope.vars.set(name, kind);
    if (kind !== "model") this.tracked.add(name);
  }

  add(effect: Effect): void {
    const scope = this.executable();
    if (!scope) return;
    for (let i = this.conditions.length - 1; i >= 0; i--) {
      const { start, end, callee, scope: where } = this.conditions[i]!;
      if (this.at >= start && this.at < end && where === scope) {
        effect.onlyIf = callee;
        break;
      }
    }
    (scope.fn ? scope.fn.effects : this.summary.moduleEffects).push(effect);
  }
}
