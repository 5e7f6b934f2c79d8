// The documentation `npm run docs` generates, and a test keeps current: the README's rule table,
// one page per rule under docs/rules/, and the table of clients in docs/fork-hazards.md.
import { RULES } from "../analysis/rules/index.js";
import type { Rule } from "../analysis/rules/rule.js";
import { withClientTable } from "./fork-clients-doc.js";
import { rulePages, withRuleTable } from "./rule-docs.js";

export const README = "README.md";
export const CLIENTS_PAGE = "docs/fork-hazards.md";

/**
 * Every generated file's expected text, keyed by its path from the repository root. `read`
 * gives the current text of the README and the clients page, whose hand-written parts are kept.
 */
export function generatedDocs(read: (path: string) => string, rules: readonly Rule[] = RULES): Map<string, string> {
  return new Map([[README, withRuleTable(read(README), rules)], [CLIENTS_PAGE, withClientTable(read(CLIENTS_PAGE))], ...rulePages(rules)]);
}
