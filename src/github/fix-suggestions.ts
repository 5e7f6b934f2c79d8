// A fix the App may not commit (a fork's branch, an installation without `contents: write`) as
// review comments with `suggestion` blocks, which the author can apply in one click. GitHub takes
// a comment only on lines of the pull request's diff, so a file gets suggestions only when every
// line its fix touches is in the diff; any other file is shown as a unified diff instead.
import { createHash } from "node:crypto";
import { structuredPatch } from "diff";
import type { FileChange } from "../fix/types.js";
import { fenced } from "../report/fix-text.js";
import type { CommentableLines, ReviewComment } from "../report/review-comment.js";

/** Hidden in each suggestion, so asking again does not post the same suggestion twice. */
const MARKER = /<!-- forksafe-fix:([0-9a-f]{16}) -->/;

export function suggestionMarkerIn(body: string): string | undefined {
  return MARKER.exec(body)?.[1];
}

export interface Suggestions {
  comments: ReviewComment[];
  /** The changes that could not be placed on the diff: shown whole, as a unified diff. */
  elsewhere: FileChange[];
}

interface Hunk {
  /** Lines of the file at the head that the suggestion replaces. */
  startLine: number;
  endLine: number;
  replacement: string[];
}

/** `posted`: the markers of suggestions already on the pull request; those are not made again. */
export function fixSuggestions(changes: readonly FileChange[], lines: CommentableLines, posted: ReadonlySet<string> = new Set()): Suggestions {
  const comments: ReviewComment[] = [];
  const elsewhere: FileChange[] = [];
  for (const change of changes) {
    const hunks = change.before === null ? undefined : hunksOf(change.before, change.after);
    const inDiff = lines.get(change.path);
    const placeable = hunks !== undefined && hunks.length > 0 && hunks.every((h) => covered(inDiff, h));
    if (!placeable) {
      elsewhere.push(change);
      continue;
    }
    const why = change.descriptions.join("; ") || "Forksafe's fix";
    for (const hunk of hunks) {
      const id = createHash("sha256")
        .update(`${change.path}\0${hunk.startLine}\0${hunk.endLine}\0${hunk.replacement.join("\n")}`)
        .digest("hex")
        .slice(0, 16);
      if (posted.has(id)) continue;
      comments.push({
        path: change.path,
        line: hunk.endLine,
        ...(hunk.endLine > hunk.startLine ? { start_line: hunk.startLine, start_side: "RIGHT" as const } : {}),
        side: "RIGHT",
        body: `**Forksafe fix.** ${why}\n\n${fenced("suggestion", hunk.replacement.join("\n"))}\n\n<!-- forksafe-fix:${id} -->`,
      });
    }
  }
  return { comments, elsewhere };
}

/**
 * The line ranges of `before` that change, each with its new lines. A pure insertion has no line
 * of its own to comment on, so it takes the line above (or below, at the top of the file) along.
 */
function hunksOf(before: string, after: string): Hunk[] {
  const old = before.split("\n");
  return structuredPatch("a", "b", before, after, undefined, undefined, { context: 0 }).hunks.map((h) => {
    const added = h.lines.filter((l) => l.startsWith("+")).map((l) => l.slice(1));
    if (h.oldLines > 0) return { startLine: h.oldStart, endLine: h.oldStart + h.oldLines - 1, replacement: added };
    // Inserted before old line `oldStart`.
    const above = h.oldStart - 1;
    if (above >= 1) return { startLine: above, endLine: above, replacement: [old[above - 1]!, ...added] };
    return { startLine: 1, endLine: 1, replacement: [...added, old[0]!] };
  });
}

function covered(inDiff: ReadonlySet<number> | undefined, hunk: Hunk): boolean {
  if (!inDiff) return false;
  for (let line = hunk.startLine; line <= hunk.endLine; line++) if (!inDiff.has(line)) return false;
  return true;
}
