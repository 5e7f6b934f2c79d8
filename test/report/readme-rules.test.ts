import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/analysis/rules/index.js";
import { ruleListMarkdown, withRuleList } from "../../src/report/rule-docs.js";
import { RULES_FOR_TEST } from "./sample.js";

describe("the README's rule list", () => {
  it("is what `npm run docs` generates from the rule files", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    // If this fails, run `npm run docs` and commit README.md.
    expect(readme).toBe(withRuleList(readme, RULES));
  });

  it("lists every rule with its docs, and a stale list is detected", () => {
    const list = ruleListMarkdown(RULES_FOR_TEST);
    expect(list).toContain("| [FS101](#fs101-query-in-ready) | `query-in-ready` | warning |");
    expect(list).toContain("### FS102 query-at-import");
    expect(list).toContain("**Why it is bad.**");
    const readme = "# X\n\n<!-- rules:start -->\nold\n<!-- rules:end -->\n\n## Next\n";
    const fresh = withRuleList(readme, RULES_FOR_TEST);
    expect(fresh).not.toBe(readme);
    expect(fresh.endsWith("<!-- rules:end -->\n\n## Next\n")).toBe(true);
    expect(withRuleList(fresh, RULES_FOR_TEST)).toBe(fresh);
  });

  it("refuses a README without the markers", () => {
    expect(() => withRuleList("# X\n", [])).toThrow(/needs the markers/);
  });
});
