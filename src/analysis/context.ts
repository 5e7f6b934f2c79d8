// What every analysis step shares: the configuration, the repository's paths and a store that
// reads files in batches, once each, remembering why any was skipped.
import type { Config } from "../config/schema.js";
import type { SourceTree } from "./source-tree.js";
import type { Skipped } from "./types.js";

/** Texts already read, by path. */
export interface Texts {
  text(path: string): string | undefined;
}

export class FileStore implements Texts {
  private readonly texts = new Map<string, string>();
  private readonly skippedFiles = new Map<string, string>();
  bytesRead = 0;

  constructor(private readonly tree: SourceTree) {}

  /** Reads the paths not read yet, in one batch; returns the texts of all that could be read. */
  async load(paths: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(paths)];
    const missing = wanted.filter((p) => !this.texts.has(p) && !this.skippedFiles.has(p));
    if (missing.length > 0) {
      for (const result of await this.tree.read(missing)) {
        if ("text" in result) {
          this.texts.set(result.path, result.text);
          this.bytesRead += Buffer.byteLength(result.text);
        } else {
          this.skippedFiles.set(result.path, result.skipped);
        }
      }
    }
    const out = new Map<string, string>();
    for (const p of wanted) {
      const text = this.texts.get(p);
      if (text !== undefined) out.set(p, text);
    }
    return out;
  }

  /** The text of a file already loaded, or undefined. */
  text(path: string): string | undefined {
    return this.texts.get(path);
  }

  /** Records a file that was read but could not be analysed (a parse failure, say). */
  skip(path: string, reason: string): void {
    this.skippedFiles.set(path, reason);
  }

  get readCount(): number {
    return this.texts.size;
  }

  skipped(): Skipped[] {
    return [...this.skippedFiles].map(([path, reason]) => ({ path, reason }));
  }
}

export interface AnalysisContext {
  config: Config;
  /** Every path the configuration lets the analysis see, sorted. */
  paths: readonly string[];
  pathSet: ReadonlySet<string>;
  files: FileStore;
  /** Counts files parsed by tree-sitter, for the statistics. */
  parsed: { count: number };
}
