// Which lines of the new file a review comment may target: GitHub accepts a comment on the
// RIGHT side only on a line inside a hunk of the file's patch (an added or a context line).
// A file without a patch (too large, binary, renamed without change) has no such line.
import parseDiff from "parse-diff";

export interface DiffLines {
  /** New-file line numbers inside the patch's hunks: added and context lines. */
  commentable: ReadonlySet<number>;
  /** New-file line numbers this change added. */
  added: ReadonlySet<number>;
}

const NONE: DiffLines = { commentable: new Set(), added: new Set() };

export function diffLines(patch: string | undefined | null): DiffLines {
  if (!patch) return NONE;
  const commentable = new Set<number>();
  const added = new Set<number>();
  for (const file of parseDiff(patch)) {
    for (const chunk of file.chunks) {
      for (const change of chunk.changes) {
        if (change.content.startsWith("\\")) continue; // "\ No newline at end of file"
        if (change.type === "add") {
          added.add(change.ln);
          commentable.add(change.ln);
        } else if (change.type === "normal") {
          commentable.add(change.ln2);
        }
      }
    }
  }
  return { commentable, added };
}

/** Where a finding's line sits relative to the change: never dropped, only routed. */
export type DiffPlace = "added" | "context" | "outside";

export function diffPlace(lines: DiffLines, line: number): DiffPlace {
  if (lines.added.has(line)) return "added";
  return lines.commentable.has(line) ? "context" : "outside";
}
