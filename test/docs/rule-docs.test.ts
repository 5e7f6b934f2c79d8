import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generatedDocs } from "../../src/report/generated-docs.js";
import { RULE_PAGES_DIR, ruleTableMarkdown, rulePageMarkdown, withRuleTable } from "../../src/report/rule-docs.js";
import { RULES_FOR_TEST } from "../report/sample.js";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

describe("the generated documentation", () => {
  const expected = generatedDocs(read);

  it.each([...expected.keys()])("%s is what `npm run docs` generates", (path) => {
    // If this fails, run `npm run docs` and commit what it changed.
    expect(read(path)).toBe(expected.get(path));
  });

  it("has a page for every rule and none for a rule that is gone", () => {
    const pages = readdirSync(new URL(`${RULE_PAGES_DIR}/`, root)).map((name) => `${RULE_PAGES_DIR}/${name}`);
    expect(pages.sort()).toEqual([...expected.keys()].filter((p) => p.startsWith(`${RULE_PAGES_DIR}/`)).sort());
  });
});

describe("the rule table and pages", () => {
  it("links every rule of the table to its page", () => {
    const table = ruleTableMarkdown(RULES_FOR_TEST);
    expect(table).toContain("| [FS101](docs/rules/FS101.md) | `query-in-ready` | warning |");
  });

  it("gives a page what the rule finds, why, an example and the fix", () => {
    const page = rulePageMarkdown(RULES_FOR_TEST[1]!);
    expect(page.startsWith("# FS102 query-at-import\n")).toBe(true);
    expect(page).toContain("**Why it is bad.**");
    expect(page).toContain("**Fix.**");
    expect(page).toContain("[Every rule](../../README.md#rules)");
  });

  it("replaces a stale table between the markers, and only there", () => {
    const readme = "# X\n\n<!-- rules:start -->\nold\n<!-- rules:end -->\n\n## Next\n";
    const fresh = withRuleTable(readme, RULES_FOR_TEST);
    expect(fresh).not.toBe(readme);
    expect(fresh.endsWith("<!-- rules:end -->\n\n## Next\n")).toBe(true);
    expect(withRuleTable(fresh, RULES_FOR_TEST)).toBe(fresh);
  });

  it("refuses a README without the markers", () => {
    expect(() => withRuleTable("# X\n", [])).toThrow(/needs the markers/);
  });
});
