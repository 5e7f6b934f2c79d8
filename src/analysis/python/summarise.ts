// Turns one parsed file into its FileSummary with a single native query: the captures arrive
// in source order, and a stack of scopes (module, classes, functions, lambdas) tells where each
// belongs. Branches that a guard makes dead under a pre-forking server are skipped.
import { createRequire } from "node:module";
import type Parser from "tree-sitter";
import type { Location } from "../types.js";
import { databaseCall, isQueryset, kindOf, steppedSlice, type Kind } from "./expressions.js";
import type { ClassFacts, Effect, FileSummary, FunctionFacts } from "./facts.js";
import { guardValue, mayBeGuard } from "./guards.js";
import { importBindings } from "./imports.js";
import { parameterCall, parameterNames, querysetArguments } from "./parameters.js";
import type { ModuleIndex } from "./modules.js";
import { locationOf, parsePython, type SyntaxNode } from "./parser.js";

const require = createRequire(import.meta.url);
const TreeSitter = require("tree-sitter") as typeof Parser;
const Python = require("tree-sitter-python") as Parser.Language;

const QUERY_SOURCE = `
(function_definition) @fn
(class_definition) @class
(lambda) @lambda
(call) @call
(for_statement right: (_) @iter)
(for_in_clause right: (_) @iter)
(if_statement) @if
(elif_clause) @elif
(while_statement condition: (_) @cond)
(not_operator argument: (_) @cond)
(comparison_operator) @cmp
(subscript) @subscript
(assignment) @assign
(import_statement) @import
(import_from_statement) @import
`;
// Patterns with text predicates, which the binding checks in JavaScript for every candidate
// node: compiled in only for files that contain the word.
const OPTIONAL_PATTERNS: Array<[word: string, pattern: string]> = [
  ["choices", `(keyword_argument name: (identifier) @kw (#eq? @kw "choices") value: (_) @choices)`],
  ["constance", `(attribute object: (identifier) @cfg (#eq? @cfg "config")) @constance`],
];
const queries = new Map<string, Parser.Query>();

function queryFor(text: string): Parser.Query {
  const extra = OPTIONAL_PATTERNS.filter(([word]) => text.includes(word)).map(([, pattern]) => pattern);
  const key = extra.join("\n");
  let query = queries.get(key);
  if (!query) {
    query = new TreeSitter.Query(Python, QUERY_SOURCE + key);
    queries.set(key, query);
  }
  return query;
}

/** Words without which an expression cannot be database work (names bound to querysets aside). */
const DATABASE_WORD = /objects|_manager|cursor|connection|introspection|call_command|_is_active|get_solo|get_model|config|\[::|\[\s*-?\d/;
const CALLEE = /^((?:super\(\)\.)?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\(/;
const CLOSE_ALL = /^(django\.)?(db\.)?connections\.close_all\(\)$/;
const SETUP_CALL = /(^|\.)get_[wa]sgi_application$/;
const MODEL_BASE = /(^|\.)\w*Model$/;
/** A class by Python's naming convention: `Loader`, `warmers.CarrierWarmer`. */
const CLASS_NAME = /^(?:[A-Za-z_]\w*\.)*_?[A-Z]\w*$/;
/** Text of a call that may be `SomeClass(...).method(...)`. */
const INSTANCE_METHOD_CALL = /\)\s*\.\s*[A-Za-z_]\w*\s*\(/;

interface Scope {
  type: "module" | "function" | "class" | "lambda";
  end: number;
  vars: Map<string, Kind>;
  /** Names bound to an instance of a class written `Name(...)`: the class expression. */
  objects?: Map<string, string>;
  fn?: FunctionFacts;
  cls?: ClassFacts;
}

export type SummaryResult = { summary: FileSummary } | { skipped: string };

/**
 * Parses and summarises a file; a file with nothing usable comes back skipped, with the reason.
 * `importTimeOnly` leaves function bodies unread (most of a module's text, and of the cost),
 * for a module the walk needs only for what importing it runs. When that code calls or
 * instantiates something the module itself defines, the bodies matter: it is summarised in full.
 */
export function summarise(path: string, text: string, index: ModuleIndex, importTimeOnly = false): SummaryResult {
  const tree = parsePython(text);
  const root = tree.rootNode;
  if (root.hasError && text.trim() !== "" && !root.namedChildren.some((c) => c.type !== "ERROR" && c.type !== "comment")) {
    const error = root.descendantsOfType("ERROR")[0] ?? root;
    return { skipped: `syntax error at line ${error.startPosition.row + 1}` };
  }
  const query = queryFor(text);
  if (importTimeOnly) {
    const summary = new Summariser(path, index, root.endIndex).runImportTime(root, query);
    if (summary) return { summary };
  }
  return { summary: new Summariser(path, index, root.endIndex).run(root, query) };
}

class Summariser {
  private readonly summary: FileSummary;
  private readonly stack: Scope[];
  private readonly dead: Array<[number, number]> = [];
  private readonly isModelsFile: boolean;
  /** Names ever bound to a queryset, manager or instance in this file: text that mentions none is skipped fast. */
  private readonly tracked = new Set<string>();

  constructor(
    private readonly path: string,
    private readonly index: ModuleIndex,
    end: number,
  ) {
    this.summary = { path, bindings: new Map(), functions: new Map(), classes: new Map(), moduleEffects: [] };
    this.stack = [{ type: "module", end, vars: new Map() }];
    this.isModelsFile = /(^|\/)models(\.py|\/)/.test(path);
  }

  run(root: SyntaxNode, query: Parser.Query): FileSummary {
    for (const { name, node } of query.captures(root)) {
      const start = node.startIndex;
      while (this.stack.length > 1 && this.stack[this.stack.length - 1]!.end <= start) this.stack.pop();
      if (this.dead.some(([a, b]) => start >= a && start < b)) continue;
      this.capture(name, node);
    }
    return this.summary;
  }

  /**
   * The import-time code alone: every statement but the bodies of functions (a class body runs,
   * its methods' bodies do not). Undefined when that code uses a name the module defines.
   */
  runImportTime(root: SyntaxNode, query: Parser.Query): FileSummary | undefined {
    const defined = new Set<string>();
    const visit = (statements: SyntaxNode[]) => {
      for (const statement of statements) {
        const definition = statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
        if (statement.type === "decorated_definition") {
          for (const decorator of statement.namedChildren) if (decorator.type === "decorator") this.runOn(decorator, query);
        }
        if (definition?.type === "function_definition") {
          defined.add(definition.childForFieldName("name")?.text ?? "");
        } else if (definition?.type === "class_definition") {
          defined.add(definition.childForFieldName("name")?.text ?? "");
          this.pop(definition.startIndex);
          this.capture("class", definition);
          const superclasses = definition.childForFieldName("superclasses");
          if (superclasses) this.runOn(superclasses, query);
          visit(definition.childForFieldName("body")?.namedChildren ?? []);
        } else {
          this.runOn(statement, query);
        }
      }
    };
    visit(root.namedChildren);
    const usesOwn = this.summary.moduleEffects.some((e) => e.kind === "call" && defined.has((e.receiver ?? e.callee).split(".")[0]!));
    if (usesOwn) return undefined;
    this.summary.importTimeOnly = true;
    return this.summary;
  }

  private runOn(node: SyntaxNode, query: Parser.Query): void {
    for (const { name, node: captured } of query.captures(node)) {
      const start = captured.startIndex;
      this.pop(start);
      if (this.dead.some(([a, b]) => start >= a && start < b)) continue;
      this.capture(name, captured);
    }
  }

  private pop(start: number): void {
    while (this.stack.length > 1 && this.stack[this.stack.length - 1]!.end <= start) this.stack.pop();
  }

  private capture(name: string, node: SyntaxNode): void {
    switch (name) {
      case "fn": return this.enterFunction(node);
      case "class": return this.enterClass(node);
      case "lambda": this.stack.push({ type: "lambda", end: node.endIndex, vars: new Map() }); return;
      case "call": return this.call(node);
      case "iter": case "cond": return this.evaluated(node, node, "evaluates a queryset");
      case "if": case "elif": return this.branch(node, name === "if");
      case "cmp": return this.membership(node);
      case "subscript": return this.subscript(node);
      case "assign": return this.assign(node);
      case "import": return this.importStatement(node);
      case "choices": return this.evaluated(node, node, "evaluates a queryset for form field choices");
      case "constance": return this.constance(node);
    }
  }

  // --- scopes -------------------------------------------------------------------------------

  private enterFunction(node: SyntaxNode): void {
    const name = node.childForFieldName("name")?.text ?? "<function>";
    const parent = this.stack[this.stack.length - 1]!;
    const owner = this.executable();
    const key = parent.cls ? `${parent.cls.key}.${name}` : owner?.fn ? `${owner.fn.key}.${name}` : name;
    const params = parameterNames(node);
    const facts: FunctionFacts = { key, name, params, effects: [], bindings: new Map(), nested: new Map() };
    if (parent.cls) {
      facts.className = parent.cls.key;
      parent.cls.methods.set(name, key);
    } else if (parent.fn) {
      facts.parentKey = parent.fn.key;
      parent.fn.nested.set(name, key);
    }
    const last = node.childForFieldName("body")?.lastNamedChild;
    if (last?.type === "expression_statement" && CLOSE_ALL.test(last.text)) facts.closeAll = locationOf(this.path, last);
    this.summary.functions.set(key, facts);
    const vars = new Map<string, Kind>(params.map((p) => [p, "parameter"]));
    if (parent.cls && this.isModel(parent.cls)) {
      vars.set("self", "instance");
      vars.set("cls", "model");
      this.tracked.add("self");
    }
    this.stack.push({ type: "function", end: node.endIndex, vars, fn: facts });
  }

  private enterClass(node: SyntaxNode): void {
    const name = node.childForFieldName("name")?.text ?? "<class>";
    const owner = this.executable();
    const key = owner?.fn ? `${owner.fn.key}.${name}` : name;
    const bases = (node.childForFieldName("superclasses")?.namedChildren ?? [])
      .filter((b) => b.type !== "keyword_argument")
      .map((b) => b.text);
    const cls: ClassFacts = { key, name, bases, methods: new Map(), location: locationOf(this.path, node) };
    this.summary.classes.set(key, cls);
    if (this.isModel(cls)) owner?.vars.set(name, "model");
    this.stack.push({ type: "class", end: node.endIndex, vars: new Map(), cls });
  }

  private isModel(cls: ClassFacts): boolean {
    return cls.bases.some((b) => MODEL_BASE.test(b)) || (this.isModelsFile && !cls.key.includes("."));
  }

  /** The function or module whose code runs this capture; undefined inside a lambda. */
  private executable(): Scope | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const scope = this.stack[i]!;
      if (scope.type === "lambda") return undefined;
      if (scope.type !== "class") return scope;
    }
    return undefined;
  }

  /** Whether source text could hold database work, judged from the text alone. */
  private interesting(text: string): boolean {
    if (DATABASE_WORD.test(text)) return true;
    for (const name of this.tracked) if (text.includes(name)) return true;
    return this.executable()?.fn?.params.some((p) => p && text.includes(p)) ?? false;
  }

  private kindOfName = (name: string): Kind | undefined => {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const kind = this.stack[i]!.vars.get(name);
      if (kind) return kind;
    }
    return undefined;
  };

  private add(effect: Effect): void {
    const scope = this.executable();
    if (!scope) return;
    (scope.fn ? scope.fn.effects : this.summary.moduleEffects).push(effect);
  }

  // --- captures -----------------------------------------------------------------------------

  private call(node: SyntaxNode): void {
    if (!this.executable()) return;
    const text = node.text;
    const what = this.interesting(text) ? databaseCall(node, this.kindOfName) : undefined;
    if (what) return this.add({ kind: "db", location: locationOf(this.path, node), code: codeOf(node, text), what });
    const onParam = this.executable()?.fn && this.interesting(text) ? parameterCall(node, this.kindOfName) : undefined;
    if (onParam) return this.add({ kind: "db", location: locationOf(this.path, node), code: codeOf(node, text), ...onParam });
    const called = CALLEE.exec(text)?.[1];
    if (!called) return;
    const method = this.methodOnInstance(node, text, called);
    const callee = method?.callee ?? called;
    if (SETUP_CALL.test(callee) && this.executable()?.type === "module" && this.summary.effectsBeforeSetup === undefined) {
      this.summary.effectsBeforeSetup = this.summary.moduleEffects.length;
    }
    const querysetArgs = this.interesting(text) ? querysetArguments(node, this.kindOfName) : [];
    this.add({
      kind: "call", location: locationOf(this.path, node), code: codeOf(node, text), callee,
      ...(querysetArgs.length > 0 ? { querysetArgs } : {}),
      ...(method ? { receiver: method.receiver } : {}),
    });
  }

  /**
   * `name.method()` on a name bound to `SomeClass(...)`, or `SomeClass(...).method()`. `called`
   * is the name before the first parenthesis; the text is tested before the tree is read.
   */
  private methodOnInstance(call: SyntaxNode, text: string, called: string): { callee: string; receiver: string } | undefined {
    const dot = called.indexOf(".");
    if (dot > 0 && dot === called.lastIndexOf(".")) {
      const receiver = this.objectOf(called.slice(0, dot));
      if (receiver) return { callee: called, receiver };
    }
    if (!CLASS_NAME.test(called) || !INSTANCE_METHOD_CALL.test(text)) return undefined;
    const fn = call.childForFieldName("function");
    const object = fn?.type === "attribute" ? fn.childForFieldName("object") : undefined;
    const method = fn?.childForFieldName("attribute")?.text;
    const receiver = object && method ? this.instantiated(object) : undefined;
    return receiver ? { callee: `${receiver}().${method}`, receiver } : undefined;
  }

  /** The class expression of `Name(...)` when it names a class by Python's convention. */
  private instantiated(node: SyntaxNode): string | undefined {
    if (node.type !== "call") return undefined;
    const name = node.childForFieldName("function")?.text ?? "";
    return CLASS_NAME.test(name) ? name : undefined;
  }

  private objectOf(name: string): string | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const scope = this.stack[i]!;
      const found = scope.objects?.get(name);
      if (found) return found;
      if (scope.vars.has(name)) return undefined;
    }
    return undefined;
  }

  private evaluated(at: SyntaxNode, expr: SyntaxNode, what: string): void {
    if (!this.executable() || !this.interesting(expr.text)) return;
    const kind = kindOf(expr, this.kindOfName);
    if (isQueryset(kind)) {
      this.add({ kind: "db", location: locationOf(this.path, at), code: codeOf(at), what });
    } else if (kind === "parameter" && expr.type === "identifier") {
      this.add({ kind: "db", location: locationOf(this.path, at), code: codeOf(at), what, param: expr.text });
    }
  }

  private branch(node: SyntaxNode, isIf: boolean): void {
    const text = node.text;
    if (!mayBeGuard(text) && !this.interesting(text)) return;
    const condition = node.childForFieldName("condition");
    if (!condition) return;
    const value = mayBeGuard(condition.text) ? guardValue(condition) : undefined;
    const body = node.childForFieldName("consequence");
    if (value === false && body) this.dead.push([body.startIndex, body.endIndex]);
    if (value === true && !isIf) {
      // A true elif: the branches after it in the same chain never run.
      const chain = node.parent;
      if (chain) this.dead.push([node.endIndex, chain.endIndex]);
    }
    if (value === true && isIf) {
      for (const alt of node.childrenForFieldName("alternative")) this.dead.push([alt.startIndex, alt.endIndex]);
      const last = body?.lastNamedChild?.type;
      const parent = node.parent;
      if ((last === "return_statement" || last === "raise_statement") && parent) this.dead.push([node.endIndex, parent.endIndex]);
    }
    if (value === undefined) this.evaluated(condition, condition, "evaluates a queryset");
  }

  private membership(node: SyntaxNode): void {
    if (!this.interesting(node.text)) return;
    const operators = node.children.filter((c) => !c.isNamed).map((c) => c.type);
    const right = node.namedChildren[1];
    if (right && (operators.includes("in") || operators.includes("not in"))) {
      this.evaluated(node, right, "evaluates a queryset");
    }
  }

  private subscript(node: SyntaxNode): void {
    if (!this.interesting(node.text)) return;
    const value = node.childForFieldName("value");
    const sub = node.childForFieldName("subscript");
    if (!value || !sub || (sub.type === "slice" && !steppedSlice(sub))) return;
    this.evaluated(node, value, "evaluates a queryset");
  }

  private assign(node: SyntaxNode): void {
    const scope = this.executable();
    if (!scope) return;
    const text = node.text;
    const simple = /^([A-Za-z_]\w*)\s*(?::[^=]*)?=[^=]/.exec(text);
    if (simple && !this.interesting(text) && !/get_user_model|get_model|[A-Z]\w*\(/.test(text)) {
      scope.vars.delete(simple[1]!);
      scope.objects?.delete(simple[1]!);
      return;
    }
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!left || !right) return;
    if (left.type === "identifier") {
      const kind = kindOf(right, this.kindOfName);
      scope.objects?.delete(left.text);
      if (kind && kind !== "parameter") this.bind(scope, left.text, kind);
      else scope.vars.delete(left.text);
      // A model instance keeps both: its kind (for save()) and its class (for its own methods).
      const cls = this.instantiated(right);
      if (cls) (scope.objects ??= new Map()).set(left.text, cls);
      return;
    }
    if (left.type !== "pattern_list" && left.type !== "tuple_pattern") return;
    for (const name of left.namedChildren) if (name.type === "identifier") scope.objects?.delete(name.text);
    if (/_or_create\(/.test(right.text)) {
      const first = left.namedChildren[0];
      if (first?.type === "identifier") this.bind(scope, first.text, "instance");
    }
  }

  private bind(scope: Scope, name: string, kind: Kind): void {
    scope.vars.set(name, kind);
    if (kind !== "model") this.tracked.add(name);
  }

  private importStatement(node: SyntaxNode): void {
    const scope = this.executable();
    if (!scope) return;
    const { bindings, paths, models } = importBindings(node, this.path, this.index);
    const target = scope.fn ? scope.fn.bindings : this.summary.bindings;
    for (const [name, binding] of bindings) target.set(name, binding);
    for (const name of models) scope.vars.set(name, "model");
    if (paths.length > 0) this.add({ kind: "import", location: locationOf(this.path, node), code: codeOf(node), paths });
  }

  private constance(node: SyntaxNode): void {
    const scope = this.executable();
    if (!scope) return;
    const binding = scope.fn?.bindings.get("config") ?? this.summary.bindings.get("config");
    if (binding?.dotted !== "constance.config") return;
    if (node.parent?.type === "call" && node.parent.childForFieldName("function")?.id === node.id) return;
    this.add({ kind: "db", location: locationOf(this.path, node), code: codeOf(node), what: "reads a django-constance setting from the database" });
  }
}

/** Source text on one line, at most 80 characters. */
export function codeOf(node: SyntaxNode, source = node.text): string {
  const text = source.replace(/\s*\n\s*/g, " ");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export type { Location };
