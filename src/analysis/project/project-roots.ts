// The source roots and app registrations that need a file's text, gathered as the startup
// batches arrive: packaging files (project-files.ts), read with the first batch, and the
// sys.path edits of settings modules, manage.py and wsgi.py (sys-path.ts). Each file is read
// once; a packaging file that cannot be read is listed as skipped with the reason.
import type { AnalysisContext } from "../context.js";
import type { AppEntry } from "./installed-apps.js";
import type { ModuleIndex } from "./modules.js";
import { PROJECT_FILE, readProjectFile } from "./project-files.js";
import { sysPathRoots } from "./sys-path.js";

/** At most this many packaging files are read, the shallowest first (a monorepo's own, not its vendored copies). */
export const MAX_PROJECT_FILES = 100;

/** The packaging files to read with the first batch. */
export function projectFilesOf(paths: readonly string[]): string[] {
  return paths
    .filter((p) => PROJECT_FILE.test(p))
    .sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : 1))
    .slice(0, MAX_PROJECT_FILES);
}

export class ProjectRoots {
  /** Apps registered through entry points, with the packaging file that names them. */
  readonly apps: AppEntry[] = [];
  private readonly done = new Set<string>();
  private readonly pending: string[];
  private appsSeen = 0;

  constructor(
    private readonly index: ModuleIndex,
    private readonly ctx: AnalysisContext,
  ) {
    this.pending = projectFilesOf(ctx.paths);
  }

  /**
   * Reads the packaging files and the given settings files whose texts have arrived; returns
   * whether the index gained a root.
   */
  read(settingsFiles: readonly string[], textOf: (path: string) => string | undefined): boolean {
    const roots: string[] = [];
    const first: string[] = [];
    const packages: Array<[string, string]> = [];
    for (const path of this.pending) {
      const text = textOf(path);
      if (text === undefined || this.done.has(path)) continue;
      this.done.add(path);
      try {
        this.ctx.parsed.count += path.endsWith(".py") ? 1 : 0;
        const layout = readProjectFile(path, text);
        roots.push(...layout.roots);
        packages.push(...layout.packages);
        for (const name of layout.apps) this.apps.push({ name, from: path });
      } catch (error) {
        this.ctx.files.skip(path, `cannot read its package layout: ${(error as Error).message}`);
      }
    }
    for (const path of settingsFiles) {
      const text = textOf(path);
      if (text === undefined || this.done.has(path) || !path.endsWith(".py")) continue;
      this.done.add(path);
      for (const added of sysPathRoots(path, text, this.ctx.pathSet)) (added.first ? first : roots).push(added.dir);
    }
    return this.index.addRoots(roots, packages, first);
  }

  /** Whether apps were registered since the last call. */
  appsChanged(): boolean {
    const changed = this.apps.length !== this.appsSeen;
    this.appsSeen = this.apps.length;
    return changed;
  }
}
