// `npm run docs`: regenerates the README's rule table and the rule pages under docs/rules/ from
// the rule files, and the table of clients in docs/fork-hazards.md from
// src/analysis/knowledge/clients.ts. A rule page whose rule is gone is removed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generatedDocs } from "../src/report/generated-docs.js";
import { RULE_PAGES_DIR } from "../src/report/rule-docs.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const at = (p: string) => path.join(root, p);
const expected = generatedDocs((p) => readFileSync(at(p), "utf8"));

mkdirSync(at(RULE_PAGES_DIR), { recursive: true });
const changed: string[] = [];
for (const [p, text] of expected) {
  if (existsSync(at(p)) && readFileSync(at(p), "utf8") === text) continue;
  writeFileSync(at(p), text);
  changed.push(p);
}
for (const name of readdirSync(at(RULE_PAGES_DIR))) {
  const p = `${RULE_PAGES_DIR}/${name}`;
  if (expected.has(p)) continue;
  rmSync(at(p));
  changed.push(`${p} (removed)`);
}
console.log(changed.length === 0 ? `Generated docs are up to date (${expected.size} files).` : `Regenerated: ${changed.join(", ")}`);
