// Reads candidate files with the reader for their kind, collecting what they hold.
import type { AnalysisContext } from "../context.js";
import { runsEmbeddedGunicorn } from "./embedded-gunicorn.js";
import { parsePython } from "../summaries/parser.js";
import type { Location } from "../types.js";
import type { FileKind } from "./candidates.js";
import { readGunicornConfig, type GunicornConfig } from "./gunicorn-config.js";
import { postforkClose } from "./python-hooks.js";
import { readAppJson, readFlyToml } from "./readers/app-files.js";
import { readDockerfile } from "./readers/dockerfile.js";
import { readEnvFile } from "./readers/env-file.js";
import { readIniUnits } from "./readers/ini-units.js";
import { readProcfile } from "./readers/procfile.js";
import { readShellScript } from "./readers/shell-script.js";
import { readYamlFile } from "./readers/yaml-files.js";
import { readUwsgiConfig, type UwsgiConfig } from "./uwsgi-config.js";
import type { EnvVar, ImageUse, LaunchSite, ReaderResult, Word } from "./words.js";

export interface Discovery {
  sites: LaunchSite[];
  /** Environment set with no command beside it. */
  env: EnvVar[];
  gunicornConfigs: Map<string, GunicornConfig>;
  uwsgiConfigs: Map<string, UwsgiConfig>;
  /** Python files with a uWSGI `@postfork` function that closes connections. */
  postforkCloses: Map<string, Location>;
  /** Environment files named where no command is (compose `env_file` of a service running its image's CMD). */
  envFiles: Word[];
  /** Dockerfiles whose image runs a known base image's own command. */
  images: ImageUse[];
  /** Python scripts a command runs that run gunicorn from their own code (embedded-gunicorn.ts). */
  embeddedGunicorn: string[];
}

export function emptyDiscovery(): Discovery {
  return { sites: [], env: [], gunicornConfigs: new Map(), uwsgiConfigs: new Map(), postforkCloses: new Map(), envFiles: [], images: [], embeddedGunicorn: [] };
}

/** Reads one file into the discovery; unreadable files are recorded as skipped with the reason. */
export function discover(path: string, kind: FileKind, text: string, found: Discovery, ctx: AnalysisContext): void {
  try {
    const result = readByKind(path, kind, text, found, ctx);
    if (typeof result === "string") {
      ctx.files.skip(path, result);
      return;
    }
    found.sites.push(...result.sites);
    found.env.push(...result.env);
    found.envFiles.push(...(result.envFiles ?? []));
    found.images.push(...(result.images ?? []));
  } catch (error) {
    ctx.files.skip(path, `could not read as ${kind}: ${(error as Error).message}`);
  }
}

function readByKind(path: string, kind: FileKind, text: string, found: Discovery, ctx: AnalysisContext): ReaderResult | string {
  const none: ReaderResult = { sites: [], env: [] };
  switch (kind) {
    case "procfile":
      return readProcfile(path, text);
    case "dockerfile":
      return readDockerfile(path, text);
    case "shell":
      return readShellScript(path, text);
    case "env":
      return readEnvFile(path, text);
    case "app-json":
      return readAppJson(path, text);
    case "fly-toml":
      return readFlyToml(path, text);
    case "yaml": {
      const uwsgi = readUwsgiConfig(path, text, "yaml");
      if (uwsgi && typeof uwsgi !== "string") {
        found.uwsgiConfigs.set(path, uwsgi);
        return none;
      }
      return readYamlFile(path, text);
    }
    case "ini": {
      const uwsgi = readUwsgiConfig(path, text, "ini");
      if (uwsgi && typeof uwsgi !== "string") found.uwsgiConfigs.set(path, uwsgi);
      return readIniUnits(path, text);
    }
    case "python-script":
      if (runsEmbeddedGunicorn(text)) found.embeddedGunicorn.push(path);
      return none;
    case "python": {
      const tree = parsePython(text);
      ctx.parsed.count++;
      const close = postforkClose(path, tree.rootNode);
      if (close) found.postforkCloses.set(path, close);
      found.gunicornConfigs.set(path, readGunicornConfig(path, tree.rootNode));
      return none;
    }
  }
}

/** What findEntryPoints read, kept per analysis so the join can report on config files too. */
const byContext = new WeakMap<AnalysisContext, Discovery>();

export function rememberDiscovery(ctx: AnalysisContext, found: Discovery): void {
  byContext.set(ctx, found);
}

export function discoveryOf(ctx: AnalysisContext): Discovery {
  return byContext.get(ctx) ?? emptyDiscovery();
}
