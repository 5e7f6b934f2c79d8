// APScheduler schedulers whose job store is in the database. `start()` starts each job store
// and writes the pending jobs to it there and then: SQLAlchemyJobStore creates its table through
// its engine whatever; django-apscheduler's DjangoJobStore touches nothing when it starts, and
// saves through the ORM only the jobs added before start() (`add_job()`, `@scheduled_job`, that
// package's `@register_job(scheduler, ...)`): with none, its queries run later on the
// scheduler's own thread. The store is
// chosen by configuration at run time, so the summariser reads it from the code that configures
// the scheduler, in the same function or module:
//   scheduler = BackgroundScheduler(jobstores={"default": SQLAlchemyJobStore(url=...)})
//   scheduler.add_jobstore(DjangoJobStore(), "default")
//   scheduler.configure(jobstores=stores)          (stores = {...} bound earlier)
// A scheduler with the default in-memory store (or a Redis/MongoDB one) is not database work.
// A module-level scheduler is kept in FileSummary.databaseSchedulers, for a module that imports
// it and calls start() (the walk resolves that call, resolver.ts).
import { codeOf } from "../summaries/code-of.js";
import type { DbEffect } from "../summaries/facts.js";
import { qualify } from "../summaries/qualify.js";
import { locationOf, maybeTextOf, type SyntaxNode, textOf } from "../summaries/parser.js";
import type { Scope, SummaryState } from "../summaries/summary-state.js";

/** Job stores that keep their jobs in a SQL database, by qualified name. */
const DATABASE_STORES = new Map([
  ["apscheduler.jobstores.sqlalchemy.SQLAlchemyJobStore", "SQLAlchemyJobStore"],
  ["django_apscheduler.jobstores.DjangoJobStore", "DjangoJobStore"],
]);
const STORE_NAMES = new Set(DATABASE_STORES.values());
/** Any APScheduler scheduler (a blocking one loads its jobs on start() too). */
const SCHEDULER = /^apscheduler\.schedulers\.\w+\.\w*Scheduler$|^flask_apscheduler\.APScheduler$/;
/** Text without which an expression cannot hold a database job store. */
const STORE_WORD = /JobStore|sqlalchemy/;
/** Methods that give a scheduler its job stores. */
const CONFIGURING = new Set(["add_jobstore", "configure"]);
/** Methods that add a job: before start() it waits, and start() writes it to the store. */
const ADDING = new Set(["add_job", "scheduled_job"]);
/** django-apscheduler's decorator: `@register_job(scheduler, ...)` adds the function as a job of that scheduler. */
const REGISTER_JOB = "django_apscheduler.jobstores.register_job";
/** Marks a store read from a Django setting: `setting:SCHEDULER_CONFIG`. */
const SETTING = "setting:";

/**
 * The database store a setting's text names, if any: a job store class or its plugin alias, as
 * APScheduler's configuration dicts spell them (`"class": "django_apscheduler.jobstores:DjangoJobStore"`,
 * `"type": "sqlalchemy"`, `SQLAlchemyJobStore(...)`).
 */
export function settingStore(text: string): "SQLAlchemyJobStore" | "DjangoJobStore" | undefined {
  if (/SQLAlchemyJobStore|["']type["']\s*:\s*["']sqlalchemy["']/.test(text)) return "SQLAlchemyJobStore";
  if (/DjangoJobStore/.test(text)) return "DjangoJobStore";
  return undefined;
}

/** The store whose start() touches the database with no job pending. */
const STARTS_CONNECTED = "SQLAlchemyJobStore";

/** `name = ...`: a scheduler built with a database store, or a value (a dict) that holds one. */
export function jobStoreAssignment(state: SummaryState, scope: Scope, name: string, right: SyntaxNode, text: string): void {
  scope.schedulers?.delete(name);
  scope.jobStores?.delete(name);
  if (!/Scheduler|JobStore|sqlalchemy/.test(text) && !(right.type === "identifier" && scope.jobStores)) return;
  const fn = right.type === "call" ? maybeTextOf(right.childForFieldName("function")) : undefined;
  if (fn && SCHEDULER.test(qualify(state, fn) ?? "")) {
    const store = storeIn(state, right.childForFieldName("arguments"));
    if (store) (scope.schedulers ??= new Map()).set(name, store);
    return;
  }
  const store = storeIn(state, right);
  if (store) (scope.jobStores ??= new Map()).set(name, store);
}

/** Whether a call's text may configure or start a scheduler: tested before the tree is read. */
export function mayUseJobStore(text: string): boolean {
  return /\.\s*(add_jobstore|configure|start|add_job|scheduled_job)\s*\(|register_job\s*\(/.test(text);
}

/**
 * `scheduler.add_jobstore(DjangoJobStore())` / `scheduler.configure(jobstores=...)` marks the
 * scheduler; `scheduler.start()` on a marked one is database work, returned as the effect.
 */
export function jobStoreCall(state: SummaryState, node: SyntaxNode): DbEffect | undefined {
  const fn = node.childForFieldName("function");
  const called = fn ? textOf(fn) : "";
  if (/(^|\.)register_job$/.test(called) && qualify(state, called) === REGISTER_JOB) {
    const first = node.childForFieldName("arguments")?.namedChildren[0];
    const scope = state.executable();
    if (first?.type === "identifier" && scope) (scope.pendingJobs ??= new Set()).add(textOf(first));
    return undefined;
  }
  const object = fn?.type === "attribute" ? fn.childForFieldName("object") : undefined;
  const method = maybeTextOf(fn?.childForFieldName("attribute")) ?? "";
  // A name, or an attribute of self the same method set (`self.scheduler`).
  if (object?.type !== "identifier" && !(object?.type === "attribute" && /^self\.[A-Za-z_]\w*$/.test(textOf(object)))) return undefined;
  if (CONFIGURING.has(method)) {
    const store = storeIn(state, node.childForFieldName("arguments"));
    if (store) {
      const scope = ownerOf(state, textOf(object)) ?? state.executable();
      if (scope) (scope.schedulers ??= new Map()).set(textOf(object), store);
    }
    return undefined;
  }
  if (ADDING.has(method)) {
    // Pending for a start() later in this scope or a scope inside it (not for other functions).
    const scope = state.executable();
    if (scope) (scope.pendingJobs ??= new Set()).add(textOf(object));
    return undefined;
  }
  if (method !== "start") return undefined;
  const store = lookup(state, textOf(object), "schedulers");
  const setting = store?.startsWith(SETTING) ? store.slice(SETTING.length) : undefined;
  if (setting) {
    return {
      kind: "db",
      location: locationOf(state.path, node),
      code: codeOf(node),
      what: `starts an APScheduler configured from settings.${setting}, whose job store is in the database: start() writes and loads its jobs there`,
      setting: { name: setting, pendingJobs: hasPendingJobs(state, textOf(object)) },
    };
  }
  if (!store || (store !== STARTS_CONNECTED && !hasPendingJobs(state, textOf(object)))) return undefined;
  return {
    kind: "db",
    location: locationOf(state.path, node),
    code: codeOf(node),
    what: `starts an APScheduler whose job store is in the database (${store}): start() writes and loads its jobs there`,
  };
}

/** Whether jobs were added to the scheduler of this name, in this function or a scope around it. */
export function hasPendingJobs(state: SummaryState, name: string): boolean {
  return state.stack.some((scope) => scope.pendingJobs?.has(name));
}

/** Module-level schedulers with a database store: true when start() touches the database whatever, false when only with jobs added. */
export function moduleSchedulers(module: Scope): Map<string, boolean> | undefined {
  if (!module.schedulers || module.schedulers.size === 0) return undefined;
  // A store read from a setting is judged where start() is called in the same module only.
  const known = [...module.schedulers].filter(([, store]) => !store.startsWith(SETTING));
  if (known.length === 0) return undefined;
  return new Map(known.map(([name, store]) => [name, store === STARTS_CONNECTED || !!module.pendingJobs?.has(name)]));
}

/** The database job store an expression builds or names, by its short name. */
function storeIn(state: SummaryState, node: SyntaxNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "identifier") return lookup(state, textOf(node), "jobStores");
  if (STORE_WORD.test(textOf(node))) {
    for (const call of node.descendantsOfType("call")) {
      const name = maybeTextOf(call.childForFieldName("function")) ?? "";
      const qualified = qualify(state, name);
      const store = qualified ? DATABASE_STORES.get(qualified) : STORE_NAMES.has(name) ? name : undefined;
      if (store) return store;
    }
    // A store given by its plugin alias: {"type": "sqlalchemy", "url": ...}.
    if (/["']type["']\s*:\s*["']sqlalchemy["']/.test(textOf(node))) return "SQLAlchemyJobStore";
  }
  // A configuration held in a Django setting: the walk reads the setting (settingStore).
  const setting = /\bsettings\.([A-Z][A-Z0-9_]*)\b/.exec(textOf(node));
  if (setting) return `${SETTING}${setting[1]}`;
  for (const name of node.descendantsOfType("identifier")) {
    const store = lookup(state, textOf(name), "jobStores");
    if (store) return store;
  }
  return undefined;
}

/** The nearest scope that binds `name` to an instance (a scheduler), if any. */
function ownerOf(state: SummaryState, name: string): Scope | undefined {
  for (let i = state.stack.length - 1; i >= 0; i--) {
    const scope = state.stack[i]!;
    if (scope.objects?.has(name) || scope.schedulers?.has(name)) return scope;
  }
  return undefined;
}

function lookup(state: SummaryState, name: string, what: "schedulers" | "jobStores"): string | undefined {
  for (let i = state.stack.length - 1; i >= 0; i--) {
    const scope = state.stack[i]!;
    const found = scope[what]?.get(name);
    if (found) return found;
    if (scope.objects?.has(name) || scope.vars.has(name)) return undefined;
  }
  return undefined;
}
