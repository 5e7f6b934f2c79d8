// Database work that runs while Django starts, found by reading only what startup reaches.
//  1. Index the repository's modules and pick the startup files: every apps.py, the models.py
//     and admin.py beside it, and wsgi.py/asgi.py.
//  2. Read them in one batch; parse and summarise those whose text could touch the database
//     (prefilter.ts); walk from them (walk.ts).
//  3. Read and summarise the files the walk asked for (imports, base classes, called modules)
//     in the next batch, and walk again, until it asks for nothing new.
import type { AnalysisContext } from "../context.js";
import { dirOf, ModuleIndex } from "./modules.js";
import { Prefilter } from "./prefilter.js";
import { DEFERRED, type Summarised } from "./resolver.js";
import { summarise } from "./summarise.js";
import { StartupWalk, type StartupRoots } from "./walk.js";
import type { StartupWork } from "../startup-work.js";

export async function findStartupWork(ctx: AnalysisContext): Promise<StartupWork[]> {
  const index = new ModuleIndex(ctx.pathSet);
  const prefilter = new Prefilter(index, ctx.config.database_calls);
  const roots = startupRoots(ctx.paths, index);
  const summaries = new Map<string, Summarised>();
  const apps = new Set(roots.appModules);
  let wanted = [...roots.appModules, ...roots.importedAtStartup, ...roots.wsgiModules];
  let forced = new Set<string>();
  // Modules wanted only for what importing them runs: their function bodies wait until a call needs them.
  const importTimeOnly = new Set(roots.importedAtStartup);
  for (;;) {
    const texts = await ctx.files.load(wanted);
    const textOf = (p: string) => ctx.files.text(p);
    for (const path of wanted) {
      const text = texts.get(path);
      if (text === undefined) summaries.set(path, null);
      else if (!forced.has(path) && prefilter.cannotTouchDatabase(path, textOf, apps.has(path) ? ["ready"] : [])) {
        summaries.set(path, DEFERRED);
      }
      else summaries.set(path, parse(path, text, index, ctx, !forced.has(path) && importTimeOnly.has(path)));
    }
    const walk = new StartupWalk(summaries, index, ctx.config);
    const work = walk.run(roots);
    const loadable = (p: string) => ctx.pathSet.has(p);
    forced = new Set([...walk.resolver.missing].filter((p) => loadable(p) && !fullySummarised(summaries.get(p))));
    const modules = [...walk.resolver.missingModules].filter((p) => loadable(p) && !summaries.has(p));
    for (const p of modules) importTimeOnly.add(p);
    wanted = [...new Set([...forced, ...modules])];
    if (wanted.length === 0) return work;
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
  const roots: StartupRoots = { appModules: [], importedAtStartup: [], wsgiModules: [] };
  for (const path of paths) {
    const name = path.slice(path.lastIndexOf("/") + 1);
    if (name === "apps.py") {
      roots.appModules.push(path);
      const dir = dirOf(path).replace(/\/$/, "");
      for (const module of ["models", "admin"]) {
        const found = index.fileAt(dir ? `${dir}/${module}` : module);
        if (found) roots.importedAtStartup.push(found);
      }
    } else if (name === "wsgi.py" || name === "asgi.py") {
      roots.wsgiModules.push(path);
    }
  }
  return roots;
}
