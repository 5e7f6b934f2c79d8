// The reports of a real analysis of a small project: a direct query in ready(), one reached
// through a call, and a gunicorn config that preloads the app.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/analyze.js";
import { memoryTree } from "../../src/analysis/source-tree.js";
import { sarifLog } from "../../src/report/sarif.js";
import { renderText } from "../../src/report/text.js";
import { SHOP } from "../cli/run-cli.js";

const FILES = { ...SHOP, "gunicorn.conf.py": "workers = 4\npreload_app = True\n" };
const result = await analyze(memoryTree(FILES));
const sources = new Map(Object.entries(FILES));

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8")) as object;
const validate = new AjvDraft04.default({ strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);

describe("reports of a real analysis", () => {
  it("finds the direct and the chained query", () => {
    const places = result.findings.map((f) => `${f.location.path}:${f.location.startLine}`);
    expect(places).toEqual(expect.arrayContaining(["shop/apps.py:9", "shop/services.py:5"]));
    expect(result.findings.find((f) => f.location.path === "shop/services.py")?.chain.length).toBeGreaterThan(0);
  });

  it("renders the text report (no colour)", async () => {
    const text = renderText(result, { color: false, showSuppressed: false, sources });
    await expect(text).toMatchFileSnapshot("__snapshots__/text-end-to-end.txt");
  });

  it("renders valid SARIF", async () => {
    const log = JSON.parse(JSON.stringify(sarifLog(result))) as { runs: { tool: { driver: { version: string } } }[] };
    log.runs[0]!.tool.driver.version = "(version)";
    expect(validate(log)).toBe(true);
    await expect(`${JSON.stringify(log, null, 2)}\n`).toMatchFileSnapshot("__snapshots__/sarif-end-to-end.json");
  });
});
