// `--base REF`: keep the findings a pull request review would show, those whose location, chain,
// related locations or entry-point lines are on lines the diff against REF adds or changes.
import parseDiff from "parse-diff";
import type { Finding, Location } from "../analysis/types.js";

/** Changed line numbers (new side) per repository-relative path; "all" for a new, untracked file. */
export type ChangedLines = Map<string, Set<number> | "all">;

/**
 * The lines each file's diff adds or changes. A hunk that only deletes marks the lines on
 * either side of the deletion, so removing a line (a connection close, say) still counts.
 */
export function changedLines(diffText: string): ChangedLines {
  const changed: ChangedLines = new Map();
  for (const file of parseDiff(diffText)) {
    if (!file.to || file.to === "/dev/null") continue;
    const seen = changed.get(file.to);
    const lines = seen instanceof Set ? seen : new Set<number>();
    for (const chunk of file.chunks) {
      for (const change of chunk.changes) if (change.type === "add") lines.add(change.ln);
      if (chunk.newLines === 0) {
        lines.add(chunk.newStart);
        lines.add(chunk.newStart + 1);
      }
    }
    changed.set(file.to, lines);
  }
  return changed;
}

/** Whether any of the finding's places lies on a changed line. */
export function touchedByDiff(finding: Finding, changed: ChangedLines): boolean {
  const places: Location[] = [
    finding.location,
    ...finding.chain.map((s) => s.location),
    ...finding.related.map((s) => s.location),
    ...finding.entryPoints.map((e) => e.location),
  ];
  return places.some((place) => {
    const lines = changed.get(place.path);
    if (!lines) return false;
    if (lines === "all") return true;
    for (let line = place.startLine; line <= place.endLine; line++) if (lines.has(line)) return true;
    return false;
  });
}
