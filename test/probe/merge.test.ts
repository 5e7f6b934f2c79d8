// `scan --probe`: a static finding the probe saw gains its runtime evidence, one it did not see
// is left as it was, and what only the probe saw is added, marked so.
import { describe, expect, it } from "vitest";
import type { Finding, Location } from "../../src/analysis/types.js";
import { mergeProbe } from "../../src/probe/merge.js";
import { renderSarif } from "../../src/report/sarif.js";
import { renderText } from "../../src/report/text.js";

const at = (path: string, line: number): Location => ({ path, startLine: line, startColumn: 9, endLine: line, endColumn: 30 });
const finding = (ruleId: string, location: Location, extra: Partial<Finding> = {}): Finding => ({
  ruleId,
  severity: "error",
  location,
  message: `${ruleId} here`,
  chain: [],
  related: [],
  entryPoints: [],
  fingerprint: `${ruleId}-${location.path}-${location.startLine}`,
  ...extra,
});
const seen = { confirmed: true, what: "psycopg2 connection (Django)", seenAt: "gunicorn: master before its first fork" };

describe("mergeProbe", () => {
  it("confirms the static finding at the probe's location, keeps the unseen one, adds the probe-only one", () => {
    const statics = [finding("FS101", at("shop/apps.py", 10)), finding("FS102", at("shop/admin.py", 9))];
    const probed = [
      finding("FS101", at("shop/apps.py", 10), { runtime: seen }),
      finding("FS201", at("shop/ticker.py", 19), { runtime: { ...seen, what: "thread ticker" } }),
    ];
    const merged = mergeProbe(statics, probed);
    expect(merged.map((f) => `${f.ruleId} ${f.location.path} ${f.runtime ? (f.runtime.probeOnly ? "probe only" : "confirmed") : "static"}`)).toEqual([
      "FS101 shop/apps.py confirmed",
      "FS102 shop/admin.py static",
      "FS201 shop/ticker.py probe only",
    ]);
    expect(merged[1]).toBe(statics[1]);
  });

  it("matches through the chain and related steps, within a family only", () => {
    const preload = finding("FS110", at("gunicorn.conf.py", 5), { related: [{ location: at("shop/defaults.py", 4), label: "a startup query" }] });
    const helper = finding("FS101", at("shop/defaults.py", 4), { chain: [{ location: at("shop/apps.py", 10), label: "ready() calls" }] });
    const thread = finding("FS201", at("shop/apps.py", 10));
    const probed = [finding("FS101", at("shop/defaults.py", 4), { runtime: seen })];
    const merged = mergeProbe([preload, helper, thread], probed);
    expect(merged.map((f) => `${f.ruleId} ${f.runtime ? "confirmed" : "static"}`)).toEqual(["FS110 confirmed", "FS101 confirmed", "FS201 static"]);
  });

  it("does not let an unconfirmed probe finding (the server never forked) confirm a static one", () => {
    const statics = [finding("FS101", at("shop/apps.py", 10))];
    const attempt = finding("FS101", at("shop/apps.py", 10), {
      severity: "warning",
      runtime: { confirmed: false, what: "psycopg2 connection", seenAt: "attempted before any fork" },
    });
    const merged = mergeProbe(statics, [attempt]);
    expect(merged[0]!.runtime).toBeUndefined();
    expect(merged[1]!.runtime).toMatchObject({ confirmed: false, probeOnly: true });
  });

  it("does not call a probe finding probe-only when a diff filter left its static twin out", () => {
    const outside = finding("FS101", at("shop/apps.py", 10));
    const probed = [finding("FS101", at("shop/apps.py", 10), { runtime: seen })];
    expect(mergeProbe([], probed, [outside])).toEqual([]);
    expect(mergeProbe([], probed)).toHaveLength(1);
  });

  it("renders the runtime evidence in text and in SARIF properties", () => {
    const merged = mergeProbe([finding("FS101", at("shop/apps.py", 10))], [finding("FS101", at("shop/apps.py", 10), { runtime: seen })]);
    const result = { findings: merged, entryPoints: [], skipped: [], stats: { filesListed: 1, filesRead: 1, filesParsed: 1, bytesRead: 1 } };
    expect(renderText(result, { color: false, showSuppressed: false, sources: new Map() })).toContain(
      "  runtime confirmed: psycopg2 connection (Django) open or alive at the first fork (gunicorn: master before its first fork)",
    );
    const sarif = JSON.parse(renderSarif(result)) as { runs: { results: { properties?: Record<string, unknown> }[] }[] };
    expect(sarif.runs[0]!.results[0]!.properties).toEqual({ "forksafe/runtime": seen });
  });
});
