// AppConfig classes outside apps.py. Django runs the ready() of any AppConfig that
// INSTALLED_APPS names by its dotted path, that a plugin system adds to it, or that an app's
// `default_app_config` names; projects keep them in app.py, config.py or the app package's
// __init__.py. Which files are read is decided by name, without parsing the world:
//   app.py and config.py anywhere (not under tests/ or migrations/), and the __init__.py of a
//   package that looks like a Django app (it has models.py, admin.py or migrations/) but has no
//   apps.py.
// An app package's __init__.py may also name its AppConfig with `default_app_config = "..."`
// (Django before 4.1): that path counts as an INSTALLED_APPS entry.
// Such a file becomes a startup root (its ready() runs, its module code and the models.py and
// admin.py beside it are imported) once a class in it is known to derive from AppConfig: from
// its summary, or, for a file left unparsed because it cannot touch the database, from a class
// statement naming AppConfig as a base.
import type { AppEntry } from "./installed-apps.js";
import type { ModuleIndex } from "./modules.js";
import { DEFERRED, type Resolver, type Summarised } from "./resolver.js";

const SKIPPED_DIR = /(^|\/)(tests?|migrations)\//;
const APP_CONFIG_CLASS = /^class\s+\w+\s*\([^)]*\bAppConfig\b[^)]*\)\s*:/m;
const DEFAULT_APP_CONFIG = /^default_app_config\s*=\s*["']([A-Za-z_][\w.]*)["']/m;

/** `default_app_config = "pkg.module.Config"` in the candidates' __init__.py files read so far. */
export function defaultAppConfigs(candidates: Iterable<string>, textOf: (path: string) => string | undefined): AppEntry[] {
  const out: AppEntry[] = [];
  for (const path of candidates) {
    if (!path.endsWith("__init__.py")) continue;
    const name = DEFAULT_APP_CONFIG.exec(textOf(path) ?? "")?.[1];
    if (name) out.push({ name, from: path });
  }
  return out;
}

/** The files that may hold an AppConfig outside apps.py, by name. */
export function appCandidates(paths: readonly string[], index: ModuleIndex): string[] {
  const out: string[] = [];
  for (const path of paths) {
    if (SKIPPED_DIR.test(path)) continue;
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (name === "app.py" || name === "config.py") out.push(path);
    else if (name === "__init__.py" && path.includes("/")) {
      const dir = path.slice(0, -"/__init__.py".length);
      const appLike = ["models", "admin", "migrations/__init__"].some((m) => index.fileAt(`${dir}/${m}`) !== undefined);
      const hasApps = index.fileAt(`${dir}/apps`) !== undefined;
      if (appLike && !hasApps) out.push(path);
    }
  }
  return out;
}

/** The candidates known to hold an AppConfig subclass. */
export function confirmedApps(
  candidates: ReadonlySet<string>,
  resolver: Resolver,
  summaries: ReadonlyMap<string, Summarised>,
  textOf: (path: string) => string | undefined,
): string[] {
  const out: string[] = [];
  for (const path of candidates) {
    const summary = summaries.get(path);
    if (summary === DEFERRED) {
      if (APP_CONFIG_CLASS.test(textOf(path) ?? "")) out.push(path);
    } else if (summary && !summary.importTimeOnly) {
      const classes = [...summary.classes.values()].filter((cls) => !cls.key.includes("."));
      if (classes.some((cls) => resolver.isAppConfig({ file: summary, cls }))) out.push(path);
    }
  }
  return out;
}
