// Captures that may evaluate a queryset (iteration, conditions, membership, indexing, form
// choices) or read django-constance; an `if`/`elif` that a guard decides marks dead ranges.
import { CONSTANCE_CONFIG } from "../knowledge/library-overrides.js";
import { codeOf } from "./code-of.js";
import { isQueryset, kindOf, steppedSlice } from "../knowledge/django-orm.js";
import { guardValue, mayBeGuard } from "./guards.js";
import { locationOf, startOf, type SyntaxNode, textOf } from "./parser.js";
import { storeReads } from "../knowledge/settings-stores.js";
import type { SummaryState } from "./summary-state.js";

/** `if name():` / `elif name():`, a call of a plain or dotted name without arguments: a guard helper, maybe. */
const GUARD_CALL = /^(?:el)?if\s+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\(\s*\)\s*:/;

export function evaluated(state: SummaryState, at: SyntaxNode, expr: SyntaxNode, what: string): void {
  if (!state.executable() || !state.interesting(textOf(expr))) return;
  const kind = kindOf(expr, state.kindOfName);
  if (isQueryset(kind)) {
    state.add({ kind: "db", location: locationOf(state.path, at), code: codeOf(at), what });
  } else if (kind === "parameter" && expr.type === "identifier") {
    state.add({ kind: "db", location: locationOf(state.path, at), code: codeOf(at), what, param: textOf(expr) });
  }
}

export function branch(state: SummaryState, node: SyntaxNode, isIf: boolean): void {
  const text = textOf(node);
  const guardCall = GUARD_CALL.exec(text)?.[1];
  const scope = guardCall ? state.executable() : undefined;
  let body: SyntaxNode | null | undefined;
  if (guardCall && scope && (body = node.childForFieldName("consequence"))) {
    state.conditions.push({ start: startOf(body), end: body.endIndex, callee: guardCall, scope });
  }
  if (!mayBeGuard(text) && !state.interesting(text)) return;
  const condition = node.childForFieldName("condition");
  if (!condition) return;
  const value = mayBeGuard(textOf(condition)) ? guardValue(condition) : undefined;
  body ??= node.childForFieldName("consequence");
  if (value === false && body) state.dead.push([body.startIndex, body.endIndex]);
  if (value === true && !isIf) {
    // A true elif: the branches after it in the same chain never run.
    const chain = node.parent;
    if (chain) state.dead.push([node.endIndex, chain.endIndex]);
  }
  if (value === true && isIf) {
    for (const alt of node.childrenForFieldName("alternative")) state.dead.push([alt.startIndex, alt.endIndex]);
    const last = body?.lastNamedChild?.type;
    const parent = node.parent;
    if ((last === "return_statement" || last === "raise_statement") && parent) state.dead.push([node.endIndex, parent.endIndex]);
  }
  if (value === undefined) {
    evaluated(state, condition, condition, "evaluates a queryset");
    storeReads(state, condition);
  }
}

export function membership(state: SummaryState, node: SyntaxNode): void {
  if (!state.interesting(textOf(node))) return;
  const operators = node.children.filter((c) => !c.isNamed).map((c) => c.type);
  const right = node.namedChildren[1];
  if (right && (operators.includes("in") || operators.includes("not in"))) {
    evaluated(state, node, right, "evaluates a queryset");
  }
}

export function subscript(state: SummaryState, node: SyntaxNode): void {
  if (!state.interesting(textOf(node))) return;
  const value = node.childForFieldName("value");
  const sub = node.childForFieldName("subscript");
  if (!value || !sub || (sub.type === "slice" && !steppedSlice(sub))) return;
  evaluated(state, node, value, "evaluates a queryset");
}

export function constance(state: SummaryState, node: SyntaxNode): void {
  const scope = state.executable();
  if (!scope) return;
  const binding = scope.fn?.bindings.get("config") ?? state.summary.bindings.get("config");
  if (binding?.dotted !== CONSTANCE_CONFIG.dotted) return;
  if (node.parent?.type === "call" && node.parent.childForFieldName("function")?.id === node.id) return;
  state.add({ kind: "db", location: locationOf(state.path, node), code: codeOf(node), what: CONSTANCE_CONFIG.what });
}
