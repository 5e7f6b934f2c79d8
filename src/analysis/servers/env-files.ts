// Environment files a command's environment is read from (compose `env_file`): where they are,
// and the command's environment once they are read (the file's own `environment` wins).
import type { Discovery } from "./discovery.js";
import { repoPath } from "./places.js";
import type { LaunchSite, Word } from "./words.js";

/** The repository paths of the files, relative to the file that names them. */
export function envFilePaths(refs: Word[] | undefined, paths: ReadonlySet<string>): string[] {
  return (refs ?? []).flatMap((ref) => repoPath(ref.text, ref.path, undefined, paths) ?? []);
}

/** The site with the variables of its environment files before its own. */
export function withEnvFiles(site: LaunchSite, found: Discovery, paths: ReadonlySet<string>): LaunchSite {
  const files = envFilePaths(site.envFiles, paths);
  if (files.length === 0) return site;
  const fromFiles = files.flatMap((file) => found.env.filter((v) => v.value.path === file));
  return { ...site, env: [...fromFiles, ...site.env] };
}
