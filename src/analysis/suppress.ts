// `# forksafe: ignore` and `# forksafe: ignore[FS101, FS102]`, on a reported line or the line
// above it.
import { reportedLocations, type DraftFinding, type Location } from "./types.js";

const IGNORE = /#\s*forksafe:\s*ignore(?:\[([^\]]*)\])?/i;

/** The comment that suppresses the finding, if any. */
export function suppression(finding: DraftFinding, textOf: (path: string) => string | undefined): { location: Location } | undefined {
  const places = [...reportedLocations(finding), ...finding.chain.map((s) => s.location)];
  for (const place of places) {
    const lines = textOf(place.path)?.split(/\r?\n/);
    if (!lines) continue;
    for (const lineNo of [place.startLine, place.startLine - 1]) {
      const line = lines[lineNo - 1];
      if (line !== undefined && ignores(line, finding.ruleId, lineNo === place.startLine)) {
        const column = line.search(IGNORE) + 1;
        return {
          location: { path: place.path, startLine: lineNo, startColumn: column, endLine: lineNo, endColumn: line.length + 1 },
        };
      }
    }
  }
  return undefined;
}

/** Whether this line's comment ignores the rule. The line above counts only when it is a comment alone. */
export function ignores(line: string, ruleId: string, sameLine: boolean): boolean {
  const match = IGNORE.exec(line);
  if (!match) return false;
  if (!sameLine && !line.trimStart().startsWith("#")) return false;
  const list = match[1];
  if (list === undefined) return true;
  return list
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .includes(ruleId.toUpperCase());
}
