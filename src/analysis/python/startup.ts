// Database work that runs while Django starts, found by reading only what startup reaches.
//  1. Index the repository's modules and pick the startup files: every apps.py, the models.py
//     and admin.py beside it, and wsgi.py/asgi.py.
//  2. Read and summarise them in one batch; walk from them (walk.ts).
//  3. Read the files the walk asked for (imports, base classes, called modules) in the next
//     batch, and walk again, until it asks for nothing new.
import type { AnalysisContext } from "../context.js";
import type { StartupWork } from "../startup-work.js";
import type { FileSummary } from "./facts.js";
import { dirOf, ModuleIndex } from "./modules.js";
import { summarise } from "./summarise.js";
import { StartupWalk, type StartupRoots } from "./walk.js";

export async function findStartupWork(ctx: AnalysisContext): Promise<StartupWork[]> {
  const index = new ModuleIndex(ctx.pathSet);
  const roots = startupRoots(ctx.paths, index);
  const summaries = new Map<string, FileSummary | null>();
  let wanted = [...roots.appModules, ...roots.importedAtStartup, ...roots.wsgiModules];
  for (;;) {
    await summariseAll(wanted, summaries, index, ctx);
    const walk = new StartupWalk(summaries, index, ctx.config);
    const work = walk.run(roots);
    wanted = [...walk.resolver.missing].filter((p) => ctx.pathSet.has(p) && !summaries.has(p));
    if (wanted.length === 0) return work;
  }
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

async function summariseAll(
  paths: string[],
  summaries: Map<string, FileSummary | null>,
  index: ModuleIndex,
  ctx: AnalysisContext,
): Promise<void> {
  const texts = await ctx.files.load(paths);
  for (const path of paths) {
    const text = texts.get(path);
    if (text === undefined) {
      summaries.set(path, null);
      continue;
    }
    ctx.parsed.count++;
    const result = summarise(path, text, index);
    if ("skipped" in result) {
      ctx.files.skip(path, result.skipped);
      summaries.set(path, null);
    } else {
      summaries.set(path, result.summary);
    }
  }
}
