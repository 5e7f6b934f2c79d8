// Captures that open a scope: functions (with their key, parameters and a trailing
// connections.close_all()) and classes (with their bases; models bind their name).
import { taskProxyOf } from "../knowledge/task-queues.js";
import type { Kind } from "../knowledge/django-orm.js";
import type { ClassFacts, FunctionFacts } from "./facts.js";
import { guardValue, mayBeGuard } from "./guards.js";
import { parameterNames } from "./parameters.js";
import { locationOf, maybeTextOf, type SyntaxNode, textOf } from "./parser.js";
import { newScope, type SummaryState } from "./summary-state.js";

/** The name a definition's text starts with, when it is plain ASCII (otherwise the tree is asked). */
const DEF_NAME = /^(?:async\s+)?def\s+([A-Za-z_]\w*)(?![\w\u0080-\uffff])/;
const CLASS_DEF_NAME = /^class\s+([A-Za-z_]\w*)(?![\w\u0080-\uffff])/;
const CLOSE_ALL = /^(django\.)?(db\.)?connections\.close_all\(\)$/;
const MODEL_BASE = /(^|\.)\w*Model$/;
/** A manager or queryset class: `self` in its methods is a manager. */
const MANAGER_BASE = /(^|\.)\w*(Manager|QuerySet)\b/;

export function enterFunction(state: SummaryState, node: SyntaxNode): void {
  const text = textOf(node);
  const name = DEF_NAME.exec(text)?.[1] ?? maybeTextOf(node.childForFieldName("name")) ?? "<function>";
  const parent = state.stack[state.stack.length - 1]!;
  const owner = state.executable();
  const key = parent.cls ? `${parent.cls.key}.${name}` : owner?.fn ? `${owner.fn.key}.${name}` : name;
  const params = parameterNames(node);
  // Every field present from the start: one shape for all functions' facts (see newScope).
  const facts: FunctionFacts = {
    key,
    name,
    params,
    className: undefined,
    parentKey: undefined,
    effects: [],
    bindings: new Map(),
    nested: new Map(),
    closeAll: undefined,
    dynamic: undefined,
    serverValue: mayBeGuard(text) ? returnedGuard(node) : undefined,
    taskProxy: node.parent?.type === "decorated_definition" ? decoratedProxy(state, node.parent) : undefined,
  };
  if (parent.cls) {
    facts.className = parent.cls.key;
    parent.cls.methods.set(name, key);
  } else if (parent.fn) {
    facts.parentKey = parent.fn.key;
    parent.fn.nested.set(name, key);
  }
  const last = text.includes("close_all") ? node.childForFieldName("body")?.lastNamedChild : undefined;
  if (last?.type === "expression_statement" && CLOSE_ALL.test(textOf(last))) facts.closeAll = locationOf(state.path, last);
  state.summary.functions.set(key, facts);
  const vars = new Map<string, Kind>(params.map((p) => [p, "parameter"]));
  if (parent.cls?.bases.some((b) => MANAGER_BASE.test(b))) {
    vars.set("self", "manager");
    state.tracked.add("self");
  } else if (parent.cls && isModel(state, parent.cls)) {
    vars.set("self", "instance");
    vars.set("cls", "model");
    state.tracked.add("self");
  }
  state.stack.push(newScope("function", node.endIndex, vars, facts));
}

/** What calling the function does when a decorator makes it a task proxy (knowledge/task-queues.ts). */
function decoratedProxy(state: SummaryState, definition: SyntaxNode): string | undefined {
  const decorators = definition.namedChildren.filter((c) => c.type === "decorator").map((d) => textOf(d));
  return decorators.length > 0 ? taskProxyOf(state, decorators) : undefined;
}

/** The value under a pre-forking server of a body that is one `return <condition>` (a docstring aside). */
function returnedGuard(fn: SyntaxNode): boolean | undefined {
  const statements = (fn.childForFieldName("body")?.namedChildren ?? []).filter((s) => s.type !== "comment");
  if (statements[0]?.type === "expression_statement" && statements[0].namedChildren[0]?.type === "string") statements.shift();
  const only = statements.length === 1 && statements[0]!.type === "return_statement" ? statements[0]!.namedChildren[0] : undefined;
  return only ? guardValue(only) : undefined;
}

export function enterClass(state: SummaryState, node: SyntaxNode): void {
  const name = CLASS_DEF_NAME.exec(textOf(node))?.[1] ?? maybeTextOf(node.childForFieldName("name")) ?? "<class>";
  const owner = state.executable();
  const key = owner?.fn ? `${owner.fn.key}.${name}` : name;
  const bases = (node.childForFieldName("superclasses")?.namedChildren ?? []).filter((b) => b.type !== "keyword_argument").map((b) => textOf(b));
  const cls: ClassFacts = { key, name, bases, methods: new Map(), attributes: new Map(), location: locationOf(state.path, node) };
  state.summary.classes.set(key, cls);
  if (isModel(state, cls)) owner?.vars.set(name, "model");
  state.stack.push(newScope("class", node.endIndex, new Map(), undefined, cls));
}

function isModel(state: SummaryState, cls: ClassFacts): boolean {
  return cls.bases.some((b) => MODEL_BASE.test(b)) || (state.isModelsFile && !cls.key.includes("."));
}
