// The repository directory a server starts in, where gunicorn looks for `./gunicorn.conf.py`:
// known for a platform file (Heroku and Dokku run a Procfile's commands from the directory that
// holds it), a relative working directory, and a script whose caller is known and that does not
// change directory itself. Unknown otherwise (a container path, a systemd unit, a platform's own
// settings): whoever needs it must then say so rather than guess.
import { join } from "./places.js";
import type { LaunchSite } from "./words.js";

/** Files whose commands the platform runs from the file's own directory. */
const PLATFORM_FILES = new Set(["Procfile", "app.json", "fly.toml"]);

export function startDirectory(
  site: LaunchSite,
  runners: ReadonlyMap<string, LaunchSite>,
  fileText: (path: string) => string,
  seen = new Set<string>(),
): string | undefined {
  const dir = site.path.includes("/") ? site.path.slice(0, site.path.lastIndexOf("/")) : "";
  if (site.workdir !== undefined) return site.workdir.startsWith("/") ? undefined : join(dir, site.workdir);
  if (PLATFORM_FILES.has(site.path.split("/").pop()!)) return dir;
  const runner = runners.get(site.path);
  if (!runner || seen.has(site.path) || changesDirectory(fileText(site.path))) return undefined;
  seen.add(site.path);
  return startDirectory(runner, runners, fileText, seen);
}

/** A script that runs `cd` (or pushd) somewhere: where it starts gunicorn is not its caller's directory. */
function changesDirectory(text: string): boolean {
  return /(^|[;&|(]\s*|\n\s*)(cd|pushd)(\s|$)/.test(text);
}
