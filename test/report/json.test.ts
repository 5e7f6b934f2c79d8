import { describe, expect, it } from "vitest";
import { JSON_FORMAT_VERSION, renderJson } from "../../src/report/json.js";
import { TOOL_VERSION } from "../../src/report/tool-version.js";
import { RESULT } from "./sample.js";

describe("renderJson", () => {
  it("has the documented top-level shape", () => {
    const parsed = JSON.parse(renderJson(RESULT)) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["version", "tool", "findings", "entryPoints", "skipped", "stats"]);
    expect(parsed.version).toBe(JSON_FORMAT_VERSION);
    expect(parsed.tool).toEqual({ name: "forksafe", version: TOOL_VERSION });
    expect(parsed.findings).toEqual(RESULT.findings);
    expect(parsed.skipped).toEqual(RESULT.skipped);
    expect(parsed.stats).toEqual(RESULT.stats);
  });
});
