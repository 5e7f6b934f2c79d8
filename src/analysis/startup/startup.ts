// Database work that runs while Django starts, found by reading only what startup reaches.
//  1. Index the repository's modules and pick the startup files: every apps.py (or apps/
//     package), the models.py and admin.py beside it, and wsgi.py/asgi.py; the settings files
//     (installed-apps.ts); the packaging files (project-files.ts); and the files that may hold an
//     AppConfig elsewhere (app-modules.ts).
//  2. Read them in one batch. Add the source roots the packaging files and sys.path edits name
//     (modules.ts), and the apps INSTALLED_APPS and entry points name; parse and summarise the
//     startup files whose text could touch the database (prefilter.ts); walk from them (walk.ts).
//  3. Make an AppConfig found outside apps.py a startup root once its class is known to be one.
//  4. Read the files the walk asked for (imports, base classes, called modules and commands),
//     the roots step 2 and 3 added and the settings modules still to read in the next batch, and
//     walk again, until nothing new is asked for. A root found late (a sys.path edit in a
//     settings module read in a later batch) re-reads what was summarised with the old roots.
import type { AnalysisContext } from "../context.js";
import { library as libraryIndex } from "../library/load.js";
import type { LibraryIndex } from "../library/lookup.js";
import { appCandidates, confirmedApps, defaultAppConfigs } from "../project/app-modules.js";
import { appRootsOf, InstalledApps, type AppEntry } from "../project/installed-apps.js";
import { CommandIndex, type LibraryCommands } from "./management-commands.js";
import { dirOf, ModuleIndex } from "../project/modules.js";
import { Prefilter } from "./prefilter.js";
import { projectFilesOf, ProjectRoots } from "../project/project-roots.js";
import { DEFERRED, type Summarised } from "../project/resolver.js";
import { summarise } from "../summaries/summarise.js";
import { StartupWalk, type StartupRoots } from "./walk.js";
import type { StartupWork } from "../startup-work.js";
import type { ServedApp } from "../servers/served-apps.js";

export interface StartupOptions {
  /** What the library summaries know of third-party management commands. */
  libraryCommands?: LibraryCommands;
  /** The app modules server commands serve, with the factories they call. */
  served?: readonly ServedApp[];
  /** gunicorn config files in the repository, which the master executes before fork. */
  masterModules?: readonly string[];
}

export async function findStartupWork(ctx: AnalysisContext, options: StartupOptions = {}): Promise<StartupWork[]> {
  const lib = libraryIndex();
  const index = new ModuleIndex(ctx.pathSet);
  // The directory a server imports its app module from is on sys.path there.
  index.addRoots((options.served ?? []).flatMap((app) => (app.root ? [app.root] : [])));
  let prefilter = new Prefilter(index, ctx.config.database_calls, lib);
  const roots = startupRoots(ctx.paths, index);
  addServedApps(roots, options.served ?? []);
  roots.masterModules = [...(options.masterModules ?? [])];
  const installed = new InstalledApps(ctx.paths, index, ctx.parsed);
  const projectRoots = new ProjectRoots(index, ctx);
  const commands = new CommandIndex(ctx.paths);
  const appModulesFound = new Set(roots.appModules);
  const candidates = new Set(appCandidates(ctx.paths, index).filter((p) => !appModulesFound.has(p)));
  const appInits = [...candidates].filter((p) => p.endsWith("__init__.py"));
  // Read once, with the first batch that brings the candidates' texts.
  let defaults: AppEntry[] | undefined;
  const summaries = new Map<string, Summarised>();
  const apps = new Set(roots.appModules);
  let wanted = [...roots.appModules, ...roots.importedAtStartup, ...roots.wsgiModules, ...(roots.masterModules ?? []), ...candidates];
  let settingsWanted = [...installed.firstBatch, ...projectFilesOf(ctx.paths)];
  let forced = new Set<string>();
  // Modules wanted only for what importing them runs: their function bodies wait until a call needs them.
  const importTimeOnly = new Set(roots.importedAtStartup);
  for (;;) {
    const texts = await ctx.files.load([...wanted, ...settingsWanted]);
    const textOf = (p: string) => ctx.files.text(p);
    const rootsChanged = projectRoots.read(installed.requestedPaths, textOf);
    settingsWanted = installed.read(textOf);
    if (rootsChanged && summaries.size > 0) {
      // Resolutions made with the old roots may differ: summarise again (the texts are in hand).
      wanted = [...new Set([...wanted, ...summaries.keys()])];
      summaries.clear();
      prefilter = new Prefilter(index, ctx.config.database_calls, lib);
    }
    let appsChanged = projectRoots.appsChanged();
    if (!defaults) {
      defaults = defaultAppConfigs(appInits, textOf);
      appsChanged ||= defaults.length > 0;
    }
    const added =
      installed.changed || appsChanged
        ? addInstalledApps(roots, [...installed.entries(), ...projectRoots.apps, ...defaults], index)
        : { appModules: [], importedAtStartup: [] };
    added.importedAtStartup.push(...addImported(roots, installed.startupModules));
    for (const path of added.appModules) {
      apps.add(path);
      candidates.delete(path);
      // Read so far for its imports alone, or left unparsed: its ready() needs the bodies.
      importTimeOnly.delete(path);
      if (!fullySummarised(summaries.get(path))) summaries.delete(path);
    }
    for (const path of added.importedAtStartup) if (!summaries.has(path) && !apps.has(path)) importTimeOnly.add(path);
    const readNow = new Set(wanted);
    const later = [...added.appModules, ...added.importedAtStartup].filter((p) => !summaries.has(p) && !readNow.has(p));
    for (const path of wanted) {
      const text = texts.get(path) ?? textOf(path);
      const appLike = apps.has(path) || candidates.has(path);
      if (text === undefined) summaries.set(path, null);
      else if (!forced.has(path) && prefilter.cannotTouchDatabase(path, ctx.files, appLike ? ["ready"] : [])) {
        summaries.set(path, DEFERRED);
      } else if (!forced.has(path) && importTimeOnly.has(path) && prefilter.importCannotTouchDatabase(path, ctx.files)) {
        summaries.set(path, DEFERRED);
      } else summaries.set(path, parse(path, text, index, ctx, !forced.has(path) && importTimeOnly.has(path)));
    }
    const library = options.libraryCommands ?? libraryCommandsOf(lib);
    const settingText = (name: string): string | undefined => installed.settingText(name);
    let walk = new StartupWalk(summaries, index, ctx.config, commands, library, lib, settingText);
    let work = walk.run(roots);
    const promoted = promoteApps(roots, confirmedApps(candidates, walk.resolver, summaries, textOf), index);
    for (const path of promoted.appModules) {
      apps.add(path);
      candidates.delete(path);
    }
    if (promoted.appModules.length > 0) {
      walk = new StartupWalk(summaries, index, ctx.config, commands, library, lib, settingText);
      work = walk.run(roots);
    }
    const loadable = (p: string) => ctx.pathSet.has(p);
    forced = new Set([...walk.resolver.missing].filter((p) => loadable(p) && !fullySummarised(summaries.get(p))));
    const modules = [...walk.resolver.missingModules, ...promoted.importedAtStartup].filter((p) => loadable(p) && !summaries.has(p));
    for (const p of modules) if (!apps.has(p)) importTimeOnly.add(p);
    wanted = [...new Set([...forced, ...modules, ...later])];
    if (wanted.length === 0 && settingsWanted.length === 0) return work;
  }
}

function fullySummarised(found: Summarised | undefined): boolean {
  return found === null || (found !== undefined && found !== DEFERRED && !found.importTimeOnly);
}

function parse(path: string, text: string, index: ModuleIndex, ctx: AnalysisContext, importTimeOnly: boolean): Summarised {
  ctx.parsed.count++;
  const result = summarise(path, text, index, importTimeOnly);
  if ("summary" in result) return result.summary;
  ctx.files.skip(path, result.skipped);
  return null;
}

function startupRoots(paths: readonly string[], index: ModuleIndex): StartupRoots {
  const roots: StartupRoots = { appModules: [], importedAtStartup: [], wsgiModules: [], appClasses: new Map() };
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (name === "apps.py" || path === "apps/__init__.py" || path.endsWith("/apps/__init__.py")) {
      roots.appModules.push(path);
      const dir = dirOf(name === "apps.py" ? path : path.slice(0, -"/__init__.py".length)).replace(/\/$/, "");
      roots.importedAtStartup.push(...importedBeside(dir, path, index));
    } else if (name === "wsgi.py" || name === "asgi.py") {
      roots.wsgiModules.push(path);
    }
  }
  return roots;
}

/**
 * What django.setup() imports for the app whose AppConfig module is `path` in `dir`: the app
 * package's __init__.py (first), then its models.py and admin.py.
 */
function importedBeside(dir: string, path: string, index: ModuleIndex): string[] {
  const modules = dir ? ["__init__", "models", "admin"] : ["models", "admin"];
  return modules.flatMap((module) => index.fileAt(dir ? `${dir}/${module}` : module) ?? []).filter((found) => found !== path);
}

/** Makes confirmed AppConfig modules startup roots, with the models.py and admin.py beside them. */
function promoteApps(roots: StartupRoots, paths: readonly string[], index: ModuleIndex): { appModules: string[]; importedAtStartup: string[] } {
  const out = { appModules: [] as string[], importedAtStartup: [] as string[] };
  const known = new Set([...roots.appModules, ...roots.importedAtStartup]);
  for (const path of paths) {
    if (known.has(path)) continue;
    known.add(path);
    roots.appModules.push(path);
    out.appModules.push(path);
    const dir = dirOf(path).replace(/\/$/, "");
    for (const found of importedBeside(dir, path, index)) {
      if (!known.has(found)) {
        known.add(found);
        roots.importedAtStartup.push(found);
        out.importedAtStartup.push(found);
      }
    }
  }
  return out;
}

/** The modules server commands serve run at startup, and the factories they call (walk.ts). */
function addServedApps(roots: StartupRoots, served: readonly ServedApp[]): void {
  if (served.length === 0) return;
  roots.served = [...served];
  for (const app of served) {
    if (!roots.wsgiModules.includes(app.path) && !roots.importedAtStartup.includes(app.path)) roots.importedAtStartup.push(app.path);
  }
}

/** Adds modules whose code runs at startup (the settings Django imports); returns those that are new. */
function addImported(roots: StartupRoots, paths: readonly string[]): string[] {
  const known = new Set([...roots.appModules, ...roots.importedAtStartup, ...roots.wsgiModules]);
  const added = paths.filter((p) => !known.has(p));
  roots.importedAtStartup.push(...added);
  return added;
}

/** Adds the roots INSTALLED_APPS entries name to `roots`; returns those that are new. */
function addInstalledApps(roots: StartupRoots, entries: readonly AppEntry[], index: ModuleIndex): { appModules: string[]; importedAtStartup: string[] } {
  const added = { appModules: [] as string[], importedAtStartup: [] as string[] };
  const appModules = new Set(roots.appModules);
  const known = new Set([...roots.appModules, ...roots.importedAtStartup]);
  for (const entry of entries) {
    const found = appRootsOf(entry.name, index, entry.from);
    if (!found) continue;
    const { appModule, appClass } = found;
    if (appModule && !appModules.has(appModule)) {
      appModules.add(appModule);
      roots.appModules.push(appModule);
      added.appModules.push(appModule);
      // An apps.py found by its name runs every AppConfig it holds; another module, the ones named.
      if (appClass) roots.appClasses.set(appModule, new Set([appClass]));
    } else if (appModule && appClass && roots.appClasses.has(appModule)) {
      roots.appClasses.get(appModule)!.add(appClass);
    }
    for (const path of found.imported) {
      if (known.has(path)) continue;
      known.add(path);
      roots.importedAtStartup.push(path);
      added.importedAtStartup.push(path);
    }
  }
  return added;
}

/** Third-party management commands as the library summaries judge them; unknown ones stay undecided. */
function libraryCommandsOf(lib: LibraryIndex): LibraryCommands {
  return {
    command(name) {
      const found = lib.commands(name).find((c) => c.verdict.kind !== "unknown");
      return found ? { touchesDatabase: found.verdict.kind === "db", where: `${found.package} ${found.version}, ${found.module}` } : undefined;
    },
  };
}
