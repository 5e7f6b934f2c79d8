// One gunicorn entry point from a launch, with settings taken as gunicorn takes them:
// the command line over GUNICORN_CMD_ARGS over the config file.
import type { EntryPoint, Preload } from "../types.js";
import type { Discovery } from "./discovery.js";
import type { GunicornConfig } from "./gunicorn-config.js";
import type { Launch } from "./launch.js";
import { defaultConfigFor } from "./default-config.js";
import type { ImageContext } from "./image-entry.js";
import type { ServedApp } from "./served-apps.js";
import { workersFromEnvironment } from "./worker-count.js";
import { repoPath, type Places } from "./places.js";
import { commandPlaceholderNote, isPlaceholderWord } from "./placeholders.js";
import { gunicornArgs, type GunicornArgs } from "./server-args.js";
import { simpleCommands, type EnvVar, type Word } from "./words.js";

export interface GunicornPlan {
  launch: Launch;
  args: GunicornArgs;
  envArgs: GunicornArgs;
  cmdArgsVar?: EnvVar;
  /** The config file in the repository, and how the command names it. */
  config?: { path: string; how: string };
  missingConfig?: string;
  /** A gunicorn.conf.py in the working directory that `-c` keeps gunicorn from reading. */
  unreadDefault?: string;
  /** The base image whose start script runs this gunicorn (image-entry.ts). */
  image?: ImageContext;
  /** The app module's file, when it is known other than from the command's words. */
  served?: ServedApp;
}

/** Reads the options and finds the config file; the file itself is read later, in a batch. */
export function planGunicorn(launch: Launch, fileText: (path: string) => string, paths: ReadonlySet<string>): GunicornPlan {
  const args = gunicornArgs(launch.args);
  const cmdArgsVar = launch.env.filter((e) => e.name === "GUNICORN_CMD_ARGS").pop();
  const envWords = cmdArgsVar ? simpleCommands({ kind: "shell", piece: cmdArgsVar.value }, fileText(cmdArgsVar.value.path)).flat() : [];
  const envArgs = gunicornArgs(envWords);
  const plan: GunicornPlan = { launch, args, envArgs, ...(cmdArgsVar ? { cmdArgsVar } : {}) };
  const site = launch.site;
  const ref: Word | undefined = args.config ?? envArgs.config;
  if (ref) {
    const path = repoPath(ref.text, site.path, site.workdir, paths);
    const how = args.config ? "-c" : "-c in GUNICORN_CMD_ARGS";
    if (path) plan.config = { path, how };
    else plan.missingConfig = `config file ${ref.text} (${how}) is not in the repository`;
    const unread = defaultConfigFor(site, paths);
    if (unread && unread.path !== path) plan.unreadDefault = `${unread.path} is not read: ${how} names another config`;
    return plan;
  }
  const fallback = defaultConfigFor(site, paths);
  if (fallback) plan.config = fallback;
  return plan;
}

export function gunicornEntry(plan: GunicornPlan, found: Discovery, places: Places): EntryPoint {
  const { launch, args, envArgs, cmdArgsVar } = plan;
  const config = plan.config ? found.gunicornConfigs.get(plan.config.path) : undefined;
  const notes: string[] = [];
  if (plan.config) notes.push(`config file ${plan.config.path}: ${plan.config.how}`);
  if (plan.missingConfig) notes.push(plan.missingConfig);
  if (plan.unreadDefault) notes.push(plan.unreadDefault);
  if (cmdArgsVar) notes.push(`GUNICORN_CMD_ARGS="${cmdArgsVar.value.text}" set in ${cmdArgsVar.value.path}`);
  const template = commandPlaceholderNote(launch.site);
  if (template) notes.push(template);

  let preload: Preload = { kind: "off" };
  const preloadWord = args.preload ?? envArgs.preload;
  if (preloadWord) {
    preload = { kind: "on" };
    if (config?.preload && config.preload.value.kind !== "on") {
      notes.push(`${args.preload ? "--preload" : "GUNICORN_CMD_ARGS"} overrides preload_app in ${config.path}`);
    }
  }
  const ep: EntryPoint = {
    server: "gunicorn",
    location: places.of(launch.serverWord),
    source: launch.site.source,
    preload,
    mitigation: "none",
    notes,
  };
  if (preloadWord) ep.preloadLocation = places.of(preloadWord);
  else if (config?.preload) {
    ep.preload = config.preload.value;
    ep.preloadLocation = config.preload.location;
    if (config.preload.note) notes.push(config.preload.note);
  }
  if (config?.masterClose) {
    ep.mitigation = "master-close";
    ep.mitigationLocation = config.masterClose.location;
  } else if (config?.workerClose) {
    ep.mitigation = "worker-close";
    ep.mitigationLocation = config.workerClose.location;
  }
  const worker = args.workerClass?.text ?? envArgs.workerClass?.text ?? config?.workerClass?.value;
  if (worker && worker !== "sync") ep.workerClass = worker;
  const workers = args.workers ?? envArgs.workers;
  if (workers ? /^\d+$/.test(workers.text) : config?.workers !== undefined) ep.workers = workers ? Number(workers.text) : config!.workers!;
  else if (workers && !isPlaceholderWord(workers.text)) notes.push(`workers = ${workers.text}: not known here`);
  else if (config?.workersExpression) notes.push(`workers = ${config.workersExpression} in ${config.path}: not known here`);
  else workersFromEnvironment(ep, launch.site, launch.env);
  if (config?.engineDispose) ep.engineDispose = config.engineDispose;
  if (config && config.path.endsWith(".py")) ep.configModule = config.path;
  if (plan.config) ep.configFile = plan.config.path;
  return ep;
}

/** A gunicorn config file no command in the repository names: gunicorn reads it by default or via -c. */
export function gunicornConfigEntry(config: GunicornConfig, places: Places): EntryPoint {
  const base = config.path.split("/").pop();
  const ep: EntryPoint = {
    server: "gunicorn",
    location: config.preload?.location ?? places.firstLine(config.path),
    source: config.path,
    preload: config.preload?.value ?? { kind: "off" },
    mitigation: "none",
    notes: [
      base === "gunicorn.conf.py"
        ? "no command found; gunicorn reads this file when started in its directory"
        : "no command found that names this file; read as a gunicorn config by its settings",
    ],
  };
  if (config.preload) ep.preloadLocation = config.preload.location;
  if (config.preload?.note) ep.notes.push(config.preload.note);
  if (config.masterClose) {
    ep.mitigation = "master-close";
    ep.mitigationLocation = config.masterClose.location;
  } else if (config.workerClose) {
    ep.mitigation = "worker-close";
    ep.mitigationLocation = config.workerClose.location;
  }
  if (config.workerClass && config.workerClass.value !== "sync") ep.workerClass = config.workerClass.value;
  if (config.workers !== undefined) ep.workers = config.workers;
  if (config.engineDispose) ep.engineDispose = config.engineDispose;
  if (config.path.endsWith(".py")) ep.configModule = config.path;
  ep.configFile = config.path;
  return ep;
}

/** GUNICORN_CMD_ARGS with --preload set where no gunicorn command is (a compose service running its image's CMD). */
export function cmdArgsEntry(variable: EnvVar, fileText: (path: string) => string, places: Places): EntryPoint | undefined {
  const words = simpleCommands({ kind: "shell", piece: variable.value }, fileText(variable.value.path)).flat();
  const args = gunicornArgs(words);
  if (!args.preload) return undefined;
  const ep: EntryPoint = {
    server: "gunicorn",
    location: places.of(variable.value),
    source: `GUNICORN_CMD_ARGS in ${variable.value.path}`,
    preload: { kind: "on" },
    preloadLocation: places.of(args.preload),
    mitigation: "none",
    notes: ["applies to whichever gunicorn command runs with this environment"],
  };
  if (args.workerClass && args.workerClass.text !== "sync") ep.workerClass = args.workerClass.text;
  return ep;
}
