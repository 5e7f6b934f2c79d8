// Maps Python module names to repository paths: `shop.tasks` -> `shop/tasks.py` or
// `shop/tasks/__init__.py` under a source root, the way a real deployment's sys.path finds it.
// Relative imports resolve from the importing file's package.
//
// Roots from the listing alone (listingRoots): the repository root, each directory holding a
// manage.py, the parent of the project package holding a wsgi.py/asgi.py, and `src/` layouts.
// Roots that need a file's text (package directories named by pyproject.toml, setup.cfg and
// setup.py; `sys.path.insert(...)` in settings, manage.py and wsgi.py) are added by addRoots.
//
// The order an absolute import tries (deterministic, documented in docs/how-it-works.md):
//  1. directories a `sys.path.insert(0, ...)` puts ahead of everything, deepest first;
//  2. the roots that contain the importing file, deepest first (its own project comes first);
//  3. the other roots, deepest first, then in path order;
//  4. as a last resort, the nearest ancestor directory of the importing file under which the
//     dotted path exists (a package, or a dotted path of two names or more: a lone module beside
//     the importer, such as a project's `celery.py`, would shadow the library of that name).
// Package directories named explicitly (`package-dir = {"shop" = "lib/shop_src"}`) come before
// all of these. When more than one root holds the module, the first wins and the others are
// kept as `alternativesOf(chosen)`, so a chain can say which file it chose.

const PROJECT_FILE = /(^|\/)(pyproject\.toml|setup\.cfg|setup\.py)$/;

export class ModuleIndex {
  private rootList: string[];
  /** Roots put ahead of all others (`sys.path.insert(0, ...)`). */
  private firstRoots: string[] = [];
  /** Package names mapped to their directories (no trailing slash). */
  private readonly packageDirs = new Map<string, string>();
  private readonly absolute = new Map<string, string | undefined>();
  private readonly orders = new Map<string, { key: string; roots: string[] }>();
  private readonly ancestors = new Map<string, string | undefined>();
  private nameSet: Set<string> | undefined;
  private readonly choices = new Map<string, Set<string>>();

  /**
   * `sitePackages`: the files are installed packages under one site-packages directory (the
   * library summaries' generator): "" is the only root, whatever a package ships (Django's own
   * `django/core/wsgi.py` is no project package), and there is no ancestor fallback.
   */
  constructor(
    private readonly pathSet: ReadonlySet<string>,
    extraRoots: Iterable<string> = [],
    private readonly sitePackages = false,
  ) {
    this.rootList = sitePackages ? [""] : sortRoots(new Set([...listingRoots(pathSet), ...extraRoots]));
  }

  /** Source roots, deepest first: "" is the repository root, others end in "/". */
  get roots(): readonly string[] {
    return this.rootList;
  }

  /**
   * Adds roots (directories ending in "/", or "") and package directories; returns whether
   * anything changed (resolutions made before may then differ).
   */
  addRoots(roots: Iterable<string>, packages: Iterable<[name: string, dir: string]> = [], first: Iterable<string> = []): boolean {
    const valid = (root: string) => root === "" || (root.endsWith("/") && !root.startsWith("/"));
    const all = new Set(this.rootList);
    const ahead = new Set(this.firstRoots);
    const before = all.size + ahead.size + this.packageDirs.size;
    for (const root of roots) if (valid(root)) all.add(root);
    for (const root of first) {
      if (!valid(root)) continue;
      ahead.add(root);
      all.add(root);
    }
    for (const [name, dir] of packages) if (!this.packageDirs.has(name)) this.packageDirs.set(name, dir);
    if (all.size + ahead.size + this.packageDirs.size === before) return false;
    this.rootList = sortRoots(all);
    this.firstRoots = sortRoots(ahead);
    this.absolute.clear();
    this.orders.clear();
    this.ancestors.clear();
    this.choices.clear();
    return true;
  }

  /**
   * The file of an absolute dotted module name, if the repository has it. `fromPath`, the
   * importing file, orders the roots (its own first) and allows the ancestor fallback.
   */
  resolveAbsolute(dotted: string, fromPath?: string): string | undefined {
    // A first name that no directory or module in the repository has, and no package directory
    // maps, is a library's: no root can hold it (most imports of a typical module).
    const dot = dotted.indexOf(".");
    const first = dot < 0 ? dotted : dotted.slice(0, dot);
    if (first !== "" && !this.names().has(first) && !this.mapsPackage(first)) return undefined;
    const dir = fromPath === undefined ? undefined : dirOf(fromPath);
    const order = this.orderFor(dir);
    // The roots' answer depends only on the order: shared by every importer with the same roots.
    const key = `${order.key}|${dotted}`;
    let found: string | undefined;
    if (this.absolute.has(key)) found = this.absolute.get(key);
    else {
      found = this.fromRoots(dotted, order.roots);
      this.absolute.set(key, found);
    }
    if (found || dir === undefined || this.sitePackages) return found;
    if (!this.names().has(first)) return undefined;
    const fallbackKey = `${dir}|${dotted}`;
    if (!this.ancestors.has(fallbackKey)) this.ancestors.set(fallbackKey, this.nearestAncestor(dir, dotted.split(".").join("/")));
    return this.ancestors.get(fallbackKey);
  }

  private fromRoots(dotted: string, roots: readonly string[]): string | undefined {
    const rel = dotted.split(".").join("/");
    const candidates: string[] = [];
    const mapped = this.mapped(dotted);
    if (mapped) candidates.push(mapped);
    for (const root of roots) {
      const file = this.fileAt(root + rel);
      if (file && !candidates.includes(file)) candidates.push(file);
    }
    const found = candidates[0];
    if (candidates.length > 1) {
      const others = this.choices.get(found!) ?? new Set<string>();
      for (const other of candidates.slice(1)) others.add(other);
      this.choices.set(found!, others);
    }
    return found;
  }

  /** Whether a package directory named explicitly has this first name. */
  private mapsPackage(first: string): boolean {
    for (const name of this.packageDirs.keys()) if (name === first || name.startsWith(`${first}.`)) return true;
    return false;
  }

  /** Every directory name and module name in the repository: an import naming none of them cannot be found by the fallback. */
  private names(): Set<string> {
    if (!this.nameSet) {
      this.nameSet = new Set();
      for (const path of this.pathSet) for (const part of path.split("/")) this.nameSet.add(part.replace(/\.py$/, ""));
    }
    return this.nameSet;
  }

  /** Other files an absolute import could have meant when it resolved to `path`. */
  alternativesOf(path: string): string[] {
    return [...(this.choices.get(path) ?? [])].sort();
  }

  /**
   * The file of a module as `from <module> import ...` in `fromPath` names it: `.services`,
   * `..core.utils`, `shop.tasks`. `dots` leading dots are relative to the importing package.
   */
  resolve(module: string, fromPath: string): string | undefined {
    const dots = /^\.*/.exec(module)![0].length;
    if (dots === 0) return this.resolveAbsolute(module, fromPath);
    const parts = fromPath.split("/").slice(0, -1);
    for (let i = 1; i < dots; i++) parts.pop();
    const rest = module.slice(dots);
    const base = [...parts, ...(rest ? rest.split(".") : [])].join("/");
    return rest ? this.fileAt(base) : this.packageFile(base);
  }

  /** The dotted name of a file under its source root: `shop/tasks.py` -> `shop.tasks`. */
  dottedName(path: string): string {
    const module = path.replace(/(\/__init__)?\.py$/, "");
    for (const [name, dir] of this.packageDirs) {
      if (module === dir) return name;
      if (module.startsWith(`${dir}/`))
        return `${name}.${module
          .slice(dir.length + 1)
          .split("/")
          .join(".")}`;
    }
    const root = this.rootList.find((r) => path.startsWith(r)) ?? "";
    return module.slice(root.length).split("/").join(".");
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

  /** Through a package directory named explicitly: the longest package name that prefixes `dotted`. */
  private mapped(dotted: string): string | undefined {
    let best: string | undefined;
    let bestLength = -1;
    for (const [name, dir] of this.packageDirs) {
      if ((dotted === name || dotted.startsWith(`${name}.`)) && name.length > bestLength) {
        const rest = dotted.slice(name.length + 1);
        const file = rest ? this.fileAt(`${dir}/${rest.split(".").join("/")}`) : this.packageFile(dir);
        if (file) {
          best = file;
          bestLength = name.length;
        }
      }
    }
    return best;
  }

  /** The roots in the order an import from `dir` tries them, and a key naming that order. */
  private orderFor(dir: string | undefined): { key: string; roots: string[] } {
    // One root: every importer tries the same.
    const id = this.rootList.length === 1 ? "" : (dir ?? "\0");
    let order = this.orders.get(id);
    if (!order) {
      const rest = this.rootList.filter((r) => !this.firstRoots.includes(r));
      const own = dir === undefined ? [] : rest.filter((r) => dir.startsWith(r));
      order = { key: `${dir === undefined ? "-" : "+"}${own.join(",")}`, roots: [...this.firstRoots, ...own, ...rest.filter((r) => !own.includes(r))] };
      this.orders.set(id, order);
    }
    return order;
  }

  private nearestAncestor(dir: string, rel: string): string | undefined {
    const single = !rel.includes("/");
    for (let d = dir; d !== ""; d = dirOf(d.slice(0, -1))) {
      if (this.rootList.includes(d)) continue;
      const file = this.fileAt(d + rel);
      if (file && (!single || file.endsWith("/__init__.py"))) return file;
    }
    return undefined;
  }
}

/** Roots deepest first, then in path order. */
function sortRoots(roots: Set<string>): string[] {
  return [...roots].sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0));
}

function depth(root: string): number {
  return root.split("/").length;
}

/**
 * Roots the file listing shows: "", each manage.py's directory, the parent of a project package
 * holding wsgi.py/asgi.py (`backend/config/wsgi.py` -> `backend/`), and `src/` beside the
 * repository root or a packaging file.
 */
export function listingRoots(paths: Iterable<string>): Set<string> {
  const roots = new Set<string>([""]);
  const all = [...paths];
  const projectDirs = new Set<string>([""]);
  for (const path of all) if (PROJECT_FILE.test(path)) projectDirs.add(dirOf(path));
  for (const path of all) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    const dir = dirOf(path);
    if (name === "manage.py") roots.add(dir);
    else if ((name === "wsgi.py" || name === "asgi.py") && dir !== "") roots.add(dirOf(dir.slice(0, -1)));
    if (path.endsWith(".py")) {
      const src = /^(.*?)src\//.exec(path);
      if (src && (src[1] === "" || src[1]!.endsWith("/")) && projectDirs.has(src[1]!)) roots.add(`${src[1]}src/`);
    }
  }
  return roots;
}

/** The directory of a file, with a trailing slash ("" at the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i + 1);
}

/** Joins a directory ("" or ending in "/") and a relative POSIX path; undefined when it leaves the repository. */
export function joinDir(dir: string, rel: string): string | undefined {
  const parts = dir.split("/").filter(Boolean);
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? "" : `${parts.join("/")}/`;
}
