// The Markdown a reviewer reads: the inline comment (headline, chain, fix, the rest folded) and
// the check-run summary (table first, long text folded), by snapshot; and GitHub's limits.
import { describe, expect, it } from "vitest";
import type { ChainStep, Finding, Location } from "../../src/analysis/types.js";
import { checkRunReport } from "../../src/report/check-run.js";
import { headline } from "../../src/report/headline.js";
import { ANNOTATION_TITLE_MAX_CHARS, CHECK_OUTPUT_MAX_CHARS, COMMENT_BODY_MAX_CHARS } from "../../src/report/limits.js";
import { commentBody, reviewComment } from "../../src/report/review-comment.js";
import { RESULT, SOURCES } from "./sample.js";

const at = (path: string, line: number, column = 1, endColumn = 10): Location => ({ path, startLine: line, startColumn: column, endLine: line, endColumn });

const PRELOAD = {
  server: "gunicorn" as const,
  location: at("Procfile", 1, 6, 14),
  source: "Procfile web process",
  summary: "preload_app = True (gunicorn.conf.py:3), no close before fork",
};

const CHAINED: Finding = {
  ruleId: "FS101",
  severity: "error",
  location: at("shop/services.py", 5, 12, 35),
  message:
    "`Product.objects.count()` runs a query in ShopConfig.ready() (reached through 1 call). A pre-forking server runs this in the master. Loaded before fork, with no close first, by Procfile web process.",
  chain: [
    { location: at("shop/apps.py", 11, 9, 21), label: "ready() calls warm_cache()" },
    { location: at("shop/services.py", 5, 12, 35), label: "warm_cache() runs Product.objects.count()" },
  ],
  related: [],
  entryPoints: [PRELOAD],
  fingerprint: "2222222222222222",
};

describe("the headline", () => {
  it("says the rule, what happens and where the server loads it, in one line", () => {
    expect(headline(CHAINED)).toBe(
      "**FS101** · `Product.objects.count()` runs a query in ShopConfig.ready() (reached through 1 call), in the gunicorn master before fork (`preload_app = True`, gunicorn.conf.py:3)",
    );
    expect(headline(CHAINED)).not.toContain("\n");
  });

  it("names the variable when preload depends on one, and stays plain without an entry point", () => {
    const env = { ...PRELOAD, summary: "preload depends on GUNICORN_PRELOAD, default off (gunicorn.conf.py:3), no close before fork" };
    expect(headline({ ...CHAINED, entryPoints: [env] })).toMatch(
      /in the gunicorn master before fork when `GUNICORN_PRELOAD` turns preload on \(Procfile web process\)$/,
    );
    expect(headline({ ...CHAINED, entryPoints: [] })).toBe("**FS101** · `Product.objects.count()` runs a query in ShopConfig.ready() (reached through 1 call)");
  });

  it("does not end the first sentence at a dot inside code", () => {
    expect(headline({ ...CHAINED, message: "`a.b. C.d()` runs. Next.", entryPoints: [] })).toBe("**FS101** · `a.b. C.d()` runs");
  });
});

describe("review comment bodies", () => {
  it("put headline, chain and fix first and fold the rest", () => {
    const body = commentBody({ ...CHAINED, fix: { description: "Load the count on first use, in a worker." } });
    expect(body).toMatchSnapshot();
    const folded = body.indexOf("<details>");
    expect(body.indexOf("**Chain**")).toBeLessThan(folded);
    expect(body.indexOf("**Fix.**")).toBeLessThan(folded);
    expect(body.indexOf("forksafe: ignore[FS101]")).toBeGreaterThan(folded);
  });

  it("carry a suggestion block right after the fix when it is exact", () => {
    const text = SOURCES.get("shop/apps.py")!.split("\n");
    const finding: Finding = {
      ...CHAINED,
      location: at("shop/apps.py", 9, 9, 35),
      chain: [],
      fix: { description: "Drop the query.", edits: [{ location: at("shop/apps.py", 9, 9, 35), replacement: "pass" }] },
    };
    const comment = reviewComment(finding, new Map([["shop/apps.py", new Set([9])]]), () => text);
    expect(comment?.body).toMatchSnapshot();
    expect(comment?.body).toMatch(/\*\*Fix\.\*\* Drop the query\.\n\n```suggestion\n {8}pass\n```\n\n<details>/);
  });

  it("show a chain step in a third-party library with the library's name", () => {
    const step = { location: at("django/contrib/sites/models.py", 40), label: "get_current() runs a query", library: "django" } as ChainStep;
    expect(commentBody({ ...CHAINED, chain: [CHAINED.chain[0]!, step] })).toContain(
      "2. `django/contrib/sites/models.py:40` (in django) get_current() runs a query",
    );
  });

  it("stay within GitHub's body limit and keep the fingerprint", () => {
    const body = commentBody({ ...CHAINED, message: "x".repeat(COMMENT_BODY_MAX_CHARS * 2) });
    expect(body.length).toBeLessThanOrEqual(COMMENT_BODY_MAX_CHARS);
    expect(body.endsWith("<!-- forksafe:2222222222222222 -->")).toBe(true);
  });
});

describe("the check-run summary", () => {
  const input = {
    findings: RESULT.findings,
    elsewhere: [CHAINED],
    entryPoints: RESULT.entryPoints,
    skipped: RESULT.skipped,
    failOn: "error" as const,
    commented: new Set(["1111111111111111"]),
  };

  it("starts with the findings table and folds the long text", () => {
    const report = checkRunReport(input);
    expect(report.summary.startsWith("| Rule | Level | Location | What | Chain | Served by |")).toBe(true);
    expect(report.summary).toMatchSnapshot();
  });

  it("keeps every limit: 65,535 characters, titles of 255", () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...CHAINED, message: `${"m".repeat(300)} ${i}.`, fingerprint: String(i) }));
    const report = checkRunReport({ ...input, findings: many });
    expect(report.summary.length).toBeLessThanOrEqual(CHECK_OUTPUT_MAX_CHARS);
    expect(report.annotations.every((a) => a.title.length <= ANNOTATION_TITLE_MAX_CHARS)).toBe(true);
  });
});
