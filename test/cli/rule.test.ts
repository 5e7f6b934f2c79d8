// `forksafe rule`: a rule's documentation from its rule file, wrapped to the width; the list;
// an unknown id is a usage error that lists the ids.
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/analysis/rules/index.js";
import { ruleTerminalText, wrap } from "../../src/report/rule-terminal.js";
import { forksafe } from "./run-cli.js";

describe("forksafe rule", () => {
  it("prints what, why, an example and the fix of FS101, from the rule file, in the terminal's width", () => {
    const run = forksafe(["rule", "fs101"], { COLUMNS: "60" });
    expect(run.status).toBe(0);
    const rule = RULES.find((r) => r.id === "FS101")!;
    expect(run.stdout).toBe(ruleTerminalText(rule, 60));
    expect(run.stdout).toMatch(/^FS101 query-in-ready \(default level: warning\)\n/);
    for (const heading of ["What it finds", "Why it is bad", "Example", "Fix"]) expect(run.stdout).toContain(`\n${heading}\n`);
    expect(run.stdout).toContain(rule.docs.example.split("\n")[0]!);
    const prose = run.stdout.split("\n").filter((l) => !l.startsWith("    "));
    expect(prose.every((l) => l.length <= 60)).toBe(true);
    expect(run.stdout.replace(/\s+/g, " ")).toContain(rule.docs.why.replace(/\s+/g, " "));
  });

  it("lists every rule with --all", () => {
    const run = forksafe(["rule", "--all"]);
    expect(run.status).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split("\n")
        .map((l) => l.split(" ")[0]),
    ).toEqual(RULES.map((r) => r.id));
  });

  it("exits 2 on an unknown id, listing the ids", () => {
    const run = forksafe(["rule", "FS999"]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`forksafe: unknown rule "FS999"; the rules are ${RULES.map((r) => r.id).join(", ")}\n`);
  });
});

describe("wrap", () => {
  it("fills words into lines of the width, a long word on its own line", () => {
    expect(wrap("aa bb cc dd", 5)).toBe("aa bb\ncc dd");
    expect(wrap("a verylongword b", 6, "  ")).toBe("  a\n  verylongword\n  b");
  });
});
