import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { FINGERPRINT_KEY, sarifLog } from "../../src/report/sarif.js";
import { TOOL_VERSION } from "../../src/report/tool-version.js";
import { RESULT, RULES_FOR_TEST } from "./sample.js";

// The official SARIF 2.1.0 schema (JSON Schema draft-04), as shipped inside @microsoft/jest-sarif.
const require = createRequire(import.meta.url);
const schemaPath = require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as object;
const Ajv = AjvDraft04.default;
const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

describe("sarifLog", () => {
  const log = sarifLog(RESULT, { rules: RULES_FOR_TEST });
  const run = log.runs[0]!;

  it("is valid against the SARIF 2.1.0 schema", () => {
    const valid = validate(JSON.parse(JSON.stringify(log)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema check fails on a broken log", () => {
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: { level: string }[] }[] };
    broken.runs[0]!.results[0]!.level = "fatal";
    expect(validate(broken)).toBe(false);
  });

  it("matches the snapshot", async () => {
    await expect(`${JSON.stringify(log, null, 2)}\n`).toMatchFileSnapshot("__snapshots__/sarif-report.json");
  });

  it("describes the driver and its rules", () => {
    expect(run.tool.driver.name).toBe("forksafe");
    expect(run.tool.driver.version).toBe(TOOL_VERSION);
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(["FS101", "FS102"]);
    expect(run.tool.driver.rules?.[0]).toMatchObject({
      name: "query-in-ready",
      shortDescription: { text: "Database work in AppConfig.ready()." },
      defaultConfiguration: { level: "warning" },
    });
    expect(run.tool.driver.rules?.[0]?.help?.markdown).toContain("```python");
    expect(run.originalUriBaseIds?.["%SRCROOT%"]).toBeDefined();
  });

  it("gives each result its level, rule index, fingerprint and location", () => {
    const [suppressed, direct, chained] = run.results!;
    expect(direct).toMatchObject({ ruleId: "FS101", ruleIndex: 0, level: "error", partialFingerprints: { [FINGERPRINT_KEY]: "1111111111111111" } });
    expect(direct!.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "shop/apps.py", uriBaseId: "%SRCROOT%" },
      region: { startLine: 9, startColumn: 9, endLine: 9, endColumn: 35 },
    });
    expect(suppressed).toMatchObject({ ruleIndex: 1, suppressions: [{ kind: "inSource" }] });
    expect(direct!.suppressions).toBeUndefined();
    expect(chained!.locations!.map((l) => l.physicalLocation?.region?.startLine)).toEqual([5, 11]);
  });

  it("carries the chain as related locations and a code flow, and the entry points", () => {
    const chained = run.results![2]!;
    expect(chained.relatedLocations?.map((l) => [l.id, l.message?.text])).toEqual([
      [1, "ready() calls warm_cache()"],
      [2, "warm_cache() runs Product.objects.count()"],
      [3, "gunicorn entry point (gunicorn.conf.py): preload_app = True, no close before fork"],
    ]);
    const flow = chained.codeFlows?.[0]?.threadFlows[0]?.locations.map((l) => l.location?.physicalLocation?.artifactLocation?.uri);
    expect(flow).toEqual(["shop/apps.py", "shop/services.py"]);
  });

  it("adds a descriptor for a rule id no rule file declares", () => {
    const other = sarifLog(RESULT, { rules: [] });
    expect(other.runs[0]!.tool.driver.rules?.map((r) => r.id)).toEqual(["FS102", "FS101"]);
    expect(other.runs[0]!.results!.map((r) => r.ruleIndex)).toEqual([0, 1, 1]);
  });

  it("uses the scanned directory as %SRCROOT% when known", () => {
    const other = sarifLog(RESULT, { rules: RULES_FOR_TEST, srcRootUri: "file:///srv/shop/" });
    expect(other.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///srv/shop/" } });
    expect(validate(JSON.parse(JSON.stringify(other)))).toBe(true);
  });
});
