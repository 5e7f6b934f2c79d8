// The corpus bench's matching and scoring, on synthetic cases (the corpus itself needs the
// repository mirrors and is not part of the tests).
import { describe, expect, test } from "vitest";
import { matchCase, score, scoreBy, touches, type Case, type FindingLike } from "../../bench/corpus/match.js";
import { parseManifest } from "../../bench/corpus/manifest.js";

function at(path: string, startLine: number, endLine = startLine) {
  return { path, startLine, startColumn: 1, endLine, endColumn: 10 };
}

function finding(ruleId: string, path: string, line: number, chain: Array<[string, number]> = []): FindingLike {
  return { ruleId, location: at(path, line), chain: chain.map(([p, l]) => ({ location: at(p, l), label: "step" })) };
}

function kase(id: string, label: Case["label"], lines: Array<[string, number]> = [], category = "direct-queries", split: Case["split"] = "dev"): Case {
  return { id, label, lines: lines.map(([path, line]) => ({ path, line })), reason: "synthetic", category, split };
}

describe("touches", () => {
  test("a labelled line inside the location's range or a chain step counts", () => {
    const f = { ...finding("FS101", "shop/services.py", 10, [["shop/apps.py", 7]]), location: at("shop/services.py", 10, 12) };
    expect(touches(f, { path: "shop/services.py", line: 12 })).toBe(true);
    expect(touches(f, { path: "shop/apps.py", line: 7 })).toBe(true);
    expect(touches(f, { path: "shop/services.py", line: 13 })).toBe(false);
    expect(touches(f, { path: "shop/apps.py", line: 10 })).toBe(false);
  });
});

describe("matchCase", () => {
  test("a positive is found through the chain's first step alone", () => {
    const c = kase("p", "positive", [["shop/apps.py", 7]]);
    const o = matchCase(c, [
      finding("FS101", "shop/helpers.py", 30, [
        ["shop/apps.py", 7],
        ["shop/helpers.py", 30],
      ]),
    ]);
    expect(o.found).toBe(true);
    expect(o.matched).toHaveLength(1);
    expect(o.falsePositives).toEqual([]);
  });

  test("a finding away from the labelled lines is a false positive, and the positive is missed", () => {
    const c = kase("p", "positive", [["shop/apps.py", 7]]);
    const o = matchCase(c, [finding("FS101", "shop/apps.py", 9)]);
    expect(o.found).toBe(false);
    expect(o.falsePositives).toHaveLength(1);
  });

  test("every finding on a negative or guarded case is a false positive", () => {
    for (const label of ["negative", "guarded"] as const) {
      const o = matchCase(kase("n", label), [finding("FS101", "a/apps.py", 5), finding("FS102", "a/models.py", 2)]);
      expect(o.found).toBe(false);
      expect(o.falsePositives).toHaveLength(2);
    }
  });

  test("only the startup-work rules count", () => {
    const o = matchCase(kase("n", "negative"), [finding("FS110", "gunicorn.conf.py", 1), finding("FS111", "gunicorn.conf.py", 2)]);
    expect(o.falsePositives).toEqual([]);
  });
});

describe("score", () => {
  test("precision over findings, recall over positive cases, grouped by a key", () => {
    const outcomes = [
      matchCase(kase("a", "positive", [["x/apps.py", 3]], "tree-models"), [finding("FS101", "x/apps.py", 3)]),
      matchCase(kase("b", "positive", [["y/apps.py", 4]], "tree-models", "holdout"), []),
      matchCase(kase("c", "negative", [], "signals-only"), [finding("FS101", "z/apps.py", 8)]),
      matchCase(kase("d", "negative", [], "signals-only"), []),
    ];
    const s = score(outcomes);
    expect(s).toMatchObject({ cases: 4, positives: 2, found: 1, truePositiveFindings: 1, falsePositiveFindings: 1 });
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(0.5);
    const bySplit = scoreBy(outcomes, (o) => o.case.split);
    expect([...bySplit.keys()]).toEqual(["dev", "holdout"]);
    expect(bySplit.get("holdout")).toMatchObject({ positives: 1, found: 0, recall: 0 });
    expect(bySplit.get("holdout")!.precision).toBeUndefined();
  });
});

describe("parseManifest", () => {
  const good = {
    id: "shop-apps-0123abcd",
    repo: "someone/shop",
    commit: "0123456789abcdef0123456789abcdef01234567",
    path: "shop/apps.py",
    helpers: ["shop/services.py"],
    label: "positive",
    lines: [{ path: "shop/services.py", line: 4 }],
    reason: "ready() calls a helper that counts rows",
    category: "helper-modules",
    split: "dev",
  };

  test("reads one case a line", () => {
    const cases = parseManifest(`${JSON.stringify(good)}\n\n`);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.helpers).toEqual(["shop/services.py"]);
  });

  test("names the line and the problem of each bad case", () => {
    const noLines = { ...good, id: "b", lines: [] };
    const strayLine = { ...good, id: "c", lines: [{ path: "other.py", line: 1 }] };
    const negativeWithLines = { ...good, id: "d", label: "negative" };
    const text = [
      JSON.stringify(good),
      "{not json",
      JSON.stringify(noLines),
      JSON.stringify(strayLine),
      JSON.stringify(negativeWithLines),
      JSON.stringify(good),
    ].join("\n");
    expect(() => parseManifest(text, "m.jsonl")).toThrowError(
      /m\.jsonl:2: not JSON[\s\S]*m\.jsonl:3: lines: a positive case needs its lines[\s\S]*m\.jsonl:4: lines: line other\.py:1 is in no file of the case[\s\S]*m\.jsonl:5: lines: a negative case has no lines[\s\S]*m\.jsonl:6: duplicate id shop-apps-0123abcd/,
    );
  });
});

describe("the committed manifest", () => {
  test("parses, holds at least 300 cases, and keeps the holdout split the id's hash assigns", async () => {
    const { readManifest, splitOfId } = await import("../../bench/corpus/manifest.js");
    const { MANIFEST } = await import("../../bench/corpus/load.js");
    const cases = readManifest(MANIFEST);
    expect(cases.length).toBeGreaterThanOrEqual(300);
    const byId = cases.filter((c) => c.split !== "holdout2");
    expect(byId.filter((c) => splitOfId(c.id) !== c.split).map((c) => c.id)).toEqual([]);
    expect(byId.filter((c) => c.split === "holdout").length / byId.length).toBeGreaterThanOrEqual(0.2);
  });

  test("holdout2 holds whole repositories, chosen by the repository's hash, none shared with dev or holdout", async () => {
    const { readManifest, isHoldout2Repo } = await import("../../bench/corpus/manifest.js");
    const { MANIFEST } = await import("../../bench/corpus/load.js");
    const cases = readManifest(MANIFEST);
    const holdout2 = cases.filter((c) => c.split === "holdout2");
    expect(holdout2.length).toBeGreaterThanOrEqual(120);
    const repos = new Set(holdout2.map((c) => c.repo));
    expect([...repos].filter((r) => !isHoldout2Repo(r))).toEqual([]);
    expect(cases.filter((c) => c.split !== "holdout2" && repos.has(c.repo)).map((c) => c.id)).toEqual([]);
  });

  test("a quarter of the cases or more are positive", async () => {
    const { readManifest } = await import("../../bench/corpus/manifest.js");
    const { MANIFEST } = await import("../../bench/corpus/load.js");
    const cases = readManifest(MANIFEST);
    expect(cases.filter((c) => c.label === "positive").length / cases.length).toBeGreaterThanOrEqual(0.25);
  });
});
