// Evaluates a Python setting that reads the environment, such as
// `os.environ.get("PRELOAD", "false").lower() == "true"` or `env.bool("PRELOAD", default=True)`,
// to the variable that decides it and the value it takes when the variable is unset.
import type { SyntaxNode } from "../summaries/parser.js";
import { stringValue } from "./python-hooks.js";

type Value = string | number | boolean | null | undefined;

const LOOKUPS = /^(os\.)?(environ\.get|getenv|environ\.setdefault)$|^(env|environ|config)(\.(bool|str|int))?$/;

export interface EnvSetting {
  variable: string;
  /** The setting's value when the variable is unset; undefined when it cannot be told. */
  fallback: boolean | undefined;
}

/** The environment variable an expression reads, and its value without it. */
export function envSetting(node: SyntaxNode): EnvSetting | undefined {
  const lookup = findLookup(node);
  if (!lookup) return undefined;
  const value = evaluate(node, lookup);
  return { variable: lookup.variable, fallback: value === undefined ? undefined : toBool(value) };
}

interface Lookup {
  node: SyntaxNode;
  variable: string;
  fallback: Value;
}

function findLookup(node: SyntaxNode): Lookup | undefined {
  for (const candidate of [node, ...node.descendantsOfType(["call", "subscript"])]) {
    if (candidate.type === "subscript") {
      const variable = stringArg(candidate.childForFieldName("subscript"));
      if (/(^|\.)environ$/.test(candidate.childForFieldName("value")?.text ?? "") && variable) {
        return { node: candidate, variable, fallback: undefined };
      }
      continue;
    }
    if (candidate.type !== "call") continue;
    const callee = candidate.childForFieldName("function")?.text ?? "";
    if (!LOOKUPS.test(callee)) continue;
    const args = candidate.childForFieldName("arguments")?.namedChildren ?? [];
    const variable = stringArg(args[0]);
    if (!variable) continue;
    const keyword = args.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "default");
    const defaultNode = keyword?.childForFieldName("value") ?? args.find((a, i) => i > 0 && a.type !== "keyword_argument");
    let fallback: Value = defaultNode ? literal(defaultNode) : null;
    if (callee.endsWith(".bool") || args.some((a) => a.text.replace(/\s/g, "") === "cast=bool")) {
      fallback = fallback === undefined ? undefined : toBool(fallback);
    }
    return { node: candidate, variable, fallback };
  }
  return undefined;
}

function stringArg(node: SyntaxNode | null | undefined): string | undefined {
  return node ? stringValue(node) : undefined;
}

function literal(node: SyntaxNode): Value {
  switch (node.type) {
    case "string":
      return stringValue(node);
    case "true":
      return true;
    case "false":
      return false;
    case "none":
      return null;
    case "integer":
      return Number(node.text);
    default:
      return undefined;
  }
}

/** Python's meaning of the expression with the lookup replaced by its default. */
function evaluate(node: SyntaxNode, lookup: Lookup): Value {
  if (node.id === lookup.node.id) return lookup.fallback;
  switch (node.type) {
    case "parenthesized_expression":
      return node.namedChildren[0] ? evaluate(node.namedChildren[0], lookup) : undefined;
    case "not_operator": {
      const inner = evaluate(node.childForFieldName("argument")!, lookup);
      return inner === undefined ? undefined : !pythonTruth(inner);
    }
    case "boolean_operator": {
      const left = evaluate(node.childForFieldName("left")!, lookup);
      const right = evaluate(node.childForFieldName("right")!, lookup);
      if (left === undefined || right === undefined) return undefined;
      const op = node.childForFieldName("operator")?.text;
      return op === "and" ? (pythonTruth(left) ? right : left) : pythonTruth(left) ? left : right;
    }
    case "comparison_operator":
      return compare(node, lookup);
    case "call":
      return call(node, lookup);
    default:
      return literal(node);
  }
}

function call(node: SyntaxNode, lookup: Lookup): Value {
  const callee = node.childForFieldName("function")!;
  const args = node.childForFieldName("arguments")?.namedChildren ?? [];
  if (callee.type === "attribute") {
    const method = callee.childForFieldName("attribute")?.text;
    const target = evaluate(callee.childForFieldName("object")!, lookup);
    if (typeof target !== "string") return undefined;
    if (method === "lower" || method === "casefold") return target.toLowerCase();
    if (method === "upper") return target.toUpperCase();
    if (method === "strip") return target.trim();
    return undefined;
  }
  const arg = args[0] ? evaluate(args[0], lookup) : undefined;
  if (arg === undefined) return undefined;
  switch (callee.text.split(".").pop()) {
    case "bool":
      return pythonTruth(arg);
    case "int":
      return Number(arg);
    case "str":
      return String(arg);
    case "strtobool":
      return typeof arg === "string" ? ["y", "yes", "t", "true", "on", "1"].includes(arg.toLowerCase()) : undefined;
    default:
      return undefined;
  }
}

function compare(node: SyntaxNode, lookup: Lookup): Value {
  const [left, right] = node.namedChildren;
  const op = node.children
    .filter((c) => !c.isNamed)
    .map((c) => c.type)
    .join(" ");
  if (!left || !right) return undefined;
  const a = evaluate(left, lookup);
  if (a === undefined) return undefined;
  if (op === "in" || op === "not in") {
    if (!["tuple", "list", "set"].includes(right.type)) return undefined;
    const found = right.namedChildren.map(literal).includes(a);
    return op === "in" ? found : !found;
  }
  const b = evaluate(right, lookup);
  if (b === undefined) return undefined;
  if (op === "==") return a === b;
  if (op === "!=") return a !== b;
  return undefined;
}

/** A setting's truth as gunicorn reads it: strings "true"/"false", otherwise Python truthiness. */
export function toBool(value: Exclude<Value, undefined>): boolean {
  if (typeof value === "string") return ["true", "1", "yes", "y", "on", "t"].includes(value.trim().toLowerCase());
  return Boolean(value);
}

/** Python's `bool()`: any non-empty string is true, "false" included. */
function pythonTruth(value: Exclude<Value, undefined>): boolean {
  if (typeof value === "string") return value.length > 0;
  return Boolean(value);
}
