// Shared test helpers: run the entry-point reader over in-memory files.
import { FileStore, type AnalysisContext } from "../../src/analysis/context.js";
import { findEntryPoints } from "../../src/analysis/servers/index.js";
import { memoryTree } from "../../src/analysis/source-tree.js";
import type { EntryPoint, Location } from "../../src/analysis/types.js";
import { DEFAULT_CONFIG, type Config } from "../../src/config/schema.js";

export function contextOf(files: Record<string, string>, config: Config = DEFAULT_CONFIG): AnalysisContext & { batches: string[][] } {
  const tree = memoryTree(files);
  const batches: string[][] = [];
  const counting = { paths: tree.paths, read: async (paths: string[]) => (batches.push(paths), tree.read(paths)) };
  const paths = Object.keys(files).sort();
  return { config, paths, pathSet: new Set(paths), files: new FileStore(counting), parsed: { count: 0 }, batches };
}

export async function entryPointsOf(files: Record<string, string>, config?: Config): Promise<EntryPoint[]> {
  return findEntryPoints(contextOf(files, config));
}

/** `path:line:column` of a location, or undefined. */
export function at(location: Location | undefined): string | undefined {
  return location && `${location.path}:${location.startLine}:${location.startColumn}`;
}

/** The text a location covers, when it is on one line. */
export function textAt(files: Record<string, string>, location: Location | undefined): string | undefined {
  if (!location || location.startLine !== location.endLine) return undefined;
  return files[location.path]?.split("\n")[location.startLine - 1]?.slice(location.startColumn - 1, location.endColumn - 1);
}
