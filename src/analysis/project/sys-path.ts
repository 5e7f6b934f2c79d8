// Directories a settings module, manage.py or wsgi.py puts on sys.path, read statically:
// `sys.path.insert(0, X)`, `sys.path.append(X)`, `sys.path.extend([X, ...])`,
// `site.addsitedir(X)`, where X is a path expression this evaluates over the file's own names:
//   __file__, os.path.dirname/abspath/realpath/normpath/join, os.getcwd(), Path(...),
//   .parent, .parents[n], .resolve(), .absolute(), / "apps", .joinpath(...), str(...),
//   names assigned earlier in the file (BASE_DIR = Path(__file__).resolve().parent.parent),
//   and string literals. A relative literal is taken from the working directory a deployment
//   runs in: the nearest directory at or above the file that holds a manage.py, else the file's
//   own. Absolute paths and anything else are left out. Directories outside the repository, or
//   holding no file, are no roots.
import { dirOf, joinDir } from "./modules.js";
import { parsePython, type SyntaxNode } from "../summaries/parser.js";

const PASS_THROUGH = /(^|\.)(abspath|realpath|normpath|fspath|expanduser|str|resolve|absolute)$/;
const PATH_CLASS = /(^|\.)(Path|PurePath|PosixPath)$/;
const SYS_PATH_CALL = /^(sys\.path\.(insert|append|extend)|site\.addsitedir)$/;

/** A path value: a repository-relative path, "" for the root; a file path for `__file__`. */
type Value = string | undefined;

/** The directories added, each with whether it goes ahead of everything (`insert(0, ...)`). */
export function sysPathRoots(path: string, text: string, pathSet: ReadonlySet<string>): Array<{ dir: string; first: boolean }> {
  if (!/sys\.path|addsitedir/.test(text)) return [];
  const root = parsePython(text).rootNode;
  const cwd = workingDirectory(path, pathSet);
  const env = new Map<string, Value>();
  const events = [...root.descendantsOfType("assignment"), ...root.descendantsOfType("call")].sort((a, b) => a.startIndex - b.startIndex);
  const found: Array<{ dir: string; first: boolean }> = [];
  const evaluate = (node: SyntaxNode | null | undefined): Value => evaluatePath(node, path, cwd, env);
  for (const node of events) {
    if (node.type === "assignment") {
      const left = node.childForFieldName("left");
      if (left?.type === "identifier") env.set(left.text, evaluate(node.childForFieldName("right")));
      continue;
    }
    const fn = node.childForFieldName("function")?.text ?? "";
    const match = SYS_PATH_CALL.exec(fn);
    if (!match) continue;
    const args = (node.childForFieldName("arguments")?.namedChildren ?? []).filter((a) => a.type !== "keyword_argument");
    const targets =
      match[2] === "insert"
        ? args.slice(1, 2)
        : match[2] === "extend"
          ? args[0]?.type === "list" || args[0]?.type === "tuple"
            ? args[0].namedChildren
            : []
          : args.slice(0, 1);
    const first = match[2] === "insert" && args[0]?.text === "0";
    for (const target of targets) {
      const value = evaluate(target);
      const dir = value === undefined ? undefined : value === "" ? "" : `${value}/`;
      if (dir !== undefined && holdsFiles(dir, pathSet)) found.push({ dir, first });
    }
  }
  return found;
}

function evaluatePath(node: SyntaxNode | null | undefined, file: string, cwd: string, env: ReadonlyMap<string, Value>): Value {
  const again = (n: SyntaxNode | null | undefined) => evaluatePath(n, file, cwd, env);
  if (!node) return undefined;
  switch (node.type) {
    case "identifier":
      return node.text === "__file__" ? file : env.get(node.text);
    case "parenthesized_expression":
      return again(node.namedChildren[0]);
    case "string": {
      const text = stringText(node);
      return text === undefined || text.startsWith("/") || text.includes("~") ? undefined : join(cwd, text);
    }
    case "attribute": {
      const attr = node.childForFieldName("attribute")?.text;
      return attr === "parent" ? parent(again(node.childForFieldName("object"))) : undefined;
    }
    case "subscript": {
      // X.parents[n]
      const value = node.childForFieldName("value");
      const index = Number(node.childForFieldName("subscript")?.text);
      if (value?.type !== "attribute" || value.childForFieldName("attribute")?.text !== "parents" || !Number.isInteger(index)) return undefined;
      let out = again(value.childForFieldName("object"));
      for (let i = 0; i <= index; i++) out = parent(out);
      return out;
    }
    case "binary_operator": {
      if (node.childForFieldName("operator")?.text !== "/") return undefined;
      return joinValues(again(node.childForFieldName("left")), node.childForFieldName("right"), again);
    }
    case "call": {
      const fn = node.childForFieldName("function");
      const name = fn?.text ?? "";
      const args = (node.childForFieldName("arguments")?.namedChildren ?? []).filter((a) => a.type !== "keyword_argument");
      if (/(^|\.)getcwd$/.test(name)) return cwd === "" ? "" : cwd.slice(0, -1);
      if (/(^|\.)dirname$/.test(name)) return parent(again(args[0]));
      if (/(^|\.)path\.join$/.test(name) || /\.joinpath$/.test(name)) {
        const base = name.endsWith(".joinpath") && fn?.type === "attribute" ? again(fn.childForFieldName("object")) : again(args[0]);
        const rest = name.endsWith(".joinpath") ? args : args.slice(1);
        return rest.reduce<Value>((acc, a) => joinValues(acc, a, again), base);
      }
      if (PATH_CLASS.test(name)) {
        if (args.length === 0) return cwd === "" ? "" : cwd.slice(0, -1);
        return args.slice(1).reduce<Value>((acc, a) => joinValues(acc, a, again), again(args[0]));
      }
      if (PASS_THROUGH.test(name)) {
        // os.path.abspath(X), str(X), X.resolve(), X.absolute()
        const object = fn?.type === "attribute" && /\.(resolve|absolute|expanduser)$/.test(name) ? fn.childForFieldName("object") : args[0];
        return again(object);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The directory above a path; undefined above the repository root. */
function parent(value: Value): Value {
  if (value === undefined || value === "") return undefined;
  const i = value.lastIndexOf("/");
  return i < 0 ? "" : value.slice(0, i);
}

function join(base: string, rel: string): Value {
  const joined = joinDir(base, rel);
  return joined === undefined ? undefined : joined.replace(/\/$/, "");
}

/** `a / "b"`, `join(a, "b")`: a string part is relative to `a`; any other part is a whole path, as in Python. */
function joinValues(base: Value, part: SyntaxNode | null, evaluate: (n: SyntaxNode | null) => Value): Value {
  if (base === undefined || !part) return undefined;
  if (part.type !== "string") return evaluate(part);
  const text = stringText(part);
  if (text === undefined || text.startsWith("/") || text.includes("~")) return undefined;
  return join(base === "" ? "" : `${base}/`, text);
}

function stringText(node: SyntaxNode): string | undefined {
  if (node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  return node.text.replace(/^[rRuU]*(['"]{1,3})([\s\S]*)\1$/, "$2");
}

function workingDirectory(path: string, pathSet: ReadonlySet<string>): string {
  for (let dir = dirOf(path); ; dir = dirOf(dir.slice(0, -1))) {
    if (pathSet.has(`${dir}manage.py`)) return dir;
    if (dir === "") return dirOf(path);
  }
}

function holdsFiles(dir: string, pathSet: ReadonlySet<string>): boolean {
  if (dir === "") return true;
  for (const p of pathSet) if (p.startsWith(dir)) return true;
  return false;
}
