// The server a known base image runs (base-images.ts), as a launch the usual entry-point builders
// take: uWSGI with the app's /app/uwsgi.ini, or gunicorn with the image's or the app's
// gunicorn_conf.py. The app's own files (COPY'd into /app) and the Dockerfile's ENV override the
// image's defaults as its start scripts do; notes say which defaults were used.
import type { EntryPoint } from "../types.js";
import { baseImageOf, type BaseImage, type GunicornImage, type UwsgiImage } from "./base-images.js";
import { copiedFile } from "./container-paths.js";
import type { Discovery } from "./discovery.js";
import { planGunicorn, type GunicornPlan } from "./gunicorn-entry.js";
import type { Launch } from "./launch.js";
import { uwsgiArgs } from "./server-args.js";
import { rootOf, type ServedApp } from "./served-apps.js";
import type { UwsgiPlan } from "./uwsgi-entry.js";
import type { ImageUse, Word } from "./words.js";

/** What an entry point needs to say that it comes from an image's defaults. */
export interface ImageContext {
  use: ImageUse;
  image: BaseImage;
  /** Notes known when planning: the tag assumed, the app module, the config and workers. */
  notes: string[];
}

/** The launch a Dockerfile's (or a compose service's) image runs by its base image's defaults. */
export function planImage(
  use: ImageUse,
  fileText: (path: string) => string,
  paths: ReadonlySet<string>,
): { gunicorn: GunicornPlan } | { uwsgi: UwsgiPlan } | undefined {
  const image = baseImageOf(use.name);
  if (!image) return undefined;
  const context: ImageContext = { use, image, notes: tagNotes(use, image) };
  return image.server === "uwsgi"
    ? { uwsgi: planUwsgiImage(use, image, context, paths) }
    : { gunicorn: planGunicornImage(use, image, context, fileText, paths) };
}

/** The module a uWSGI image serves: its app ini's `module` or `wsgi-file`, else the image's own default. */
export function uwsgiImageServed(plan: UwsgiPlan, found: Discovery, paths: ReadonlySet<string>): ServedApp | undefined {
  const context = plan.image!;
  const image = context.image as UwsgiImage;
  const config = plan.configs.map((p) => found.uwsgiConfigs.get(p)).find((c) => c && c.modules.length > 0);
  const ref = config?.modules[0] ?? image.defaultApp.value;
  const path = moduleFiles(ref, config?.chdir)
    .map((file) => copiedFile(file, context.use, paths))
    .find(Boolean);
  if (!path) return undefined;
  const module = ref.split(":")[0]!.trim();
  const root = /^[A-Za-z_][\w.]*$/.test(module) ? rootOf(path, module) : undefined;
  return root !== undefined ? { path, root } : { path };
}

/** Adds the notes that say the entry point comes from the image's defaults. */
export function addImageNotes(ep: EntryPoint, context: ImageContext, configs: string[], served: ServedApp | undefined): void {
  const { image } = context;
  const module = served ? ` ${served.path}` : " the app";
  if (image.server === "uwsgi") {
    const ini = configs[0] ? `the app's ${image.appIni} (${configs[0]})` : `the image's own ${image.appIni} (${defaultAppText(image)})`;
    const loading = ep.preload.kind === "off" ? `lazy-apps makes each worker load${module} itself` : `its master loads${module} before forking its processes`;
    ep.notes = [`${image.name} runs uWSGI with ${ini}; ${loading} (image default, ${image.source})`, ...context.notes, ...ep.notes];
  } else {
    const loading = ep.preload.kind === "off" ? `without preload each worker loads${module} itself` : `preload makes the master load${module} before fork`;
    ep.notes = [`${image.name} runs gunicorn from its start script; ${loading} (image default, ${image.source})`, ...context.notes, ...ep.notes];
  }
}

function planUwsgiImage(use: ImageUse, image: UwsgiImage, context: ImageContext, paths: ReadonlySet<string>): UwsgiPlan {
  const iniVar = envValue(use, "UWSGI_INI");
  const iniPath = iniVar && !iniVar.includes("$") ? iniVar : image.appIni;
  const ini = copiedFile(iniPath, use, paths);
  if (iniVar) context.notes.push(`UWSGI_INI=${iniVar} set in ${use.path}${ini ? "" : ": no COPY puts that file in the image"}`);
  const setting = (name: string, fallback: number): string => {
    const value = envValue(use, name);
    return value === undefined ? `${name}=${fallback} (image default)` : `${name}=${value} (set in ${use.path})`;
  };
  const cheaper = envValue(use, "UWSGI_CHEAPER") ?? String(image.cheaper);
  const processes = envValue(use, "UWSGI_PROCESSES") ?? String(image.processes);
  context.notes.push(
    `${setting("UWSGI_CHEAPER", image.cheaper)}, ${setting("UWSGI_PROCESSES", image.processes)}: ${cheaper} workers at start, up to ${processes}; cheaper mode implies a master`,
  );
  const launch = imageLaunch(use, "uwsgi", []);
  return { launch, args: uwsgiArgs([]), configs: ini ? [ini] : [], missing: [], modules: [], image: context };
}

function planGunicornImage(
  use: ImageUse,
  image: GunicornImage,
  context: ImageContext,
  fileText: (path: string) => string,
  paths: ReadonlySet<string>,
): GunicornPlan {
  const app = appModule(use, paths);
  context.notes.push(app.note);
  const worker = envValue(use, "WORKER_CLASS") ?? image.workerClass;
  const launch = imageLaunch(use, "gunicorn", ["-k", worker, app.text]);
  const plan = planGunicorn(launch, fileText, paths);
  // The start script always passes -c, so gunicorn.conf.py and a -c in GUNICORN_CMD_ARGS are not read.
  delete plan.config;
  delete plan.missingConfig;
  delete plan.unreadDefault;
  const confVar = envValue(use, "GUNICORN_CONF");
  const tries = confVar && !confVar.includes("$") ? [confVar] : ["/app/gunicorn_conf.py", "/app/app/gunicorn_conf.py"];
  const config = tries.map((file) => ({ file, path: copiedFile(file, use, paths) })).find((c) => c.path);
  if (config?.path) {
    plan.config = { path: config.path, how: `copied to ${config.file}, which the image's start script passes to -c instead of its own ${image.ownConfig}` };
  } else {
    context.notes.push(
      `config: the image's own ${image.ownConfig}, which sets no preload_app; workers from WEB_CONCURRENCY, else ${image.workersByDefault}${confVar ? ` (GUNICORN_CONF=${confVar} is not a file the Dockerfile copies)` : ""}`,
    );
  }
  plan.image = context;
  if (app.path) plan.served = { path: app.path };
  return plan;
}

/**
 * APP_MODULE as the start script sets it: APP_MODULE, else MODULE_NAME:VARIABLE_NAME, with
 * MODULE_NAME `app.main` when /app/app/main.py exists, else `main`.
 */
function appModule(use: ImageUse, paths: ReadonlySet<string>): { text: string; path?: string; note: string } {
  const given = envValue(use, "APP_MODULE");
  const nested = copiedFile("/app/app/main.py", use, paths);
  const moduleVar = envValue(use, "MODULE_NAME");
  const module = moduleVar ?? (nested ? "app.main" : "main");
  const text = given ?? `${module}:${envValue(use, "VARIABLE_NAME") ?? "app"}`;
  const path = text.includes("$")
    ? undefined
    : moduleFiles(text)
        .map((file) => copiedFile(file, use, paths))
        .find(Boolean);
  const how = given
    ? `APP_MODULE set in ${use.path}`
    : moduleVar
      ? `MODULE_NAME set in ${use.path}`
      : `image default: ${nested ? "/app/app/main.py exists" : "/app/main.py"}`;
  const where = path ? `, ${path} in the repository` : text.includes("$") ? ": its value is not known here" : ": no COPY puts it in the image";
  return { text, ...(path ? { path } : {}), note: `app ${text} (${how})${where}` };
}

/** The files a module or wsgi-file reference means inside the image: from `dir` (uWSGI's chdir), else /app. */
function moduleFiles(ref: string, dir = "/app"): string[] {
  const name = ref.split(":")[0]!.trim();
  const base = dir.replace(/\/+$/, "");
  if (name.endsWith(".py")) return [name.startsWith("/") ? name : `${base}/${name.replace(/^\.\//, "")}`];
  const file = `${base}/${name.replace(/\./g, "/")}`;
  return [`${file}.py`, `${file}/__init__.py`];
}

function tagNotes(use: ImageUse, image: BaseImage): string[] {
  if (!use.tag) return [`${use.image.text} has no tag: assumed ${image.latestTag} (the latest), with the defaults read from ${image.source}`];
  if (use.tag.includes("$")) return [`tag ${use.tag} is not known here: assumed ${image.latestTag} (the latest), with the defaults read from ${image.source}`];
  return [];
}

function defaultAppText(image: UwsgiImage): string {
  const { option, value, callable } = image.defaultApp;
  return `${option} = ${value}${callable ? `, callable = ${callable}` : ""}`;
}

/** A launch placed at the FROM line's image, with the Dockerfile's ENV as its environment. */
function imageLaunch(use: ImageUse, server: "gunicorn" | "uwsgi", args: string[]): Launch {
  const word = (text: string): Word => ({ ...use.image, text });
  return {
    site: {
      path: use.path,
      source: `${use.path} ${use.origin} ${use.image.text} (image default command)`,
      command: { kind: "argv", words: [] },
      env: use.env,
      ...(use.workdir ? { workdir: use.workdir } : {}),
    },
    server,
    serverWord: use.image,
    args: args.map(word),
    env: use.env,
  };
}

/** The value the Dockerfile's ENV gives a variable last, if any. */
function envValue(use: ImageUse, name: string): string | undefined {
  return use.env.filter((v) => v.name === name).pop()?.value.text;
}
