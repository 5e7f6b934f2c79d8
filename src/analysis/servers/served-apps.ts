// The application modules the server commands name (`gunicorn app:app`, `gunicorn
// "shop:create_app()"`, `uwsgi --module proj.wsgi:application`, gunicorn's `wsgi_app` setting): the startup walk runs their
// module code, and the factory a command calls, as the master does before fork. Remembered per
// analysis beside the entry points, which are found first.
import type { AnalysisContext } from "../context.js";
import { modulePath, repoPath } from "./places.js";

export interface ServedApp {
  /** The repository file of the module. */
  path: string;
  /** The factory the server calls: `create_app` for `shop:create_app()`. */
  factory?: string;
  /**
   * The directory the server imports the module from (its working directory, on sys.path):
   * `app/` for `main` served from app/main.py. Absent when the module was named by file.
   */
  root?: string;
}

const served = new WeakMap<AnalysisContext, ServedApp[]>();

/**
 * The module (and factory) an APP_MODULE word names, when the repository has the module. A file
 * name (uWSGI's `wsgi-file = app/run.py`) is tried beside the file that names it first.
 */
export function servedApp(text: string, paths: ReadonlySet<string>, fromFile?: string): ServedApp | undefined {
  const module = text.split(":")[0]!.trim();
  const beside = fromFile && module.endsWith(".py") ? repoPath(module, fromFile, undefined, paths) : undefined;
  const path = beside ?? modulePath(module, paths) ?? (module.endsWith(".py") ? undefined : modulePath(`${module}.__init__`, paths));
  if (!path) return undefined;
  const factory = /:([A-Za-z_]\w*)\(/.exec(text)?.[1];
  const root = module.endsWith(".py") ? undefined : rootOf(path, module);
  return { path, ...(factory ? { factory } : {}), ...(root !== undefined ? { root } : {}) };
}

/** The directory a dotted module name was resolved from: `app/` for `main` at app/main.py. */
export function rootOf(path: string, module: string): string | undefined {
  const tail = `${module.replace(/\./g, "/")}${path.endsWith("/__init__.py") ? "/__init__.py" : ".py"}`;
  return path === tail ? "" : path.endsWith(`/${tail}`) ? path.slice(0, path.length - tail.length) : undefined;
}

export function rememberServedApps(ctx: AnalysisContext, apps: ServedApp[]): void {
  const unique = new Map(apps.map((app) => [`${app.path}:${app.factory ?? ""}`, app]));
  served.set(ctx, [...unique.values()]);
}

/** What findEntryPoints found for this analysis; empty before it runs. */
export function servedAppsOf(ctx: AnalysisContext): ServedApp[] {
  return served.get(ctx) ?? [];
}
