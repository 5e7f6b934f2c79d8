// Turns one parsed file into its FileSummary with a single native query (summary-query.ts): the
// captures arrive in source order, and a stack of scopes (summary-state.ts) tells where each
// belongs. Branches that a guard makes dead under a pre-forking server are skipped. The
// handlers live by concern: definitions.ts, calls.ts, evaluations.ts, bindings.ts.
import type Parser from "tree-sitter";
import type { Location } from "../types.js";
import { assign, importStatement, withItem } from "./bindings.js";
import { call } from "./calls.js";
import { enterClass, enterFunction } from "./definitions.js";
import { branch, constance, evaluated, membership, subscript } from "./evaluations.js";
import type { FileSummary } from "./facts.js";
import type { ModuleIndex } from "../project/modules.js";
import { maybeTextOf, parsePython, startOf, type SyntaxNode } from "./parser.js";
import { summaryQuery } from "./summary-query.js";
import { newScope, SummaryState } from "./summary-state.js";

export { codeOf } from "./code-of.js";

export type SummaryResult = { summary: FileSummary } | { skipped: string };

/**
 * Parses and summarises a file; a file with nothing usable comes back skipped, with the reason.
 * `importTimeOnly` leaves function bodies unread (most of a module's text, and of the cost),
 * for a module the walk needs only for what importing it runs. When that code calls or
 * instantiates something the module itself defines, the bodies matter: it is summarised in full.
 *  1. Parse; a file that is nothing but a syntax error is skipped.
 *  2. Pick the query for the file's text.
 *  3. If asked, summarise the import-time code alone; if it uses the module's own names, go on.
 *  4. Summarise every capture of the whole file.
 */
export function summarise(path: string, text: string, index: ModuleIndex, importTimeOnly = false): SummaryResult {
  const tree = parsePython(text);
  const root = tree.rootNode;
  if (root.hasError && text.trim() !== "" && !root.namedChildren.some((c) => c.type !== "ERROR" && c.type !== "comment")) {
    const error = root.descendantsOfType("ERROR")[0] ?? root;
    return { skipped: `syntax error at line ${error.startPosition.row + 1}` };
  }
  const query = summaryQuery(text);
  if (importTimeOnly) {
    const summary = importTimeSummary(new SummaryState(path, index, root.endIndex), root, query);
    if (summary) return { summary };
  }
  const state = new SummaryState(path, index, root.endIndex);
  runOn(state, root, query);
  return { summary: state.finish() };
}

/**
 * The import-time code alone: every statement but the bodies of functions (a class body runs,
 * its methods' bodies do not). Undefined when that code uses a name the module defines.
 */
function importTimeSummary(state: SummaryState, root: SyntaxNode, query: Parser.Query): FileSummary | undefined {
  const defined = new Set<string>();
  const visit = (statements: SyntaxNode[]) => {
    for (const statement of statements) {
      const definition = statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
      if (statement.type === "decorated_definition") {
        for (const decorator of statement.namedChildren) if (decorator.type === "decorator") runOn(state, decorator, query);
      }
      if (definition?.type === "function_definition") {
        defined.add(maybeTextOf(definition.childForFieldName("name")) ?? "");
      } else if (definition?.type === "class_definition") {
        defined.add(maybeTextOf(definition.childForFieldName("name")) ?? "");
        state.pop(startOf(definition));
        capture(state, "class", definition);
        const superclasses = definition.childForFieldName("superclasses");
        if (superclasses) runOn(state, superclasses, query);
        visit(definition.childForFieldName("body")?.namedChildren ?? []);
      } else {
        runOn(state, statement, query);
      }
    }
  };
  visit(root.namedChildren);
  const usesOwn = state.summary.moduleEffects.some((e) => e.kind === "call" && defined.has((e.receiver ?? e.callee).split(".")[0]!));
  if (usesOwn) return undefined;
  state.summary.importTimeOnly = true;
  return state.finish();
}

/** Hands each capture under `node` to its handler, in the scope it belongs to, unless dead. */
function runOn(state: SummaryState, node: SyntaxNode, query: Parser.Query): void {
  for (const { name, node: captured } of query.captures(node)) {
    const start = startOf(captured);
    state.pop(start);
    if (state.dead.some(([a, b]) => start >= a && start < b)) continue;
    capture(state, name, captured);
  }
}

function capture(state: SummaryState, name: string, node: SyntaxNode): void {
  switch (name) {
    case "fn":
      return enterFunction(state, node);
    case "class":
      return enterClass(state, node);
    case "lambda":
      state.stack.push(newScope("lambda", node.endIndex, new Map()));
      return;
    case "call":
      return call(state, node);
    case "iter":
    case "cond":
      return evaluated(state, node, node, "evaluates a queryset");
    case "if":
    case "elif":
      return branch(state, node, name === "if");
    case "cmp":
      return membership(state, node);
    case "subscript":
      return subscript(state, node);
    case "assign":
      return assign(state, node);
    case "with":
      return withItem(state, node);
    case "import":
      return importStatement(state, node);
    case "choices":
      return evaluated(state, node, node, "evaluates a queryset for form field choices");
    case "constance":
      return constance(state, node);
  }
}

export type { Location };
