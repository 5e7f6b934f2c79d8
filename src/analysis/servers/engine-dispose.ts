// A gunicorn hook that disposes a SQLAlchemy engine's pool: `engine.dispose()`,
// `db.engine.dispose(close=False)`, Flask-SQLAlchemy's `db.engine.dispose()`. SQLAlchemy's
// pooling docs ("Using Connection Pools with Multiprocessing or os.fork()") recommend
// `dispose(close=False)` in the child, or `dispose()` in the parent before fork.
import { locationOf, type SyntaxNode } from "../summaries/parser.js";
import type { Location } from "../types.js";

export interface DisposeCall {
  location: Location;
  /** `close=False`: the child drops the pool without closing the parent's connections. */
  keepsParent: boolean;
}

/** The first `.dispose(...)` call in `fn` or in module functions it calls. */
export function disposeCall(path: string, fn: SyntaxNode, defs: Map<string, SyntaxNode>, seen = new Set<SyntaxNode>()): DisposeCall | undefined {
  if (seen.has(fn)) return undefined;
  seen.add(fn);
  for (const call of fn.descendantsOfType("call")) {
    const callee = call.childForFieldName("function");
    if (callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "dispose") {
      const args = call.childForFieldName("arguments")?.namedChildren ?? [];
      const keepsParent = args.some(
        (a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "close" && a.childForFieldName("value")?.type === "false",
      );
      return { location: locationOf(path, call), keepsParent };
    }
    if (callee?.type === "identifier") {
      const helper = defs.get(callee.text);
      const found = helper && disposeCall(path, helper, defs, seen);
      if (found) return found;
    }
  }
  return undefined;
}
