// The rule-test runner's own pieces: annotation parsing and the comparison with findings.
import { describe, expect, test } from "vitest";
import type { Finding, Location } from "../../src/analysis/types.js";
import { parseAnnotations } from "./annotations.js";
import { compareFindings } from "./compare-findings.js";

function at(path: string, line: number): Location {
  return { path, startLine: line, startColumn: 5, endLine: line, endColumn: 20 };
}

function finding(ruleId: string, location: Location, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity: "warning",
    location,
    message: "`X.objects.count()` queries the database",
    chain: [],
    related: [],
    entryPoints: [],
    fingerprint: "f",
    ...extra,
  };
}

describe("parseAnnotations", () => {
  test("applies stacked annotations to the next code line, with every comment leader", () => {
    const text = ["# ruleid: FS101", "; ok: FS102", "// todoruleid: FS103, FS110", "x = 1"].join("\n");
    const { annotations, problems } = parseAnnotations("a.py", text);
    expect(problems).toEqual([]);
    expect(annotations.map((a) => `${a.kind} ${a.ruleId} ${a.line}`)).toEqual(["ruleid FS101 4", "ok FS102 4", "todoruleid FS103 4", "todoruleid FS110 4"]);
  });

  test("skips a suppression comment alone between the annotation and the code", () => {
    const text = ["    # ok: FS101", "    # forksafe: ignore[FS101]", "    Site.objects.get_current()"].join("\n");
    expect(parseAnnotations("a.py", text).annotations[0]?.line).toBe(3);
  });

  test("reports malformed ids, duplicates and annotations with nothing after them", () => {
    const text = ["# ruleid: FS1O1", "# ok: FS101", "# ruleid: FS101", "x = 1", "# ok: FS102"].join("\n");
    expect(parseAnnotations("a.py", text).problems).toEqual([
      'a.py:1: malformed rule id "FS1O1" in annotation',
      "a.py:5: ok annotation with no line after it",
      "a.py:3: duplicate annotation for FS101 on line 4 (also ok at line 2)",
    ]);
  });

  test("ignores annotation-like text that is not a comment of its own", () => {
    const text = ['x = "# ruleid: FS101"', "See `# ok: FS101` in the README"].join("\n");
    expect(parseAnnotations("a.py", text).annotations).toEqual([]);
  });
});

describe("compareFindings", () => {
  const files = { "a.py": ["# ruleid: FS101", "run()", "", "# ok: FS101", "q()  # forksafe: ignore"].join("\n") };
  const annotations = parseAnnotations("a.py", files["a.py"]).annotations;

  test("matches findings reported at a chain's start and at the query", () => {
    const chained = finding("FS101", at("b.py", 7), { chain: [{ location: at("a.py", 2), label: "ready() calls run()" }] });
    const suppressed = finding("FS101", at("a.py", 5), { suppressed: { location: at("a.py", 5) } });
    expect(compareFindings([chained, suppressed], annotations, files)).toEqual([
      "unexpected  b.py:7 FS101  (not annotated): `X.objects.count()` queries the database",
    ]);
  });

  test("lists missing findings, ok lines reported, and suppression cases that found nothing", () => {
    const reportedOk = finding("FS101", at("a.py", 5));
    expect(compareFindings([reportedOk], annotations, files, "fx/")).toEqual([
      "missing     fx/a.py:2 FS101  (ruleid at line 1): run()",
      "missing     fx/a.py:5 FS101  suppressed finding (ok + forksafe: ignore at line 4): q()  # forksafe: ignore",
      "unexpected  fx/a.py:5 FS101  (marked ok at line 4): `X.objects.count()` queries the database",
    ]);
  });

  test("asks to promote a todoruleid that is now found", () => {
    const text = ["# todoruleid: FS102", "Y = q()"].join("\n");
    const todo = parseAnnotations("c.py", text).annotations;
    expect(compareFindings([finding("FS102", at("c.py", 2))], todo, { "c.py": text })).toEqual([
      "unexpected  c.py:2 FS102  (todoruleid at line 1 is now found: promote it to ruleid): `X.objects.count()` queries the database",
    ]);
    expect(compareFindings([], todo, { "c.py": text })).toEqual([]);
  });
});
