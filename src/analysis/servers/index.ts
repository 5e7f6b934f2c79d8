// The places in a repository that decide how the app is served, and whether it is loaded
// before fork.
//  1. Pick candidate files by name and location, plus forksafe.yml's `entry_points` globs.
//  2. Read them in one batch; each file's reader collects commands, configs and environment.
//  3. Find the gunicorn and uWSGI launches in the commands and the files they name.
//  4. Read the named files not read yet, in a second batch.
//  5. One entry point per launch; then one per config file or GUNICORN_CMD_ARGS no launch used.
import type { AnalysisContext } from "../context.js";
import type { EntryPoint } from "../types.js";
import { candidateFiles, kindByContent, type FileKind } from "./candidates.js";
import { discover, emptyDiscovery, rememberDiscovery, type Discovery } from "./discovery.js";
import { cmdArgsEntry, gunicornConfigEntry, gunicornEntry, planGunicorn, type GunicornPlan } from "./gunicorn-entry.js";
import { findLaunches } from "./launch.js";
import { Places } from "./places.js";
import { planUwsgi, uwsgiConfigEntry, uwsgiEntry, type UwsgiPlan } from "./uwsgi-entry.js";

export async function findEntryPoints(ctx: AnalysisContext): Promise<EntryPoint[]> {
  const found = emptyDiscovery();
  rememberDiscovery(ctx, found);
  const candidates = candidateFiles(ctx);
  await readAll(candidates, found, ctx);

  const text = (path: string): string => ctx.files.text(path) ?? "";
  const launches = found.sites.flatMap((site) => findLaunches(site, text(site.path)));
  const gunicorn: GunicornPlan[] = [];
  const uwsgi: UwsgiPlan[] = [];
  for (const launch of launches) {
    if (launch.server === "gunicorn") gunicorn.push(planGunicorn(launch, text, ctx.pathSet));
    else uwsgi.push(planUwsgi(launch, ctx.pathSet));
  }

  const named = new Map<string, FileKind>();
  for (const plan of gunicorn) if (plan.config) named.set(plan.config.path, "python");
  for (const plan of uwsgi) {
    for (const path of plan.configs) named.set(path, /\.(ini|conf|cfg)$/.test(path) ? "ini" : "yaml");
    for (const path of plan.modules) named.set(path, "python");
  }
  for (const path of candidates.keys()) named.delete(path);
  await readAll(named, found, ctx);

  const places = new Places(ctx);
  const entryPoints = [...gunicorn.map((p) => gunicornEntry(p, found, places)), ...uwsgi.map((p) => uwsgiEntry(p, found, places))];
  const usedConfigs = new Set([...gunicorn.flatMap((p) => p.config?.path ?? []), ...uwsgi.flatMap((p) => p.configs)]);
  for (const config of found.gunicornConfigs.values()) {
    if (config.recognised && !usedConfigs.has(config.path)) entryPoints.push(gunicornConfigEntry(config, places));
  }
  for (const config of found.uwsgiConfigs.values()) {
    if (!usedConfigs.has(config.path)) entryPoints.push(uwsgiConfigEntry(config, found, places));
  }
  const usedEnv = new Set(launches.flatMap((l) => l.env.map((e) => e.value)));
  for (const variable of found.env) {
    if (variable.name !== "GUNICORN_CMD_ARGS" || usedEnv.has(variable.value)) continue;
    const ep = cmdArgsEntry(variable, text, places);
    if (ep) entryPoints.push(ep);
  }
  return entryPoints.sort((a, b) => a.location.path.localeCompare(b.location.path) || a.location.startLine - b.location.startLine);
}

async function readAll(files: Map<string, FileKind>, found: Discovery, ctx: AnalysisContext): Promise<void> {
  if (files.size === 0) return;
  const texts = await ctx.files.load(files.keys());
  for (const [path, kind] of files) {
    const text = texts.get(path);
    if (text !== undefined) discover(path, kind ?? kindByContent(path), text, found, ctx);
  }
}
