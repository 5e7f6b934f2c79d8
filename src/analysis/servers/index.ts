// The places in a repository that decide how the app is served, and whether it is loaded
// before fork.
//  1. Pick candidate files by name and location, plus forksafe.yml's `entry_points` globs.
//  2. Read them in one batch; each file's reader collects commands, configs and environment
//     (a command whose compose env_file is not read yet waits for the next batch).
//  3. Find the gunicorn and uWSGI launches in the new commands, and the files they name
//     (config files, served modules, scripts a command runs).
//  4. Read the named files not read yet in another batch, and repeat 3 for what they add
//     (at most three batches in all).
//     A Dockerfile whose image runs a known base image's own command (base-images.ts) adds the
//     launch that image runs, with the app's config files it copies in.
//  5. One entry point per launch; then one per config file or GUNICORN_CMD_ARGS no launch used
//     (a gunicorn.conf.py no launch reads only when no gunicorn launch is known at all).
import type { AnalysisContext } from "../context.js";
import type { EntryPoint } from "../types.js";
import { candidateFiles, type FileKind } from "./candidates.js";
import { isDefaultConfig } from "./default-config.js";
import { discover, emptyDiscovery, rememberDiscovery, type Discovery } from "./discovery.js";
import { cmdArgsEntry, gunicornConfigEntry, gunicornEntry, planGunicorn, type GunicornPlan } from "./gunicorn-entry.js";
import { embeddedGunicornEntry, pythonScriptsRun } from "./embedded-gunicorn.js";
import { envFilePaths, withEnvFiles } from "./env-files.js";
import { addImageNotes, planImage, uwsgiImageServed } from "./image-entry.js";
import { findLaunches, type Launch } from "./launch.js";
import { Places, scriptsRun } from "./places.js";
import { rememberServedApps, servedApp, type ServedApp } from "./served-apps.js";
import { startDirectory } from "./start-directory.js";
import type { LaunchSite } from "./words.js";
import { planUwsgi, uwsgiConfigEntry, uwsgiEntry, type UwsgiPlan } from "./uwsgi-entry.js";

const MAX_BATCHES = 3;

export async function findEntryPoints(ctx: AnalysisContext): Promise<EntryPoint[]> {
  const found = emptyDiscovery();
  rememberDiscovery(ctx, found);
  const text = (path: string): string => ctx.files.text(path) ?? "";
  const requested = new Set<string>();
  const launches: Launch[] = [];
  const gunicorn: GunicornPlan[] = [];
  const uwsgi: UwsgiPlan[] = [];
  /** The first command that runs each script, for the directory the script starts in. */
  const runners = new Map<string, LaunchSite>();

  let toRead = candidateFiles(ctx);
  let waiting: LaunchSite[] = [];
  let named = new Map<string, FileKind>();
  const addGunicorn = (plan: GunicornPlan): void => {
    gunicorn.push(plan);
    if (plan.config) named.set(plan.config.path, "python");
  };
  const addUwsgi = (plan: UwsgiPlan): void => {
    uwsgi.push(plan);
    for (const path of plan.configs) named.set(path, /\.(ini|conf|cfg)(\.[\w-]+)?$/.test(path) ? "ini" : "yaml");
    for (const path of plan.modules) named.set(path, "python");
  };
  for (let batch = 0; batch < MAX_BATCHES && (toRead.size > 0 || waiting.length > 0); batch++) {
    for (const path of toRead.keys()) requested.add(path);
    const sitesBefore = found.sites.length;
    const envFilesBefore = found.envFiles.length;
    const imagesBefore = found.images.length;
    await readAll(toRead, found, ctx);
    named = new Map<string, FileKind>();
    for (const path of envFilePaths(found.envFiles.slice(envFilesBefore), ctx.pathSet)) named.set(path, "env");
    const sites = [...waiting, ...found.sites.slice(sitesBefore)];
    waiting = [];
    for (const site of sites) {
      const unread = envFilePaths(site.envFiles, ctx.pathSet).filter((path) => !requested.has(path));
      if (unread.length > 0 && batch + 1 < MAX_BATCHES) {
        for (const path of unread) named.set(path, "env");
        waiting.push(site);
        continue;
      }
      const full = withEnvFiles(site, found, ctx.pathSet);
      for (const script of scriptsRun(full, text(full.path), ctx.pathSet)) {
        named.set(script, "shell");
        if (!runners.has(script)) runners.set(script, full);
      }
      for (const script of pythonScriptsRun(full, text(full.path), ctx.pathSet)) named.set(script, "python-script");
      for (const launch of findLaunches(full, text(full.path))) {
        launches.push(launch);
        if (launch.server === "gunicorn") addGunicorn(planGunicorn(launch, text, ctx.pathSet));
        else addUwsgi(planUwsgi(launch, ctx.pathSet));
      }
    }
    for (const use of found.images.slice(imagesBefore)) {
      const planned = planImage(use, text, ctx.pathSet);
      if (planned && "gunicorn" in planned) addGunicorn(planned.gunicorn);
      else if (planned) addUwsgi(planned.uwsgi);
    }
    for (const path of requested) named.delete(path);
    toRead = named;
  }

  const served = servedApps(gunicorn, uwsgi, found, ctx.pathSet);
  const embedded = [...new Set(found.embeddedGunicorn)];
  rememberServedApps(ctx, [...[...served.values()].flat(), ...embedded.map((path) => ({ path }))]);

  const places = new Places(ctx);
  await ctx.files.load([...new Set([...served.values()].flat().map((app) => app.path))]);
  const withNotes = (ep: EntryPoint, plan: GunicornPlan | UwsgiPlan): EntryPoint =>
    withServedNotes(withImageNotes(ep, plan, served.get(plan)), served.get(plan), (path) => ctx.files.text(path));
  const withStart = (ep: EntryPoint, plan: GunicornPlan | UwsgiPlan): EntryPoint => {
    const dir = plan.image ? undefined : startDirectory(plan.launch.site, runners, text);
    if (dir !== undefined) ep.startDirectory = dir;
    return ep;
  };
  const entryPoints = [
    ...gunicorn.map((p) => withStart(withNotes(gunicornEntry(p, found, places), p), p)),
    ...uwsgi.map((p) => withStart(withNotes(uwsgiEntry(p, found, places), p), p)),
  ];
  for (const path of embedded) entryPoints.push(embeddedGunicornEntry(path, places.firstLine(path)));
  const usedConfigs = new Set([...gunicorn.flatMap((p) => p.config?.path ?? []), ...uwsgi.flatMap((p) => p.configs)]);
  for (const config of found.gunicornConfigs.values()) {
    if (!config.recognised || usedConfigs.has(config.path)) continue;
    // gunicorn reads a gunicorn.conf.py only by default: once commands are known, only theirs count.
    if (isDefaultConfig(config.path) && gunicorn.length > 0) continue;
    entryPoints.push(gunicornConfigEntry(config, places));
  }
  for (const config of found.uwsgiConfigs.values()) {
    if (!usedConfigs.has(config.path)) entryPoints.push(uwsgiConfigEntry(config, found, places));
  }
  // Variables a launch took, or that its env_file set and its own environment overrode.
  const usedVars = new Set(gunicorn.flatMap((p) => p.launch.env.map((v) => `${v.value.path}:${v.value.start}`)));
  for (const variable of found.env) {
    if (variable.name !== "GUNICORN_CMD_ARGS" || usedVars.has(`${variable.value.path}:${variable.value.start}`)) continue;
    const ep = cmdArgsEntry(variable, text, places);
    if (ep) entryPoints.push(ep);
  }
  return entryPoints.sort((a, b) => a.location.path.localeCompare(b.location.path) || a.location.startLine - b.location.startLine);
}

/**
 * The files findEntryPoints reads first. A caller that reads other files before it may add these
 * to its own first batch, so that the entry points cost no read of their own.
 */
export function entryPointCandidates(ctx: AnalysisContext): string[] {
  return [...candidateFiles(ctx).keys()];
}

/**
 * The app modules each launch serves (a command's APP_MODULE, a config's `wsgi_app`, uWSGI's
 * `module` and `wsgi-file`, an image's default module), and those of configs no launch names.
 */
function servedApps(gunicorn: GunicornPlan[], uwsgi: UwsgiPlan[], found: Discovery, paths: ReadonlySet<string>): Map<object, ServedApp[]> {
  const out = new Map<object, ServedApp[]>();
  const add = (key: object, app: ServedApp | undefined): void => {
    if (app) out.set(key, [...(out.get(key) ?? []), app]);
  };
  for (const plan of gunicorn) {
    const word = plan.args.app ?? plan.envArgs.app;
    const configured = plan.config ? found.gunicornConfigs.get(plan.config.path)?.wsgiApp : undefined;
    const text = word?.text ?? configured;
    add(plan, plan.served ?? (text ? servedApp(text, paths) : undefined));
  }
  for (const config of found.gunicornConfigs.values()) if (config.wsgiApp) add(config, servedApp(config.wsgiApp, paths));
  for (const plan of uwsgi) {
    if (plan.image) add(plan, uwsgiImageServed(plan, found, paths));
    for (const word of plan.args.modules) add(plan, servedApp(word.text, paths, word.path));
  }
  for (const config of found.uwsgiConfigs.values()) for (const module of config.modules) add(config, servedApp(module, paths, config.path));
  return out;
}

/**
 * What was assumed about the served module: a factory the command calls that the module does not
 * define (its work is not walked), a module that is both Django's wsgi.py and another framework's app.
 */
function withServedNotes(ep: EntryPoint, apps: ServedApp[] | undefined, textOf: (path: string) => string | undefined): EntryPoint {
  for (const app of apps ?? []) {
    const text = textOf(app.path);
    if (text === undefined) continue;
    if (app.factory && !new RegExp(`\\bdef\\s+${app.factory}\\s*\\(|\\bimport\\b[^\\n]*\\b${app.factory}\\b`).test(text)) {
      ep.notes.push(`${app.factory}() is neither defined nor imported in ${app.path}: what the factory does was not read (assumed nothing)`);
    }
    if (/get_[wa]sgi_application/.test(text) && /\b(Flask|FastAPI|Starlette|Bottle)\s*\(/.test(text)) {
      ep.notes.push(
        `${app.path} is both Django's WSGI module and another framework's app: the code after get_wsgi_application() is read as Django's, and what the code before it starts as the other app's`,
      );
    }
  }
  return ep;
}

function withImageNotes(ep: EntryPoint, plan: GunicornPlan | UwsgiPlan, apps: ServedApp[] | undefined): EntryPoint {
  if (plan.image) addImageNotes(ep, plan.image, "configs" in plan ? plan.configs : [], apps?.[0]);
  return ep;
}

async function readAll(files: Map<string, FileKind>, found: Discovery, ctx: AnalysisContext): Promise<void> {
  const texts = await ctx.files.load(files.keys());
  for (const [path, kind] of files) {
    const text = texts.get(path);
    if (text !== undefined) discover(path, kind, text, found, ctx);
  }
}
