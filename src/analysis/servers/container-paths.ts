// Which repository file a path inside a container holds, by the COPY and ADD instructions (or the
// compose bind mounts) that put files there: `COPY ./app /app` puts `app/main.py` at
// /app/main.py. Sources are taken from the naming file's directory, else the repository root.
import picomatch from "picomatch";
import type { ImageCopy, ImageUse } from "./words.js";
import { join } from "./places.js";

/** The repository path of the file at `target` in the image, or undefined when no COPY brings it. */
export function copiedFile(target: string, use: ImageUse, paths: ReadonlySet<string>): string | undefined {
  const dir = use.path.includes("/") ? use.path.slice(0, use.path.lastIndexOf("/")) : "";
  const contexts = dir ? [dir, ""] : [""];
  for (const copy of [...use.copies].reverse()) {
    const dest = absolute(copy);
    for (const source of [...copy.sources].reverse()) {
      for (const context of contexts) {
        const found = sourceFor(target, dest, join(context, source), paths);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** The destination as an absolute path without a trailing slash, and whether it names a directory. */
function absolute(copy: ImageCopy): { path: string; dir: boolean } {
  const dir = copy.dest.endsWith("/") || copy.dest === "." || copy.sources.length > 1;
  const path = join(copy.dest.startsWith("/") ? "" : (copy.workdir ?? "/"), copy.dest);
  return { path: `/${path}`.replace(/\/+$/, "") || "/", dir };
}

function sourceFor(target: string, dest: { path: string; dir: boolean }, source: string, paths: ReadonlySet<string>): string | undefined {
  const base = source.slice(source.lastIndexOf("/") + 1);
  if (/[*?[]/.test(base)) {
    // `COPY *.py /app/`: the file keeps its name in the destination directory.
    const name = target.slice(target.lastIndexOf("/") + 1);
    const candidate = join(source.slice(0, source.lastIndexOf("/") + 1), name);
    return `${dest.path}/${name}`.replace(/^\/\//, "/") === target && picomatch(base)(name) && paths.has(candidate) ? candidate : undefined;
  }
  if (target === dest.path && !dest.dir) return paths.has(source) ? source : undefined;
  const prefix = dest.path === "/" ? "/" : `${dest.path}/`;
  if (!target.startsWith(prefix)) return undefined;
  const rest = target.slice(prefix.length);
  // A file copied into a directory keeps its name; a directory copies its contents.
  if (rest === base && paths.has(source)) return source;
  const inside = join(source, rest);
  return paths.has(inside) ? inside : undefined;
}
