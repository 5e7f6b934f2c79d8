// Where the analysis gets files from. The CLI backs it with the file system, the app with the
// GitHub API; the analysis asks for files in batches and only for what startup reaches.

export type ReadResult = { path: string; text: string } | { path: string; skipped: string };

export interface SourceTree {
  /** Every file path in the repository: POSIX, repository-relative, no leading `./`. */
  paths(): Promise<string[]>;
  /**
   * The contents of these files, in one batch where the backend allows. A file that cannot be
   * read as text (missing, binary, not UTF-8, over the size limit) comes back `skipped` with a
   * reason for people. Never throws for a single bad file.
   */
  read(paths: string[]): Promise<ReadResult[]>;
}

/** Files larger than this are skipped, in every backend. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** A SourceTree over an in-memory map, for tests and callers that already hold the files. */
export function memoryTree(files: Record<string, string>): SourceTree {
  return {
    async paths() {
      return Object.keys(files).sort();
    },
    async read(paths) {
      return paths.map((path) => {
        const text = files[path];
        return text === undefined ? { path, skipped: "not found" } : { path, text };
      });
    },
  };
}
