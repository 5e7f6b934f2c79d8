// One uWSGI entry point from a launch: pre-fork unless lazy-apps (or lazy) is set on the command
// line, in the environment (UWSGI_LAZY_APPS) or in a config file it names.
import type { EntryPoint } from "../types.js";
import type { Discovery } from "./discovery.js";
import type { Launch } from "./launch.js";
import { modulePath, repoPath, type Places } from "./places.js";
import { commandPlaceholderNote, isPlaceholderWord } from "./placeholders.js";
import { truthy, uwsgiArgs, type UwsgiArgs } from "./server-args.js";
import type { UwsgiConfig } from "./uwsgi-config.js";
import type { ImageContext } from "./image-entry.js";

export interface UwsgiPlan {
  launch: Launch;
  args: UwsgiArgs;
  configs: string[];
  missing: string[];
  /** Python modules the launch serves, where a postfork hook may live. */
  modules: string[];
  /** The base image whose supervisord runs this uWSGI (image-entry.ts). */
  image?: ImageContext;
}

export function planUwsgi(launch: Launch, paths: ReadonlySet<string>): UwsgiPlan {
  const args = uwsgiArgs(launch.args);
  const refs = [...args.configs.map((w) => w.text), ...launch.env.filter((e) => e.name === "UWSGI_INI").map((e) => e.value.text)];
  const plan: UwsgiPlan = { launch, args, configs: [], missing: [], modules: [] };
  for (const ref of refs) {
    const path = repoPath(ref.split(":")[0]!, launch.site.path, launch.site.workdir, paths);
    if (path) plan.configs.push(path);
    else plan.missing.push(ref);
  }
  for (const module of args.modules) {
    const path = modulePath(module.text, paths);
    if (path) plan.modules.push(path);
  }
  return plan;
}

export function uwsgiEntry(plan: UwsgiPlan, found: Discovery, places: Places): EntryPoint {
  const configs = plan.configs.flatMap((p) => found.uwsgiConfigs.get(p) ?? []);
  const ep: EntryPoint = {
    server: "uwsgi",
    location: places.of(plan.launch.serverWord),
    source: plan.launch.site.source,
    preload: { kind: "on" },
    mitigation: "none",
    notes: [...configs.map((c) => `config file ${c.path}`), ...plan.missing.map((m) => `config file ${m} is not in the repository`)],
  };
  const lazyEnv = plan.launch.env.find((e) => /^UWSGI_LAZY(_APPS)?$/.test(e.name) && truthy(e.value.text));
  const lazyConfig = configs.find((c) => c.preload.kind !== "on");
  if (plan.args.lazy) {
    ep.preload = { kind: "off" };
    ep.preloadLocation = places.of(plan.args.lazy);
  } else if (lazyEnv) {
    ep.preload = { kind: "off" };
    ep.preloadLocation = places.of(lazyEnv.value);
  } else if (lazyConfig) {
    ep.preload = lazyConfig.preload;
    if (lazyConfig.lazyWord) ep.preloadLocation = places.of(lazyConfig.lazyWord);
  } else {
    ep.preloadLocation = places.of(configs[0]?.header ?? plan.launch.serverWord);
    ep.notes.push("uWSGI loads the app before fork by default (no lazy-apps)");
  }
  const given = plan.args.processes && !isPlaceholderWord(plan.args.processes.text) ? plan.args.processes.text : undefined;
  const processes = given ?? configs.find((c) => c.processes)?.processes;
  const master = plan.image !== undefined || plan.args.master !== undefined || configs.some((c) => c.master);
  const forked = processes && !master && ep.preload.kind !== "off" ? withoutMaster(processes) : undefined;
  if (processes) ep.notes.push(forked ?? `processes = ${processes}`);
  for (const config of configs) ep.notes.push(...config.notes);
  const template = commandPlaceholderNote(plan.launch.site);
  if (template) ep.notes.push(template);
  const modules = [...plan.modules, ...configs.flatMap((c) => c.modules.flatMap((m) => modulePath(m, new Set(found.postforkCloses.keys())) ?? []))];
  applyPostfork(ep, modules, found);
  const threadsEnv = plan.launch.env.some((e) => /^UWSGI_(ENABLE_THREADS|THREADS)$/.test(e.name));
  if (!plan.image && !plan.args.threads && !threadsEnv && !configs.some((c) => c.threads)) ep.threadsOff = true;
  return ep;
}

/** A uWSGI config no command in the repository names. */
export function uwsgiConfigEntry(config: UwsgiConfig, found: Discovery, places: Places): EntryPoint {
  const ep: EntryPoint = {
    server: "uwsgi",
    location: places.of(config.header),
    source: config.path,
    preload: config.preload,
    preloadLocation: places.of(config.lazyWord ?? config.header),
    mitigation: "none",
    notes: [...(config.preload.kind === "on" ? ["uWSGI loads the app before fork by default (no lazy-apps)"] : []), ...config.notes],
  };
  const forked = config.processes && !config.master && config.preload.kind !== "off" ? withoutMaster(config.processes) : undefined;
  if (forked) ep.notes.push(forked);
  if (!config.threads) ep.threadsOff = true;
  applyPostfork(
    ep,
    config.modules.flatMap((m) => modulePath(m, new Set(found.postforkCloses.keys())) ?? []),
    found,
  );
  return ep;
}

/** uWSGI without a master: the first process loads the app, then forks the others from itself. */
function withoutMaster(processes: string): string | undefined {
  const n = Number(processes);
  if (!Number.isInteger(n) || n < 2) return undefined;
  return `processes = ${n} without master: the first process loads the app, then forks the other ${n === 2 ? "one" : n - 1} from itself, so it still loads before fork`;
}

/** A `@postfork` close in a served module, or in any module when there is only one such hook. */
function applyPostfork(ep: EntryPoint, modules: string[], found: Discovery): void {
  const path = modules.find((m) => found.postforkCloses.has(m)) ?? (found.postforkCloses.size === 1 ? [...found.postforkCloses.keys()][0] : undefined);
  const close = path ? found.postforkCloses.get(path) : undefined;
  if (!close) return;
  ep.mitigation = "worker-close";
  ep.mitigationLocation = close;
}
