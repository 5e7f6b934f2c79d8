// A fix plan in words: the commit message, the list of fixes, the refusals (the unified diff is
// fix-diff.ts). The App's replies and commits use it; it knows nothing of GitHub beyond Markdown.
import type { FileChange, FixPlan, Refusal } from "../fix/types.js";

/** What each rule's fix does, as a commit headline (imperative, no trailing period). */
const HEADLINES: Record<string, string> = {
  FS110: "Stop sharing startup database connections between workers",
  FS111: "Rename the gunicorn setting gunicorn ignores",
  FS112: "Close database connections in the master before fork",
  FS203: "Dispose SQLAlchemy engines in each worker after fork",
};

const COVERED_BY_FS110 = new Set(["FS101", "FS102", "FS103"]);

/** The suffix that marks Forksafe's commits in `git log`. */
export const FIX_COMMIT_SUFFIX = "(forksafe fix)";

export interface CommitMessage {
  headline: string;
  body: string;
}

/** One headline for the rules the changes fix, and a body listing every change by file. */
export function commitMessage(changes: readonly FileChange[], trailer: string): CommitMessage {
  // A startup query (FS101-FS103) is fixed by the fix of the pre-fork loading that shares it (FS110).
  const rules = [...new Set(changes.flatMap((c) => c.ruleIds).map((r) => (COVERED_BY_FS110.has(r) ? "FS110" : r)))].sort();
  const known = rules.length === 1 ? HEADLINES[rules[0]!] : undefined;
  const what = known ?? `Fix ${rules.join(", ") || "Forksafe's findings"}`;
  const body = [...changes.flatMap((c) => c.descriptions.map((d) => `- ${d}`)), "", trailer].join("\n").trim();
  return { headline: `${what} ${FIX_COMMIT_SUFFIX}`, body };
}

/** A fenced block that no backtick run in `text` can close early. */
export function fenced(language: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** The fixes a plan makes, one line each. */
export function changeList(changes: readonly FileChange[]): string {
  return changes.flatMap((c) => (c.descriptions.length > 0 ? c.descriptions : [`\`${c.path}\``]).map((d) => `- ${d}`)).join("\n");
}

/** The findings the plan would not fix, each with its reason. */
export function refusalList(refusals: readonly Refusal[]): string {
  return refusals.map((r) => `- ${r.ruleId} at \`${r.path}:${r.line}\`: ${r.reason}`).join("\n");
}

/** "Not fixed automatically" and the refusals, or nothing when there are none. */
export function refusalsBlock(plan: FixPlan): string {
  return plan.refusals.length === 0 ? "" : `Not fixed automatically (fix these by hand):\n\n${refusalList(plan.refusals)}`;
}
