// Maps Python module names to repository paths: `shop.tasks` -> `shop/tasks.py` or
// `shop/tasks/__init__.py` under a source root (the repository root, each directory holding a
// manage.py, and src/ layouts). Relative imports resolve from the importing file's package.

export class ModuleIndex {
  /** Source roots, longest first: "" is the repository root, others end in "/". */
  readonly roots: string[];

  constructor(private readonly pathSet: ReadonlySet<string>) {
    const roots = new Set<string>([""]);
    for (const path of pathSet) {
      if (path === "manage.py" || path.endsWith("/manage.py")) roots.add(path.slice(0, -"manage.py".length));
      if (path.startsWith("src/") && path.endsWith(".py")) roots.add("src/");
    }
    this.roots = [...roots].sort((a, b) => b.length - a.length);
  }

  private readonly absolute = new Map<string, string | undefined>();

  /** The file of an absolute dotted module name, if the repository has it. */
  resolveAbsolute(dotted: string): string | undefined {
    if (this.absolute.has(dotted)) return this.absolute.get(dotted);
    const rel = dotted.split(".").join("/");
    let found: string | undefined;
    for (const root of this.roots) {
      found = this.fileAt(root + rel);
      if (found) break;
    }
    this.absolute.set(dotted, found);
    return found;
  }

  /**
   * The file of a module as `from <module> import ...` in `fromPath` names it: `.services`,
   * `..core.utils`, `shop.tasks`. `dots` leading dots are relative to the importing package.
   */
  resolve(module: string, fromPath: string): string | undefined {
    const dots = /^\.*/.exec(module)![0].length;
    if (dots === 0) return this.resolveAbsolute(module);
    const parts = fromPath.split("/").slice(0, -1);
    for (let i = 1; i < dots; i++) parts.pop();
    const rest = module.slice(dots);
    const base = [...parts, ...(rest ? rest.split(".") : [])].join("/");
    return rest ? this.fileAt(base) : this.packageFile(base);
  }

  /** The dotted name of a file under its source root: `shop/tasks.py` -> `shop.tasks`. */
  dottedName(path: string): string {
    const root = this.roots.find((r) => path.startsWith(r)) ?? "";
    return path
      .slice(root.length)
      .replace(/(\/__init__)?\.py$/, "")
      .split("/")
      .join(".");
  }

  /** `base.py` or `base/__init__.py`. */
  fileAt(base: string): string | undefined {
    if (this.pathSet.has(`${base}.py`)) return `${base}.py`;
    return this.packageFile(base);
  }

  private packageFile(dir: string): string | undefined {
    const init = dir ? `${dir}/__init__.py` : "__init__.py";
    return this.pathSet.has(init) ? init : undefined;
  }
}

/** The directory of a file, with a trailing slash ("" at the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i + 1);
}
