// A rule: its id, its default level and the documentation that becomes the README's rule table,
// its page under docs/rules/ and the SARIF rule metadata. Detection lives in summaries/, project/, startup/, knowledge/ and
// servers/; a rule file says what the finding means and how to fix it.
import type { Severity } from "../types.js";

export interface RuleDocs {
  /** What it finds: one paragraph. */
  what: string;
  /** Why it is bad. */
  why: string;
  /** A short example that triggers the rule (code, no fences). */
  example: string;
  /** The fix, in prose, with code where it helps (code, no fences). */
  fix: string;
  /** Language of `example` and `fixExample`: python, ini, yaml, shell ... */
  language: string;
  fixExample?: string;
}

export interface Rule {
  id: `FS${1 | 2}${number}`;
  /** kebab-case name, e.g. `query-in-ready`. */
  name: string;
  /** One line shown in lists and as the SARIF short description. */
  summary: string;
  /** Level when nothing else decides it (the entry-point join may raise or lower it). */
  defaultSeverity: Severity;
  docs: RuleDocs;
}
