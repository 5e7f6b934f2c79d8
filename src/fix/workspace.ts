// What a plan is built in: the files fixes read (through the SourceTree, never the disk), the
// edits each fix asks for on them, and the refusals. Edits are collected against each file's
// original text and applied together at the end, so two fixes of one file never see each other's
// offsets; a hook two fixes ask for is written once.
import type { SourceTree } from "../analysis/source-tree.js";
import type { AnalysisResult, Finding } from "../analysis/types.js";
import { renderHooks, type HookRequest } from "./python-hooks.js";
import { parseProblem } from "./parse-check.js";
import { Refused } from "./refused.js";
import { applyEdits, OverlapError, type TextEdit } from "./text-edits.js";
import type { FileChange, Refusal } from "./types.js";

export type FileText = { text: string; exists: boolean } | { problem: string };

interface Pending {
  path: string;
  before: string | null;
  edits: TextEdit[];
  hooks: HookRequest[];
  descriptions: string[];
  ruleIds: Set<string>;
  /** The findings behind this file's fixes: each gets the refusal if the file cannot be fixed. */
  findings: Finding[];
}

export class FixWorkspace {
  private readonly texts = new Map<string, FileText>();
  private readonly pending = new Map<string, Pending>();
  private readonly refusals = new Map<string, Refusal>();
  private paths: Set<string> | undefined;

  constructor(
    private readonly tree: SourceTree,
    readonly result: AnalysisResult,
  ) {}

  /**
   * A file's text for a fix to edit: `exists: false` with empty text when the repository has no
   * such file; a problem when it cannot be edited (binary, not UTF-8, a link out of the
   * repository, too large, not parsing).
   */
  async file(path: string): Promise<FileText> {
    const known = this.texts.get(path);
    if (known) return known;
    this.paths ??= new Set(await this.tree.paths());
    const skipped = this.result.skipped.find((s) => s.path === path);
    let out: FileText;
    if (skipped) out = { problem: `${path}: ${skipped.reason}` };
    else if (!this.paths.has(path)) out = { text: "", exists: false };
    else {
      const [read] = await this.tree.read([path]);
      if (!read || "skipped" in read) out = { problem: `${path}: ${read?.skipped ?? "not read"}` };
      else {
        const problem = parseProblem(path, read.text);
        out = problem ? { problem } : { text: read.text, exists: true };
      }
    }
    this.texts.set(path, out);
    return out;
  }

  /** Records edits on a file read through `file()`; `hooks` are Python hook bodies to ensure. */
  change(path: string, finding: Finding, description: string, change: { edits?: TextEdit[]; hooks?: HookRequest[] }): void {
    const known = this.texts.get(path);
    if (!known || "problem" in known) throw new Error(`${path} was not read for editing`);
    let entry = this.pending.get(path);
    if (!entry) {
      entry = { path, before: known.exists ? known.text : null, edits: [], hooks: [], descriptions: [], ruleIds: new Set(), findings: [] };
      this.pending.set(path, entry);
    }
    for (const edit of change.edits ?? [])
      if (!entry.edits.some((e) => e.start === edit.start && e.end === edit.end && e.insert === edit.insert)) entry.edits.push(edit);
    entry.hooks.push(...(change.hooks ?? []));
    if (!entry.descriptions.includes(description)) entry.descriptions.push(description);
    entry.ruleIds.add(finding.ruleId);
    entry.findings.push(finding);
  }

  refuse(finding: Finding, reason: string): void {
    const refusal: Refusal = { ruleId: finding.ruleId, path: finding.location.path, line: finding.location.startLine, reason };
    this.refusals.set(`${refusal.ruleId}\0${refusal.path}\0${refusal.line}\0${reason}`, refusal);
  }

  /** The changes, each checked to parse; a file whose result does not parse becomes refusals. */
  finish(): { changes: FileChange[]; refusals: Refusal[] } {
    const changes: FileChange[] = [];
    for (const entry of [...this.pending.values()].sort((a, b) => a.path.localeCompare(b.path))) {
      const before = entry.before ?? "";
      let after: string;
      try {
        // Hooks are placed in the text the other edits leave (a close removed from post_fork, say).
        const edited = applyEdits(before, entry.edits);
        after = applyEdits(edited, renderHooks(entry.path, edited, entry.hooks));
      } catch (error) {
        if (!(error instanceof Refused || error instanceof OverlapError)) throw error;
        for (const f of entry.findings) this.refuse(f, `${entry.path}: ${error.message}`);
        continue;
      }
      const problem = parseProblem(entry.path, after);
      if (problem) {
        for (const f of entry.findings) this.refuse(f, `the fixed ${entry.path} would not parse (${problem}); not changed`);
        continue;
      }
      if (after === entry.before) continue;
      changes.push({ path: entry.path, before: entry.before, after, descriptions: entry.descriptions, ruleIds: [...entry.ruleIds].sort() });
    }
    const refusals = [...this.refusals.values()].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));
    return { changes, refusals };
  }
}
