// Turns words (file offsets) into locations, and names from commands into repository paths.
import type { AnalysisContext } from "../context.js";
import type { Location } from "../types.js";
import { simpleCommands, TextIndex, type LaunchSite, type Word } from "./words.js";

export class Places {
  private readonly indexes = new Map<string, TextIndex>();

  constructor(private readonly ctx: AnalysisContext) {}

  of(word: Word): Location {
    return this.index(word.path).location(word.start, word.end);
  }

  /** The first line of a file, for entry points that are a whole file. */
  firstLine(path: string): Location {
    return this.index(path).lineLocation(1);
  }

  index(path: string): TextIndex {
    let index = this.indexes.get(path);
    if (!index) {
      index = new TextIndex(path, this.ctx.files.text(path) ?? "");
      this.indexes.set(path, index);
    }
    return index;
  }
}

/**
 * The repository path a command means by `ref` (`-c conf/gunicorn.py`, `--ini /app/uwsgi.ini`,
 * `python:proj.gunicorn_conf`), tried against the launching file's directory, its working
 * directory and the root; an absolute container path matches its longest existing suffix.
 */
export function repoPath(ref: string, fromFile: string, workdir: string | undefined, paths: ReadonlySet<string>): string | undefined {
  let name = ref.replace(/^file:/, "");
  const module = /^python:(.+)$/.exec(ref);
  const tries = module ? [`${module[1]!.replace(/\./g, "/")}.py`, `${module[1]!.replace(/\./g, "/")}/__init__.py`] : [name];
  const dir = fromFile.includes("/") ? fromFile.slice(0, fromFile.lastIndexOf("/")) : "";
  for (const tryName of tries) {
    name = tryName;
    const bases = [dir, workdir && !workdir.startsWith("/") ? join(dir, workdir) : undefined, ""];
    for (const base of bases) {
      if (base === undefined || name.startsWith("/")) continue;
      const candidate = join(base, name);
      if (paths.has(candidate)) return candidate;
    }
    const parts = join(workdir?.startsWith("/") && !name.startsWith("/") ? workdir : "", name)
      .split("/")
      .filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const candidate = parts.slice(i).join("/");
      if (paths.has(candidate)) return candidate;
    }
  }
  return undefined;
}

/** `proj.wsgi:application` or `proj/wsgi.py` to a repository path, when it exists. */
export function modulePath(ref: string, paths: ReadonlySet<string>): string | undefined {
  const name = ref.split(":")[0]!;
  const file = name.endsWith(".py") ? name.replace(/^\.?\//, "") : `${name.replace(/\./g, "/")}.py`;
  if (paths.has(file)) return file;
  return [...paths].find((p) => p.endsWith(`/${file}`));
}

/** `base/name` with `.` and `..` resolved, no leading or trailing slash. */
export function join(base: string, name: string): string {
  const out: string[] = [];
  for (const part of `${base}/${name}`.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/** Scripts in the repository that a command runs (`bin/start-web`, `./docker/run.sh`): read as shell too. */
export function scriptsRun(site: LaunchSite, fileText: string, paths: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const words of simpleCommands(site.command, fileText)) {
    for (const word of words.slice(0, 3)) {
      if (!/^[\w./-]+$/.test(word.text) || !/\/|\.sh$/.test(word.text) || /\.(py|ini|ya?ml|json|conf)$/.test(word.text)) continue;
      const path = repoPath(word.text, site.path, site.workdir, paths);
      if (path && path !== site.path) out.push(path);
    }
  }
  return out;
}
