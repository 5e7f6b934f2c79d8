// `npm run docs`: regenerates the README's rule list from the rule files, and its table of
// clients from src/analysis/knowledge/clients.ts.
import { readFileSync, writeFileSync } from "node:fs";
import { RULES } from "../src/analysis/rules/index.js";
import { withClientTable } from "../src/report/fork-clients-doc.js";
import { withRuleList } from "../src/report/rule-docs.js";

const readmeUrl = new URL("../README.md", import.meta.url);
const before = readFileSync(readmeUrl, "utf8");
const after = withClientTable(withRuleList(before, RULES));
if (after === before) {
  console.log(`README.md rule list is up to date (${RULES.length} rules).`);
} else {
  writeFileSync(readmeUrl, after);
  console.log(`README.md rule list regenerated (${RULES.length} rules).`);
}
