// The call capture's second question: does this call start something a forked worker does not
// inherit whole? A thread or a scheduler started (`threading.Thread(...).start()`,
// `scheduler.start()`), a client from the table (clients.ts) created, or database work through
// an ORM's own pool (sqlalchemy.ts: a query, a session commit, `create_all()`, a migration;
// peewee.ts: a connection opened on a Database).
// Names are qualified through the file's imports: `Thread` is threading's only when imported
// from it.
import { codeOf } from "../summaries/code-of.js";
import type { HazardEffect } from "../summaries/facts.js";
import { forkClientOf, UNSAFE_CLIENT_WORDS } from "./clients.js";
import { locationOf, maybeTextOf, type SyntaxNode, textOf } from "../summaries/parser.js";
import { qualify } from "../summaries/qualify.js";
import type { SummaryState } from "../summaries/summary-state.js";
import { PEEWEE_WORDS, peeweeWork } from "./peewee.js";
import { SQLALCHEMY_WORDS, sqlalchemyWork } from "./sqlalchemy.js";

const THREADS = new Set(["threading.Thread", "threading.Timer", "_thread.start_new_thread", "_thread.start_new", "thread.start_new_thread"]);
/** APScheduler's schedulers but the blocking one, Flask-APScheduler's, and timeloop's (a thread per job: timeloop/app.py). */
const SCHEDULER = /^apscheduler\.schedulers\.\w+\.(?!Blocking)\w*Scheduler$|^flask_apscheduler\.APScheduler$|^timeloop\.Timeloop$/;
/** Words one of which a call's text must hold to be worth a closer look. */
const WORDS = /start|Thread|Timer/;
const CLIENT_WORDS = new RegExp(UNSAFE_CLIENT_WORDS.map((w) => `\\b${w}\\b`).join("|"));

/** Words without which a module cannot start a hazard: the prefilter parses modules that hold one. */
export const HAZARD_WORDS: readonly string[] = [
  "Thread",
  "Timer",
  "cheduler",
  "Timeloop",
  "start_new",
  ...SQLALCHEMY_WORDS,
  ...PEEWEE_WORDS,
  ...UNSAFE_CLIENT_WORDS,
];

/** The hazard this call starts, or undefined. */
export function hazardCall(state: SummaryState, node: SyntaxNode, text: string): HazardEffect | undefined {
  const database = sqlalchemyWork(state, node, text) ?? peeweeWork(state, node, text);
  if (database) return database;
  if (!WORDS.test(text) && !CLIENT_WORDS.test(text)) return undefined;
  const fn = node.childForFieldName("function");
  if (!fn) return undefined;
  const effect = (hazard: HazardEffect["hazard"], what: string, library?: string, byName?: boolean): HazardEffect => ({
    kind: "hazard",
    hazard,
    what,
    location: locationOf(state.path, node),
    code: codeOf(node, text),
    ...(library ? { library } : {}),
    ...(byName ? { byName: true } : {}),
  });
  const qualified = qualify(state, textOf(fn));
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
    if (started === "scheduler by name") return effect("scheduler", "starts a scheduler", undefined, true);
    return undefined;
  }
  return undefined;
}

/** What `object.start()` starts: a thread, a scheduler (known, or told by its name), or neither as far as the code tells. */
function startedClass(state: SummaryState, object: SyntaxNode): "thread" | "scheduler" | "scheduler by name" | undefined {
  let cls: string | undefined;
  if (object.type === "call") cls = maybeTextOf(object.childForFieldName("function"));
  else if (object.type === "identifier") {
    cls = state.objectOf(textOf(object));
    if (!cls && /scheduler/i.test(textOf(object))) return "scheduler by name";
  } else if (object.type === "attribute") {
    // `self.worker = Thread(...)` earlier in the same method, or an attribute named like a scheduler.
    cls = state.objectOf(textOf(object));
    if (!cls && /(^|_)scheduler$/i.test(maybeTextOf(object.childForFieldName("attribute")) ?? "")) return "scheduler by name";
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

function lazyClient(call: SyntaxNode, lazyWhen: { keyword: string; value: string } | undefined): boolean {
  if (!lazyWhen) return false;
  return (call.childForFieldName("arguments")?.namedChildren ?? []).some(
    (a) =>
      a.type === "keyword_argument" &&
      maybeTextOf(a.childForFieldName("name")) === lazyWhen.keyword &&
      maybeTextOf(a.childForFieldName("value")) === lazyWhen.value,
  );
}
