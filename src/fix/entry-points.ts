// From a finding to the entry points behind it, and from an entry point to the gunicorn config
// file a fix goes in: the one gunicorn really reads for that launch, or a new ./gunicorn.conf.py
// in the directory the server starts in. Anything less certain is refused with the reason.
import { DEFAULT_CONFIG_NAME } from "../analysis/servers/default-config.js";
import { loadsBeforeFork } from "../analysis/servers/entry-summary.js";
import { join } from "../analysis/servers/places.js";
import type { AnalysisResult, EntryPoint, Finding, Location } from "../analysis/types.js";
import { Refused } from "./refused.js";

/** The entry points a finding cites (its level came from them). */
export function entryPointsOf(result: AnalysisResult, finding: Finding): EntryPoint[] {
  return result.entryPoints.filter((ep) => finding.entryPoints.some((ref) => ref.server === ep.server && sameStart(ref.location, ep.location)));
}

/** The entry points that load before fork with nothing closing connections first. */
export function unclosedLoaders(eps: EntryPoint[]): EntryPoint[] {
  return eps.filter((ep) => ep.mitigation === "none" && loadsBeforeFork(ep) !== "no");
}

export function sameStart(a: Location, b: Location): boolean {
  return a.path === b.path && a.startLine === b.startLine && a.startColumn === b.startColumn;
}

/** The gunicorn config file to put a hook in: read by this launch, or to be created where it starts. */
export function gunicornConfigTarget(ep: EntryPoint): { path: string; create: boolean } {
  const template = ep.notes.find((n) => n.includes("is a template with unexpanded placeholders"));
  if (template)
    throw new Refused(`${template.split(" is a template")[0]}: the command is generated from a template, so the config file it reads is not known exactly`);
  const dirConfig = ep.startDirectory !== undefined ? join(ep.startDirectory, DEFAULT_CONFIG_NAME) : undefined;
  if (ep.configFile) {
    if (ep.notes.some((n) => n.startsWith(`config file ${ep.configFile}:`) && n.includes("assumed"))) {
      throw new Refused(
        dirConfig
          ? `two config files could be the one gunicorn reads for ${ep.source}: ${ep.configFile} (the repository's only ${DEFAULT_CONFIG_NAME}) and ${dirConfig} (in the directory it starts in)`
          : `gunicorn reads ${ep.configFile} for ${ep.source} only if it starts in that directory, which the repository does not say`,
      );
    }
    if (!ep.configFile.endsWith(".py")) throw new Refused(`${ep.configFile} is not a Python config file; a hook cannot be added to it`);
    return { path: ep.configFile, create: false };
  }
  const missing = ep.notes.find((n) => n.startsWith("config file ") && n.endsWith("is not in the repository"));
  if (missing) throw new Refused(`${ep.source}: ${missing}`);
  if (dirConfig !== undefined) return { path: dirConfig, create: true };
  if (ep.source.startsWith("GUNICORN_CMD_ARGS in")) {
    throw new Refused(
      `${ep.source}: the gunicorn command is not in the repository (a platform's settings or an image's own command), so where it starts is not known`,
    );
  }
  throw new Refused(
    `${ep.source}: the directory gunicorn starts in is not known from the repository's files, so neither is the ./${DEFAULT_CONFIG_NAME} it would read`,
  );
}
