// Edits made on a file's text by offset, so that everything outside them (comments, quoting,
// blank lines, line endings) stays as the author wrote it.
import type { Location } from "../analysis/types.js";

/** Replace `text[start, end)` with `insert`. Offsets are UTF-16 indices into the original text. */
export interface TextEdit {
  start: number;
  end: number;
  insert: string;
}

/** Two edits of one file that touch the same text: they cannot both be applied. */
export class OverlapError extends Error {
  override name = "OverlapError";
}

/** Applies edits to the original text; insertions at the same offset keep their order. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((edit, i) => ({ edit, i })).sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || a.i - b.i);
  let out = "";
  let at = 0;
  for (const { edit } of sorted) {
    if (edit.start < at) throw new OverlapError(`two edits overlap at offset ${edit.start}`);
    out += text.slice(at, edit.start) + edit.insert;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** The offset of a 1-based line and column (UTF-16 units, as Location has them). */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + column - 1;
}

export function rangeOf(text: string, location: Location): { start: number; end: number } {
  return { start: offsetAt(text, location.startLine, location.startColumn), end: offsetAt(text, location.endLine, location.endColumn) };
}

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** The offset just after the line holding `offset` (after its newline, or the end of the text). */
export function lineEnd(text: string, offset: number): number {
  const next = text.indexOf("\n", offset);
  return next < 0 ? text.length : next + 1;
}

/** The newline the file uses: `\r\n` when its first line ends so, else `\n`. */
export function newlineOf(text: string): string {
  const first = text.indexOf("\n");
  return first > 0 && text[first - 1] === "\r" ? "\r\n" : "\n";
}
