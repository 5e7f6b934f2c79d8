// django-constance's `config` handed around. With the database backend every read of a setting
// on it is a query, also where the object arrives as an argument:
//   update_settings(config)                      argument 0 is the store (storeOf)
//   def update_settings(current):
//       settings.EMAIL_HOST = current.EMAIL_HOST  a read on parameter `current` (storeReads)
// A read on a parameter is recorded once per parameter and function, as database work that
// counts only when a caller passes the store there (walk.ts), the way a queryset parameter does.
// Settings names are upper case by convention (`CONSTANCE_CONFIG` keys), so only `p.UPPER_CASE`
// and `getattr(p, ...)` count: `request.user` on a parameter is no read of a store.
import { CONSTANCE_CONFIG } from "./library-overrides.js";
import { codeOf } from "../summaries/code-of.js";
import type { DbEffect, FunctionFacts, SettingsStore } from "../summaries/facts.js";
import { locationOf, type SyntaxNode, textOf } from "../summaries/parser.js";
import type { SummaryState } from "../summaries/summary-state.js";

/** `p.SETTING` (not called) or `getattr(p, ...)`: the parameter read. */
const READ = /\bgetattr\(\s*([A-Za-z_]\w*)\s*,|\b([A-Za-z_]\w*)\.[A-Z][A-Z0-9_]*\b(?!\s*\()/g;

/** Parameters already recorded as read, per function. */
const recorded = new WeakMap<FunctionFacts, Set<string>>();

/** The settings store a name is bound to in this scope (an import of `constance.config`). */
export function storeOf(state: SummaryState, name: string): SettingsStore | undefined {
  return state.bindingOf(name)?.dotted === CONSTANCE_CONFIG.dotted ? "constance" : undefined;
}

/** Reads of a store through the function's parameters in `node`'s text: database work when a caller passes one. */
export function storeReads(state: SummaryState, node: SyntaxNode, text?: string): void {
  const fn = state.executable()?.fn;
  if (!fn || fn.params.length === 0) return;
  const source = text ?? textOf(node);
  if (!fn.params.some((p) => p && source.includes(`${p}.`)) && !source.includes("getattr(")) return;
  for (const match of source.matchAll(READ)) {
    const param = match[1] ?? match[2]!;
    if (!fn.params.includes(param) || state.kindOfName(param) !== "parameter") continue;
    let seen = recorded.get(fn);
    if (!seen) recorded.set(fn, (seen = new Set()));
    if (seen.has(param)) continue;
    seen.add(param);
    const effect: DbEffect = {
      kind: "db",
      location: locationOf(state.path, node),
      code: codeOf(node, source),
      param,
      store: "constance",
      what: `${CONSTANCE_CONFIG.what} (the config object passed in as \`${param}\`)`,
    };
    state.add(effect);
  }
}

/** `getattr(name, ...`: the name, when the text shows it plainly. */
const GETATTR_OF_NAME = /^getattr\s*\(\s*([A-Za-z_]\w*)\s*[,)]/;

/** `getattr(config, name)` on the imported store itself: the same read as `config.NAME`. */
export function storeGetattr(state: SummaryState, call: SyntaxNode): DbEffect | undefined {
  const named = GETATTR_OF_NAME.exec(textOf(call))?.[1];
  if (named !== undefined && !storeOf(state, named)) return undefined;
  const first = call.childForFieldName("arguments")?.namedChildren[0];
  if (first?.type !== "identifier" || !storeOf(state, textOf(first))) return undefined;
  return { kind: "db", location: locationOf(state.path, call), code: codeOf(call), what: CONSTANCE_CONFIG.what };
}
