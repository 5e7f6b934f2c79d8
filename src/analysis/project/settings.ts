// Django settings read statically: which module `DJANGO_SETTINGS_MODULE` names, and the string
// lists a settings module builds at module level (`INSTALLED_APPS = [...]`, `+= [...]`,
// `BASE + [...]`, `.append(...)`, names taken from other modules with `from .base import *`).
// Code under `if`/`try`/`with` counts as if it ran: a list entry only ever adds a startup root.
import type { ModuleIndex } from "./modules.js";
import { maybeTextOf, parsePython, type SyntaxNode, textOf } from "../summaries/parser.js";

/** A list as written: literal strings and names of other lists (`*BASE_APPS`, `BASE_APPS + [...]`). */
export type ListParts = Array<string | { ref: string }>;

export type SettingsStatement = { kind: "import"; path: string; names: string[] | "*" } | { kind: "set" | "add"; name: string; parts: ListParts };

export interface SettingsModule {
  path: string;
  statements: SettingsStatement[];
  /**
   * Other values a startup call may be handed (`BackgroundScheduler(settings.SCHEDULER_CONFIG)`):
   * the source text of names bound to a value that mentions a job store, by name.
   */
  values: Map<string, string>;
}

/** Values worth keeping as text: those that may configure a scheduler's job store. */
const KEPT_VALUE = /JobStore|jobstores|sqlalchemy/i;

const SETTINGS_VARIABLE = "DJANGO_SETTINGS_MODULE";

/** Files read in the first batch: settings modules by their usual names, and those that name one. */
export function settingsCandidates(paths: readonly string[]): string[] {
  return paths.filter((p) => {
    if (!p.endsWith(".py")) return false;
    const name = p.slice(p.lastIndexOf("/") + 1);
    return ["settings.py", "manage.py", "wsgi.py", "asgi.py"].includes(name) || /(^|\/)settings\/[^/]+\.py$/.test(p);
  });
}

/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")` or `os.environ[...] = "..."`. */
export function namedSettingsModules(text: string): string[] {
  if (!text.includes(SETTINGS_VARIABLE)) return [];
  const names: string[] = [];
  const root = parsePython(text).rootNode;
  for (const call of root.descendantsOfType("call")) {
    if (!/(^|\.)environ\.setdefault$/.test(maybeTextOf(call.childForFieldName("function")) ?? "")) continue;
    const [key, value] = call.childForFieldName("arguments")?.namedChildren ?? [];
    if (key && value && stringOf(key) === SETTINGS_VARIABLE) pushString(names, value);
  }
  for (const assign of root.descendantsOfType("assignment")) {
    const left = assign.childForFieldName("left");
    const right = assign.childForFieldName("right");
    if (left?.type !== "subscript" || !right || !/(^|\.)environ$/.test(maybeTextOf(left.childForFieldName("value")) ?? "")) continue;
    const key = left.childForFieldName("subscript");
    if (key && stringOf(key) === SETTINGS_VARIABLE) pushString(names, right);
  }
  return names;
}

/** The module-level list statements of a settings module. */
export function readSettings(path: string, text: string, index: ModuleIndex): SettingsModule {
  const statements: SettingsStatement[] = [];
  const values = new Map<string, string>();
  const visit = (nodes: SyntaxNode[]): void => {
    for (const node of nodes) {
      switch (node.type) {
        case "expression_statement":
          for (const child of node.namedChildren) {
            statement(child, path, index, statements);
            keepValue(child, values);
          }
          break;
        case "import_from_statement":
          importStatement(node, path, index, statements);
          break;
        case "if_statement":
        case "elif_clause":
        case "else_clause":
        case "try_statement":
        case "except_clause":
        case "finally_clause":
        case "with_statement":
        case "block":
          visit(node.namedChildren);
          break;
      }
    }
  };
  visit(parsePython(text).rootNode.namedChildren);
  return { path, statements, values };
}

function keepValue(node: SyntaxNode, values: Map<string, string>): void {
  if (node.type !== "assignment") return;
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  if (left?.type === "identifier" && right && KEPT_VALUE.test(textOf(right))) values.set(textOf(left), textOf(right));
}

function statement(node: SyntaxNode, path: string, index: ModuleIndex, out: SettingsStatement[]): void {
  const left = node.childForFieldName("left");
  const right = node.childForFieldName("right");
  if (node.type === "assignment" && left?.type === "identifier" && right) {
    const parts = listParts(right);
    if (parts) out.push({ kind: "set", name: textOf(left), parts });
  } else if (node.type === "augmented_assignment" && left?.type === "identifier" && right) {
    const parts = listParts(right);
    if (parts && maybeTextOf(node.childForFieldName("operator")) === "+=") out.push({ kind: "add", name: textOf(left), parts });
  } else if (node.type === "call") {
    const fn = node.childForFieldName("function");
    const object = fn?.childForFieldName("object");
    const method = fn?.type === "attribute" ? maybeTextOf(fn.childForFieldName("attribute")) : undefined;
    const args = node.childForFieldName("arguments")?.namedChildren ?? [];
    if (object?.type !== "identifier" || !method) return;
    const arg = method === "insert" ? args[1] : args[0];
    const parts = !arg ? undefined : method === "extend" ? listParts(arg) : method === "append" || method === "insert" ? stringParts(arg) : undefined;
    if (parts) out.push({ kind: "add", name: textOf(object), parts });
  }
}

function importStatement(node: SyntaxNode, path: string, index: ModuleIndex, out: SettingsStatement[]): void {
  const module = maybeTextOf(node.childForFieldName("module_name"));
  const target = module ? index.resolve(module, path) : undefined;
  if (!target) return;
  if (node.namedChildren.some((c) => c.type === "wildcard_import")) {
    out.push({ kind: "import", path: target, names: "*" });
    return;
  }
  const names = node.childrenForFieldName("name").map((n) => (n.type === "aliased_import" ? n.childForFieldName("name") : n)?.text ?? "");
  out.push({ kind: "import", path: target, names: names.filter(Boolean) });
}

/** The parts of a list-valued expression, or undefined when it is not one. */
function listParts(node: SyntaxNode): ListParts | undefined {
  switch (node.type) {
    case "list":
    case "tuple":
    case "set": {
      const parts: ListParts = [];
      for (const item of node.namedChildren) {
        if (item.type === "list_splat" && item.namedChildren[0]?.type === "identifier") parts.push({ ref: item.namedChildren[0].text });
        else pushString(parts, item);
      }
      return parts;
    }
    case "parenthesized_expression":
      return node.namedChildren[0] ? listParts(node.namedChildren[0]) : undefined;
    case "identifier":
      return [{ ref: textOf(node) }];
    case "call": {
      // list(BASE), tuple(BASE)
      const fn = maybeTextOf(node.childForFieldName("function"));
      const arg = node.childForFieldName("arguments")?.namedChildren[0];
      return (fn === "list" || fn === "tuple") && arg ? listParts(arg) : undefined;
    }
    case "binary_operator": {
      if (maybeTextOf(node.childForFieldName("operator")) !== "+") return undefined;
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      const a = left ? listParts(left) : undefined;
      const b = right ? listParts(right) : undefined;
      return a || b ? [...(a ?? []), ...(b ?? [])] : undefined;
    }
    default:
      return undefined;
  }
}

function stringParts(node: SyntaxNode): ListParts | undefined {
  const value = stringOf(node);
  return value === undefined ? undefined : [value];
}

function pushString(out: Array<string | { ref: string }>, node: SyntaxNode): void {
  const value = stringOf(node);
  if (value !== undefined) out.push(value);
}

/** A plain string literal's value; undefined for f-strings and anything else. */
function stringOf(node: SyntaxNode): string | undefined {
  if (node.type !== "string") return undefined;
  const text = textOf(node);
  // Only an f-string (its prefix, before the first quote, holds an f) can interpolate.
  if (/[fF]/.test(text.slice(0, text.search(/['"]/))) && node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  return text.replace(/^[rRuU]*(['"]{1,3})([\s\S]*)\1$/, "$2");
}

/**
 * The strings a list name holds at the end of a settings module, following its statements in
 * order and the modules it imports from. `modules` are those read so far; a module not there
 * contributes nothing (yet).
 */
export function listValue(name: string, path: string, modules: ReadonlyMap<string, SettingsModule>): string[] {
  return environment(path, modules, new Set()).get(name) ?? [];
}

function environment(path: string, modules: ReadonlyMap<string, SettingsModule>, visiting: Set<string>): Map<string, string[]> {
  const env = new Map<string, string[]>();
  const module = modules.get(path);
  if (!module || visiting.has(path)) return env;
  visiting.add(path);
  const resolve = (parts: ListParts) => parts.flatMap((p) => (typeof p === "string" ? [p] : (env.get(p.ref) ?? [])));
  for (const s of module.statements) {
    if (s.kind === "import") {
      for (const [name, value] of environment(s.path, modules, visiting)) {
        if (s.names === "*" || s.names.includes(name)) env.set(name, value);
      }
    } else if (s.kind === "set") {
      env.set(s.name, resolve(s.parts));
    } else {
      env.set(s.name, [...(env.get(s.name) ?? []), ...resolve(s.parts)]);
    }
  }
  visiting.delete(path);
  return env;
}
