// Findings -> inline review comments. A comment goes only on lines of the pull request's diff,
// ends in a hidden fingerprint so re-runs recognise it, and carries a `suggestion` block only
// when the fix's edits cover exactly the commented lines. It reads in five seconds: one line
// (rule, what, where the server loads it), the chain, the fix; the rest folded.
import { reportedLocations, type Edit, type Finding } from "../analysis/types.js";
import { chainLines, chainList, fixText, foldedDetails, headline, where } from "./headline.js";
import { COMMENT_BODY_MAX_CHARS } from "./limits.js";

export { where };

/** The lines of each file that a review comment may be placed on (right side of the diff). */
export type CommentableLines = ReadonlyMap<string, ReadonlySet<number>>;

export interface ReviewComment {
  path: string;
  /** The last line of the comment's range. */
  line: number;
  /** The first line, for a comment spanning several lines. */
  start_line?: number;
  side: "RIGHT";
  start_side?: "RIGHT";
  body: string;
}

const MARKER = /<!-- forksafe:([A-Za-z0-9_-]+) -->/;

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- forksafe:${fingerprint} -->`;
}

/** The fingerprint hidden in a comment body, if it is one of ours. */
export function fingerprintIn(body: string): string | undefined {
  return MARKER.exec(body)?.[1];
}

/**
 * Where a finding's comment goes: the first reported location (the finding's own, then the start
 * of its chain) whose lines are all in the diff; a single line when only the first one is.
 */
export function commentPlacement(finding: Finding, lines: CommentableLines): { path: string; startLine: number; endLine: number } | undefined {
  for (const location of reportedLocations(finding)) {
    const inDiff = lines.get(location.path);
    if (!inDiff?.has(location.startLine)) continue;
    const end = location.endColumn === 1 && location.endLine > location.startLine ? location.endLine - 1 : location.endLine;
    let whole = true;
    for (let line = location.startLine; line <= end; line++) whole &&= inDiff.has(line);
    return { path: location.path, startLine: location.startLine, endLine: whole ? end : location.startLine };
  }
  return undefined;
}

/**
 * The review comment for a finding, or undefined when none of its lines is in the diff.
 * `fileLines` gives a file's lines (for suggestions); without it no suggestion is made.
 */
export function reviewComment(finding: Finding, lines: CommentableLines, fileLines?: (path: string) => string[] | undefined): ReviewComment | undefined {
  const place = commentPlacement(finding, lines);
  if (!place) return undefined;
  const suggestion = suggestionFor(finding, place, fileLines?.(place.path));
  return {
    path: place.path,
    line: place.endLine,
    ...(place.endLine > place.startLine ? { start_line: place.startLine, start_side: "RIGHT" as const } : {}),
    side: "RIGHT",
    body: commentBody(finding, suggestion),
  };
}

/**
 * The comment's Markdown:
 *  1. the headline: rule, what happens, where the server loads it;
 *  2. the chain, when there is one;
 *  3. the fix, with a `suggestion` block when it is exact;
 *  4. folded: the rest of the message, why, evidence, suppression, the rule's documentation;
 *  5. the hidden fingerprint.
 * Kept under GitHub's body limit by dropping the folded part first.
 */
export function commentBody(finding: Finding, suggestion?: string): string {
  const fix = fixText(finding);
  const head = [
    headline(finding),
    ...(finding.chain.length > 0 || finding.libraryChain?.length ? [`**Chain**\n${chainList(finding)}`] : []),
    ...(fix ? [`**Fix.** ${fix}`] : []),
    ...(suggestion === undefined ? [] : ["```suggestion\n" + suggestion + "\n```"]),
  ];
  const marker = fingerprintMarker(finding.fingerprint);
  const full = [...head, foldedDetails(finding), marker].join("\n\n");
  if (full.length <= COMMENT_BODY_MAX_CHARS) return full;
  const short = head.join("\n\n").slice(0, COMMENT_BODY_MAX_CHARS - marker.length - 3);
  return `${short}…\n\n${marker}`;
}

/** The words of an annotation, in plain text: what, the chain, the fix. */
export function commentText(finding: Finding): string {
  const parts = [headline(finding).replace(/\*\*/g, "")];
  const steps = chainLines(finding, true);
  if (steps.length > 0) parts.push(["Chain:", ...steps.map((step, i) => `${i + 1}. ${step}`)].join("\n"));
  if (finding.entryPoints.length > 0) {
    parts.push(["Served by:", ...finding.entryPoints.map((e) => `- ${e.server} (${where(e.location)}): ${e.summary}`)].join("\n"));
  }
  const fix = fixText(finding);
  if (fix) parts.push(`Fix: ${fix}`);
  return parts.join("\n\n");
}

/** The commented lines with the fix applied, when the edits cover exactly those lines. */
function suggestionFor(finding: Finding, place: { path: string; startLine: number; endLine: number }, text: string[] | undefined): string | undefined {
  const edits = finding.fix?.edits;
  if (!edits || edits.length === 0 || !text) return undefined;
  if (edits.some((e) => e.location.path !== place.path)) return undefined;
  const first = Math.min(...edits.map((e) => e.location.startLine));
  const last = Math.max(...edits.map((e) => editEndLine(e)));
  if (first !== place.startLine || last !== place.endLine || place.endLine > text.length) return undefined;
  const original = text.slice(place.startLine - 1, place.endLine).join("\n");
  const offset = (line: number, column: number) => {
    let at = 0;
    for (let l = place.startLine; l < line; l++) at += (text[l - 1]?.length ?? 0) + 1;
    return at + column - 1;
  };
  const sorted = [...edits].sort((a, b) => offset(b.location.startLine, b.location.startColumn) - offset(a.location.startLine, a.location.startColumn));
  let result = original;
  for (const edit of sorted) {
    const start = offset(edit.location.startLine, edit.location.startColumn);
    const end = Math.min(offset(edit.location.endLine, edit.location.endColumn), original.length);
    result = result.slice(0, start) + edit.replacement + result.slice(end);
  }
  return result.replace(/\n$/, "");
}

/** An edit ending at column 1 of a line ends on the line before. */
function editEndLine(edit: Edit): number {
  const { startLine, endLine, endColumn } = edit.location;
  return endColumn === 1 && endLine > startLine ? endLine - 1 : endLine;
}
