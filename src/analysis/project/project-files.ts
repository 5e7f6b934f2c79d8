// What a Python project's packaging files say about where its packages live and which Django
// apps it registers, read statically (setup.py is parsed, never run):
//   pyproject.toml  [tool.setuptools] package-dir, [tool.setuptools.packages.find] where,
//                   [tool.poetry] packages = [{ include, from }], hatch's wheel `packages` and
//                   `sources`; entry points in [project.entry-points.GROUP] and
//                   [tool.poetry.plugins.GROUP]
//   setup.cfg       [options] package_dir, packages = find: with [options.packages.find] where;
//                   [options.entry_points]
//   setup.py        setup(package_dir={...}, packages=find_packages("src"|where="src"),
//                   entry_points={GROUP: [...]}), a dict or list also through a module-level name
// The project's own directory is a root too. Paths are relative to the file's directory.
//
// Entry points register Django apps in plugin systems: a group counts when its last part is
// `djangoapp`, `djangoapps`, `django_app` or `django_apps` (Open edX's `lms.djangoapp` and
// `cms.djangoapp`). Each `name = module.path:Attr` becomes an INSTALLED_APPS-like entry:
// `module.path.Attr` when Attr is a class name (capitalised), else the module `module.path`.
import { parse as parseToml } from "smol-toml";
import { dirOf, joinDir } from "./modules.js";
import { parsePython, type SyntaxNode } from "../summaries/parser.js";
import { cfgList, cfgPairs, parseSetupCfg } from "./setup-cfg.js";

export const PROJECT_FILE = /(^|\/)(pyproject\.toml|setup\.cfg|setup\.py)$/;

/** Entry-point groups whose entries are Django apps. */
export const APP_GROUP = /(^|[.:])django_?apps?$/i;

export interface ProjectLayout {
  /** Source roots: "" or a directory ending in "/". */
  roots: string[];
  /** Packages mapped to directories (no trailing slash). */
  packages: Array<[name: string, dir: string]>;
  /** INSTALLED_APPS-like entries registered through entry points. */
  apps: string[];
}

/** Reads one packaging file; throws an Error whose message names the problem (the caller names the file). */
export function readProjectFile(path: string, text: string): ProjectLayout {
  const dir = dirOf(path);
  const layout: ProjectLayout = { roots: [], packages: [], apps: [] };
  const name = path.slice(dir.length);
  if (name === "pyproject.toml") readPyproject(dir, text, layout);
  else if (name === "setup.cfg") readSetupCfg(dir, text, layout);
  else readSetupPy(dir, text, layout);
  return layout;
}

function addRoot(layout: ProjectLayout, dir: string, rel: string): void {
  const root = joinDir(dir, rel);
  if (root !== undefined && !layout.roots.includes(root)) layout.roots.push(root);
}

/** `package-dir`/`package_dir` pairs: "" maps the root, a name maps one package. */
function packageDir(layout: ProjectLayout, dir: string, pairs: Array<[string, unknown]>): void {
  for (const [name, target] of pairs) {
    if (typeof target !== "string") continue;
    if (name === "") addRoot(layout, dir, target);
    else {
      const mapped = joinDir(dir, target);
      if (mapped) layout.packages.push([name, mapped.replace(/\/$/, "")]);
    }
  }
}

function entryPoints(layout: ProjectLayout, groups: Array<[string, unknown]>): void {
  for (const [group, value] of groups) {
    if (!APP_GROUP.test(group)) continue;
    const specs: string[] = [];
    if (typeof value === "string") specs.push(...value.split("\n"));
    else if (Array.isArray(value)) specs.push(...value.filter((v): v is string => typeof v === "string"));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (typeof v === "string") specs.push(`${k} = ${v}`);
    for (const spec of specs) {
      const entry = appEntry(spec);
      if (entry && !layout.apps.includes(entry)) layout.apps.push(entry);
    }
  }
}

/** `name = module.path:Attr [extra]` -> `module.path.Attr` (a class) or `module.path`. */
export function appEntry(spec: string): string | undefined {
  const m = /^\s*[^=]+?\s*=\s*([A-Za-z_][\w.]*)\s*(?::\s*([A-Za-z_][\w.]*))?\s*(\[.*\])?\s*$/.exec(spec);
  if (!m) return undefined;
  const [, module, attr] = m;
  return attr && /^[A-Z]/.test(attr) ? `${module}.${attr}` : module;
}

type Table = Record<string, unknown>;
const table = (value: unknown): Table | undefined => (value && typeof value === "object" && !Array.isArray(value) ? (value as Table) : undefined);
const strings = (value: unknown): string[] =>
  typeof value === "string" ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

function readPyproject(dir: string, text: string, layout: ProjectLayout): void {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (error) {
    throw new Error(`invalid TOML: ${(error as Error).message.split("\n")[0]}`);
  }
  const tool = table(doc.tool) ?? {};
  const isProject = ["project", "build-system"].some((k) => k in doc) || ["poetry", "setuptools", "hatch", "flit", "pdm"].some((k) => k in tool);
  if (!isProject) return;
  addRoot(layout, dir, "");
  const setuptools = table(tool.setuptools);
  packageDir(layout, dir, Object.entries(table(setuptools?.["package-dir"]) ?? {}));
  for (const where of strings(table(table(setuptools?.packages)?.find)?.where)) addRoot(layout, dir, where);
  const poetry = table(tool.poetry);
  for (const item of Array.isArray(poetry?.packages) ? poetry.packages : []) {
    const from = table(item)?.from;
    if (table(item)?.include !== undefined) addRoot(layout, dir, typeof from === "string" ? from : "");
  }
  const hatchBuild = table(table(tool.hatch)?.build);
  for (const build of [hatchBuild, table(table(hatchBuild?.targets)?.wheel)]) {
    for (const pkg of strings(build?.packages)) addRoot(layout, dir, dirOf(pkg.replace(/\/+$/, "")));
    const sources = build?.sources;
    for (const source of Array.isArray(sources)
      ? strings(sources)
      : Object.entries(table(sources) ?? {})
          .filter(([, to]) => to === "")
          .map(([from]) => from)) {
      addRoot(layout, dir, source);
    }
  }
  entryPoints(layout, Object.entries(table(table(doc.project)?.["entry-points"]) ?? {}));
  entryPoints(layout, Object.entries(table(poetry?.plugins) ?? {}));
}

function readSetupCfg(dir: string, text: string, layout: ProjectLayout): void {
  const cfg = parseSetupCfg(text);
  if (!cfg.has("metadata") && !cfg.has("options")) return;
  addRoot(layout, dir, "");
  const options = cfg.get("options");
  packageDir(layout, dir, cfgPairs(options?.get("package_dir")));
  if (/^find(_namespace)?:/.test(options?.get("packages") ?? "")) {
    for (const where of cfgList(cfg.get("options.packages.find")?.get("where"))) addRoot(layout, dir, where);
  }
  entryPoints(layout, [...(cfg.get("options.entry_points") ?? new Map<string, string>())]);
}

function readSetupPy(dir: string, text: string, layout: ProjectLayout): void {
  if (!/\bsetup\s*\(/.test(text)) return;
  const root = parsePython(text).rootNode;
  const names = new Map<string, SyntaxNode>();
  for (const statement of root.namedChildren) {
    const assign = statement.type === "expression_statement" ? statement.namedChildren[0] : undefined;
    const left = assign?.type === "assignment" ? assign.childForFieldName("left") : undefined;
    const right = assign?.childForFieldName("right");
    if (left?.type === "identifier" && right) names.set(left.text, right);
  }
  const value = (node: SyntaxNode | null | undefined): SyntaxNode | undefined => (node?.type === "identifier" ? names.get(node.text) : (node ?? undefined));
  for (const call of root.descendantsOfType("call")) {
    if (!/(^|\.)setup$/.test(call.childForFieldName("function")?.text ?? "")) continue;
    addRoot(layout, dir, "");
    for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
      if (arg.type !== "keyword_argument") continue;
      const key = arg.childForFieldName("name")?.text;
      const node = value(arg.childForFieldName("value"));
      if (key === "package_dir") packageDir(layout, dir, dictPairs(node));
      else if (key === "packages" && node?.type === "call" && /(^|\.)find_(namespace_)?packages$/.test(node.childForFieldName("function")?.text ?? "")) {
        const args = node.childForFieldName("arguments")?.namedChildren ?? [];
        const where =
          args.find((a) => a.type !== "keyword_argument") ?? args.find((a) => a.childForFieldName("name")?.text === "where")?.childForFieldName("value");
        const path = where ? literal(where) : undefined;
        if (path !== undefined) addRoot(layout, dir, path);
      } else if (key === "entry_points") {
        entryPoints(
          layout,
          dictPairs(node).map(([group, v]) => [group, v]),
        );
      }
    }
  }

  function dictPairs(node: SyntaxNode | undefined): Array<[string, unknown]> {
    if (node?.type !== "dictionary") return [];
    const pairs: Array<[string, unknown]> = [];
    for (const pair of node.namedChildren) {
      if (pair.type !== "pair") continue;
      const key = literal(pair.childForFieldName("key"));
      const v = value(pair.childForFieldName("value"));
      if (key === undefined || !v) continue;
      if (v.type === "list" || v.type === "tuple") pairs.push([key, v.namedChildren.map(literal).filter((s) => s !== undefined)]);
      else pairs.push([key, literal(v)]);
    }
    return pairs;
  }
}

/** A plain string literal's value. */
function literal(node: SyntaxNode | null | undefined): string | undefined {
  if (node?.type !== "string" || node.namedChildren.some((c) => c.type === "interpolation")) return undefined;
  return node.text.replace(/^[rRuU]*(['"]{1,3})([\s\S]*)\1$/, "$2");
}
