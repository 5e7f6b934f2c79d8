// Reads the library summaries file once per process, on first use, and checks its shape and
// version. A missing or corrupt file is an error that names the file: the analyzer never runs
// without it (that would read as "no findings" where a library queries).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LIBRARY_FORMAT_VERSION, type RawLibrary } from "./format.js";
import { LibraryIndex, type LibraryCommand } from "./lookup.js";

/**
 * data/library-summaries.json at the package root, from src/analysis/library/ and
 * dist/analysis/library/ alike; beside the bundle (data/ next to index.mjs) in the Action.
 */
const CANDIDATES = [new URL("../../../data/library-summaries.json", import.meta.url), new URL("./data/library-summaries.json", import.meta.url)].map((u) =>
  fileURLToPath(u),
);
export const LIBRARY_FILE = CANDIDATES.find((file) => existsSync(file)) ?? CANDIDATES[0]!;

export class LibraryFileError extends Error {
  constructor(file: string, problem: string) {
    super(`Library summaries file ${file}: ${problem}. Reinstall forksafe, or regenerate the file with \`npm run summaries\`.`);
    this.name = "LibraryFileError";
  }
}

let loaded: { index: LibraryIndex; ms: number } | undefined;

/** The shipped library summaries, loaded and indexed on first call. */
export function library(): LibraryIndex {
  if (!loaded) {
    const start = performance.now();
    const index = loadLibrary(LIBRARY_FILE);
    loaded = { index, ms: performance.now() - start };
  }
  return loaded.index;
}

/** How long the first library() call took to read and index the file, ms; undefined before it. */
export function libraryLoadMs(): number | undefined {
  return loaded?.ms;
}

/**
 * The management commands of this name that the summarised packages ship, each with its
 * package, version and whether its handle() touches the database: for `call_command("name")`
 * of a command the repository does not define.
 */
export function libraryCommand(name: string): LibraryCommand[] {
  return library().commands(name);
}

export function loadLibrary(file: string): LibraryIndex {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new LibraryFileError(file, (error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : `cannot be read (${(error as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new LibraryFileError(file, `is not valid JSON (${(error as Error).message})`);
  }
  return new LibraryIndex(checked(file, raw));
}

function checked(file: string, raw: unknown): RawLibrary {
  if (typeof raw !== "object" || raw === null) throw new LibraryFileError(file, "is not a JSON object");
  const data = raw as Partial<RawLibrary>;
  if (data.format !== LIBRARY_FORMAT_VERSION) {
    throw new LibraryFileError(file, `has format version ${String(data.format)}, this forksafe reads version ${LIBRARY_FORMAT_VERSION}`);
  }
  for (const key of ["packages", "chains"] as const) {
    if (!Array.isArray(data[key])) throw new LibraryFileError(file, `key "${key}" is not an array`);
  }
  for (const key of ["modules", "commands"] as const) {
    if (typeof data[key] !== "object" || data[key] === null || Array.isArray(data[key])) {
      throw new LibraryFileError(file, `key "${key}" is not an object`);
    }
  }
  return data as RawLibrary;
}
