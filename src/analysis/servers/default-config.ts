// Where gunicorn looks for its default config: `./gunicorn.conf.py` in the working directory
// (since gunicorn 17.5), read only when neither `-c` nor GUNICORN_CMD_ARGS names a config.
import { repoPath } from "./places.js";
import type { LaunchSite } from "./words.js";

export const DEFAULT_CONFIG_NAME = "gunicorn.conf.py";

export function isDefaultConfig(path: string): boolean {
  return path === DEFAULT_CONFIG_NAME || path.endsWith(`/${DEFAULT_CONFIG_NAME}`);
}

/**
 * The gunicorn.conf.py a command without `-c` reads, and how it was found:
 *  1. in the command's working directory, when its file sets one (WORKDIR, working_dir ...);
 *  2. else beside the launching file, then at the repository root;
 *  3. else the repository's only gunicorn.conf.py, assumed to be where the command runs.
 */
export function defaultConfigFor(site: LaunchSite, paths: ReadonlySet<string>): { path: string; how: string } | undefined {
  const inWorkdir = site.workdir ? workdirConfig(site, paths) : undefined;
  if (inWorkdir) return { path: inWorkdir, how: `${DEFAULT_CONFIG_NAME} in the working directory ${site.workdir}, read by default` };
  if (!site.workdir) {
    const dir = site.path.includes("/") ? site.path.slice(0, site.path.lastIndexOf("/") + 1) : "";
    for (const path of [`${dir}${DEFAULT_CONFIG_NAME}`, DEFAULT_CONFIG_NAME]) {
      if (paths.has(path)) return { path, how: `${DEFAULT_CONFIG_NAME} in the working directory, read by default` };
    }
  }
  const all = defaultConfigs(paths);
  if (all.length === 1) return { path: all[0]!, how: `the repository's only ${DEFAULT_CONFIG_NAME}, assumed to be in the working directory` };
  return undefined;
}

/**
 * A relative working directory from the launching file or the root; an absolute one (a container
 * path) by its longest suffix in the repository, as `COPY . /app` puts the root at /app.
 */
function workdirConfig(site: LaunchSite, paths: ReadonlySet<string>): string | undefined {
  return repoPath(`${site.workdir!.replace(/\/+$/, "")}/${DEFAULT_CONFIG_NAME}`, site.path, undefined, paths);
}

const listed = new WeakMap<ReadonlySet<string>, string[]>();

/** Every gunicorn.conf.py in the repository, listed once per analysis. */
export function defaultConfigs(paths: ReadonlySet<string>): string[] {
  let found = listed.get(paths);
  if (!found) {
    found = [...paths].filter(isDefaultConfig);
    listed.set(paths, found);
  }
  return found;
}
