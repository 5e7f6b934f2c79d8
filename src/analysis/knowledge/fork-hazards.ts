// The call capture's second question: does this call start something a forked worker does not
// inherit whole? A thread or a scheduler started (`threading.Thread(...).start()`,
// `scheduler.start()`), a client from the table (clients.ts) created, or a SQLAlchemy
// engine made to connect (`engine.connect()`, `metadata.create_all(engine)`, `db.create_all()`).
// Names are qualified through the file's imports: `Thread` is threading's only when imported
// from it. `create_engine()` alone opens nothing; an engine built with `poolclass=NullPool`
// keeps no connection, so connecting through it is not reported.
import { codeOf } from "../python/code-of.js";
import type { HazardEffect } from "../python/facts.js";
import { forkClientOf, UNSAFE_CLIENT_WORDS } from "./clients.js";
import { locationOf, maybeTextOf, type SyntaxNode, textOf } from "../python/parser.js";
import type { SummaryState } from "../python/summary-state.js";

const THREADS = new Set(["threading.Thread", "threading.Timer", "_thread.start_new_thread", "_thread.start_new", "thread.start_new_thread"]);
const SCHEDULER = /^apscheduler\.schedulers\.\w+\.(?!Blocking)\w*Scheduler$|^flask_apscheduler\.APScheduler$/;
const CREATE_ENGINE = new Set(["sqlalchemy.create_engine", "sqlalchemy.engine.create_engine"]);
const FLASK_SQLALCHEMY = new Set(["flask_sqlalchemy.SQLAlchemy"]);
const ENGINE_CONNECTS = new Set(["connect", "begin", "execute", "raw_connection"]);
/** Words one of which a call's text must hold to be worth a closer look. */
const WORDS = /start|Thread|Timer|connect|begin|execute|create_all|create_engine|raw_connection/;
const CLIENT_WORDS = new RegExp(UNSAFE_CLIENT_WORDS.map((w) => `\\b${w}\\b`).join("|"));

/** Words without which a module cannot start a hazard: the prefilter parses modules that hold one. */
export const HAZARD_WORDS: readonly string[] = ["Thread", "Timer", "cheduler", "start_new", "engine", "create_all", ...UNSAFE_CLIENT_WORDS];

/** Engines by the name they are bound to, per file being summarised: whether they pool nothing. */
const engines = new WeakMap<SummaryState, Map<string, { nullPool: boolean }>>();

/** The hazard this call starts, or undefined. Also remembers `name = create_engine(...)`. */
export function hazardCall(state: SummaryState, node: SyntaxNode, text: string): HazardEffect | undefined {
  if (!WORDS.test(text) && !CLIENT_WORDS.test(text)) return undefined;
  const fn = node.childForFieldName("function");
  if (!fn) return undefined;
  const effect = (hazard: HazardEffect["hazard"], what: string, library?: string): HazardEffect => ({
    kind: "hazard",
    hazard,
    what,
    location: locationOf(state.path, node),
    code: codeOf(node, text),
    ...(library ? { library } : {}),
  });
  const qualified = qualify(state, textOf(fn));
  if (qualified && CREATE_ENGINE.has(qualified)) {
    rememberEngine(state, node);
    return undefined;
  }
  if (qualified && THREADS.has(qualified) && qualified.includes("start_new")) return effect("thread", "starts a thread");
  const client = qualified ? forkClientOf(qualified) : undefined;
  if (client) return client.forkSafe || lazyClient(node, client.lazyWhen) ? undefined : effect("client", `creates ${client.creates}`, client.library);
  if (fn.type !== "attribute") return undefined;
  const method = maybeTextOf(fn.childForFieldName("attribute")) ?? "";
  const object = fn.childForFieldName("object");
  if (!object) return undefined;
  if (method === "start") {
    const started = startedClass(state, object);
    if (started === "thread") return effect("thread", "starts a thread");
    if (started === "scheduler") return effect("scheduler", "starts a scheduler");
    return undefined;
  }
  if (ENGINE_CONNECTS.has(method) && pooledEngine(state, object)) return effect("engine-connect", "connects a SQLAlchemy engine");
  if (method === "create_all" && createsTables(state, object, node)) {
    return effect("engine-connect", "connects to the database to create tables");
  }
  return undefined;
}

/** What `object.start()` starts: a thread, a scheduler, or neither as far as the code tells. */
function startedClass(state: SummaryState, object: SyntaxNode): "thread" | "scheduler" | undefined {
  let cls: string | undefined;
  if (object.type === "call") cls = maybeTextOf(object.childForFieldName("function"));
  else if (object.type === "identifier") {
    cls = state.objectOf(textOf(object));
    if (!cls && /scheduler/i.test(textOf(object))) return "scheduler";
  } else if (object.type === "attribute" && /(^|_)scheduler$/i.test(maybeTextOf(object.childForFieldName("attribute")) ?? "")) {
    return "scheduler";
  }
  if (!cls) return undefined;
  const qualified = qualify(state, cls);
  if (qualified && THREADS.has(qualified)) return "thread";
  if (qualified && SCHEDULER.test(qualified)) return "scheduler";
  // A class of this file that subclasses Thread.
  const local = state.summary.classes.get(cls);
  if (local?.bases.some((base) => THREADS.has(qualify(state, base) ?? ""))) return "thread";
  return undefined;
}

function rememberEngine(state: SummaryState, call: SyntaxNode): void {
  const parent = call.parent;
  const left = parent?.type === "assignment" ? parent.childForFieldName("left") : undefined;
  if (left?.type !== "identifier") return;
  const nullPool = (call.childForFieldName("arguments")?.namedChildren ?? []).some(
    (a) =>
      a.type === "keyword_argument" &&
      maybeTextOf(a.childForFieldName("name")) === "poolclass" &&
      /(^|\.)NullPool$/.test(maybeTextOf(a.childForFieldName("value")) ?? ""),
  );
  let known = engines.get(state);
  if (!known) engines.set(state, (known = new Map<string, { nullPool: boolean }>()));
  known.set(textOf(left), { nullPool });
}

/** An engine bound in this file (without NullPool), or an attribute named `engine` (`db.engine`). */
function pooledEngine(state: SummaryState, object: SyntaxNode): boolean {
  if (object.type === "identifier") {
    const known = engines.get(state)?.get(textOf(object));
    return known ? !known.nullPool : false;
  }
  return object.type === "attribute" && maybeTextOf(object.childForFieldName("attribute")) === "engine";
}

/** `metadata.create_all(engine)`, `Base.metadata.create_all(bind=engine)`, Flask-SQLAlchemy's `db.create_all()`. */
function createsTables(state: SummaryState, object: SyntaxNode, call: SyntaxNode): boolean {
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  const bound = args.map((a) => (a.type === "keyword_argument" ? a.childForFieldName("value") : a)).find((a) => a?.type === "identifier");
  if (bound && engines.get(state)?.get(textOf(bound))?.nullPool) return false;
  if (/(^|\.)metadata$/.test(textOf(object))) return true;
  if (object.type !== "identifier") return false;
  // Flask-SQLAlchemy's object, imported from where the app defines it: `from shop.models import db`.
  if (/^(db|database)$/.test(textOf(object))) return true;
  const cls = state.objectOf(textOf(object));
  const qualified = cls ? qualify(state, cls) : qualify(state, textOf(object));
  return qualified !== undefined && FLASK_SQLALCHEMY.has(qualified);
}

function lazyClient(call: SyntaxNode, lazyWhen: { keyword: string; value: string } | undefined): boolean {
  if (!lazyWhen) return false;
  return (call.childForFieldName("arguments")?.namedChildren ?? []).some(
    (a) =>
      a.type === "keyword_argument" &&
      maybeTextOf(a.childForFieldName("name")) === lazyWhen.keyword &&
      maybeTextOf(a.childForFieldName("value")) === lazyWhen.value,
  );
}

/** `Thread` → `threading.Thread` when imported so; undefined for a name no import binds. */
export function qualify(state: SummaryState, expression: string): string | undefined {
  if (!/^[A-Za-z_][\w.]*$/.test(expression)) return undefined;
  const dot = expression.indexOf(".");
  const head = dot < 0 ? expression : expression.slice(0, dot);
  const rest = dot < 0 ? "" : expression.slice(dot);
  const binding = state.bindingOf(head);
  return binding ? binding.dotted + rest : undefined;
}
