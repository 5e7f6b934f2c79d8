// Conditions whose value under a pre-forking server is known from the code alone. Under
// gunicorn or uWSGI `sys.argv` holds the server's own arguments (never "runserver" or
// "migrate"), Django's autoreloader variable RUN_MAIN is unset, and `__name__` is never
// "__main__" in a module the server imports. A function whose body is one `return` of such a
// condition (`def is_main_thread(): return "runserver" in sys.argv`) says the same value where
// `if is_main_thread():` calls it: the work under that `if` is dropped by the walk.
import { type SyntaxNode, textOf } from "./parser.js";

const ARGV = /^sys\.argv(\[[^\]]*\])?$/;
const ENV_READ = /^(os\.environ\.get|os\.getenv|environ\.get|getenv)$/;

/** Whether a condition mentions what this module can evaluate; cheap text test first. */
export function mayBeGuard(text: string): boolean {
  return text.includes("argv") || text.includes("RUN_MAIN") || text.includes("__main__");
}

/** true or false under gunicorn/uWSGI when the code says so; undefined when it depends. */
export function guardValue(node: SyntaxNode): boolean | undefined {
  switch (node.type) {
    case "parenthesized_expression":
      return node.namedChildren[0] ? guardValue(node.namedChildren[0]) : undefined;
    case "not_operator": {
      const arg = node.childForFieldName("argument");
      const value = arg ? guardValue(arg) : undefined;
      return value === undefined ? undefined : !value;
    }
    case "boolean_operator":
      return booleanValue(node);
    case "comparison_operator":
      return comparisonValue(node);
    case "call":
      return envRead(node) ? false : undefined;
    default:
      return undefined;
  }
}

function booleanValue(node: SyntaxNode): boolean | undefined {
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  const a = left ? guardValue(left) : undefined;
  const b = right ? guardValue(right) : undefined;
  if (node.childForFieldName("operator")?.type === "and") {
    if (a === false || b === false) return false;
    return a === true && b === true ? true : undefined;
  }
  if (a === true || b === true) return true;
  return a === false && b === false ? false : undefined;
}

function comparisonValue(node: SyntaxNode): boolean | undefined {
  const operands = node.namedChildren;
  if (operands.length !== 2) return undefined;
  const [left, right] = operands as [SyntaxNode, SyntaxNode];
  const op = node.children
    .filter((c) => !c.isNamed)
    .map((c) => c.type)
    .join(" ");
  const lit = stringValue(left) ?? stringValue(right);
  const other = stringValue(left) !== undefined ? right : left;
  let equal: boolean | undefined;
  if (op === "in" || op === "not in") {
    if (lit === undefined) return undefined;
    const container = textOf(right);
    if (ARGV.test(container)) equal = container === "sys.argv[0]" ? lit.includes("gunicorn") || lit.includes("uwsgi") : false;
    else if (/^os\.environ$/.test(container) && lit === "RUN_MAIN") equal = false;
    else return undefined;
    return op === "in" ? equal : !equal;
  }
  if (op === "==" || op === "!=") {
    // A module a server imports is never run as the main program.
    if (textOf(other) === "__name__" && lit === "__main__") return op !== "==";
    if (ARGV.test(textOf(other)) && textOf(other) !== "sys.argv" && lit !== undefined) {
      equal = lit.includes("gunicorn") || lit.includes("uwsgi") ? undefined : false;
    } else if (other.type === "call" && envRead(other)) equal = false;
    else if (ARGV.test(textOf(other)) && right.type === "list") equal = false;
    if (equal === undefined) return undefined;
    return op === "==" ? equal : !equal;
  }
  return undefined;
}

/** `os.environ.get("RUN_MAIN")`, `os.getenv("RUN_MAIN")`: unset under a server. */
function envRead(call: SyntaxNode): boolean {
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments")?.namedChildren ?? [];
  return !!fn && ENV_READ.test(textOf(fn)) && args.length === 1 && stringValue(args[0]!) === "RUN_MAIN";
}

function stringValue(node: SyntaxNode): string | undefined {
  if (node.type !== "string") return undefined;
  return textOf(node).replace(/^[rRbBuU]*(['"]{1,3})([\s\S]*)\1$/, "$2");
}
