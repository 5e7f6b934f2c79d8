// Reading Python server code: calls that close Django's connections, and uWSGI postfork hooks.
import { locationOf, type SyntaxNode } from "../summaries/parser.js";
import type { Location } from "../types.js";

/** Module-level function definitions by name, for following a hook into the helpers it calls. */
export function moduleFunctions(root: SyntaxNode): Map<string, SyntaxNode> {
  const defs = new Map<string, SyntaxNode>();
  for (const node of root.namedChildren) {
    const def = node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
    const name = def?.type === "function_definition" ? def.childForFieldName("name")?.text : undefined;
    if (def && name) defs.set(name, def);
  }
  return defs;
}

/**
 * The first call in `fn` (or in module functions it calls) that closes database connections:
 * `connections.close_all()`, `db.connections.close_all()`, `connection.close()`, or
 * `for c in connections.all(): c.close()`.
 */
export function closeCall(path: string, fn: SyntaxNode, defs: Map<string, SyntaxNode>, seen = new Set<SyntaxNode>()): Location | undefined {
  if (seen.has(fn)) return undefined;
  seen.add(fn);
  for (const call of fn.descendantsOfType("call")) {
    const callee = call.childForFieldName("function");
    if (!callee) continue;
    if (callee.type === "attribute") {
      const object = callee.childForFieldName("object")?.text ?? "";
      const method = callee.childForFieldName("attribute")?.text;
      if (method === "close_all" && /(^|\.)connections$/.test(object)) return locationOf(path, call);
      if (method === "close" && /(^|\.)connection$/.test(object)) return locationOf(path, call);
      if (method === "close" && closesLoopVariable(call, object)) return locationOf(path, call);
    } else if (callee.type === "identifier") {
      const helper = defs.get(callee.text);
      const found = helper && closeCall(path, helper, defs, seen);
      if (found) return found;
    }
  }
  return undefined;
}

/** `c.close()` inside `for c in connections.all():`. */
function closesLoopVariable(call: SyntaxNode, object: string): boolean {
  for (let node = call.parent; node; node = node.parent) {
    if (node.type !== "for_statement") continue;
    const variable = node.childForFieldName("left")?.text;
    const iterable = node.childForFieldName("right")?.text.replace(/\s+/g, "") ?? "";
    if (variable === object && /(^|\.)connections\.all\(\)$/.test(iterable)) return true;
  }
  return false;
}

/** Functions decorated with uWSGI's `@postfork` (anywhere, e.g. under `if postfork:`) that close connections. */
export function postforkClose(path: string, root: SyntaxNode): Location | undefined {
  const defs = moduleFunctions(root);
  for (const node of root.descendantsOfType("decorated_definition")) {
    const decorators = node.namedChildren.filter((c) => c.type === "decorator").map((d) => d.text.replace(/^@\s*/, ""));
    if (!decorators.some((d) => /^(uwsgidecorators\.)?postfork$/.test(d))) continue;
    const def = node.childForFieldName("definition");
    const found = def && closeCall(path, def, defs);
    if (found) return found;
  }
  return undefined;
}

/** The value of a Python string literal, or undefined for anything else (f-strings included). */
export function stringValue(node: SyntaxNode): string | undefined {
  if (node.type !== "string" || node.descendantsOfType("interpolation").length > 0) return undefined;
  const match = /^[rRbBuU]*("""|'''|"|')([\s\S]*)\1$/.exec(node.text);
  return match?.[2];
}
