// The served-apps family and the real commits: the committed files parse, splits follow the hash.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { COMMITS, parseCommits } from "../../bench/corpus/commits-run.js";
import { inScope, parseServedCases, readServedCases, servedSplitOf } from "../../bench/corpus/served-manifest.js";
import { SERVED_DIR } from "../../bench/corpus/served-run.js";

const good = {
  id: "shop-1",
  repo: "owner/shop",
  commit: "0".repeat(40),
  deploy: ["Procfile"],
  label: "positive",
  lines: [{ path: "wsgi.py", line: 3 }],
  reason: "db.create_all() at import under gunicorn --preload",
  category: "create-all",
  framework: "flask",
  split: servedSplitOf("owner/shop"),
};

describe("the served-apps corpus", () => {
  test("the committed parts parse, hold at least 150 cases from 80 repositories, 50 positive", () => {
    const cases = readServedCases(SERVED_DIR);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(new Set(cases.map((c) => c.repo)).size).toBeGreaterThanOrEqual(80);
    expect(cases.filter((c) => c.label === "positive").length).toBeGreaterThanOrEqual(50);
  });

  test("names a split the repository's hash does not give, and lines outside the scope", () => {
    const wrongSplit = { ...good, id: "shop-2", split: good.split === "dev" ? "holdout" : "dev" };
    const outside = { ...good, id: "shop-3", scope: ["backend/"], deploy: ["backend/Procfile"] };
    const text = [JSON.stringify(good), JSON.stringify(wrongSplit), JSON.stringify(outside)].join("\n");
    expect(() => parseServedCases(text, "p.jsonl")).toThrowError(
      /p\.jsonl:2: split: the hash of owner\/shop gives[\s\S]*p\.jsonl:3: scope: wsgi\.py is outside the scope/,
    );
  });

  test("scopes are folder prefixes or files", () => {
    expect(inScope(["backend/"], "backend/app.py")).toBe(true);
    expect(inScope(["backend/"], "backend.py")).toBe(false);
    expect(inScope(["Procfile"], "Procfile")).toBe(true);
    expect(inScope(undefined, "anything")).toBe(true);
  });
});

describe("the real commits", () => {
  test("parse, with lines for each commit that adds startup work and none for a clean one", () => {
    const commits = parseCommits(readFileSync(COMMITS, "utf8"), COMMITS);
    expect(commits.filter((c) => c.label === "adds").length).toBeGreaterThanOrEqual(15);
    expect(commits.filter((c) => c.label === "clean").length).toBeGreaterThanOrEqual(15);
    const clean = { id: "a", repo: "o/r", commit: "1".repeat(40), parent: "2".repeat(40), label: "clean", lines: [{ path: "a.py", line: 1 }], reason: "r" };
    expect(() => parseCommits(JSON.stringify(clean), "c.jsonl")).toThrowError(/c\.jsonl:1: \(case\): an adds commit needs its lines, a clean one has none/);
  });
});
