import { describe, expect, it } from "vitest";
import type { AnalysisResult } from "../../src/analysis/types.js";
import { renderText, summaryLine } from "../../src/report/text.js";
import { RESULT, SOURCES } from "./sample.js";

describe("renderText", () => {
  it("renders findings with code frames, chains, entry points, skipped files and a summary", async () => {
    const text = renderText(RESULT, { color: false, showSuppressed: false, sources: SOURCES });
    await expect(text).toMatchFileSnapshot("__snapshots__/text-report.txt");
    expect(text).toContain("shop/apps.py:9:9 error FS101 `Site.objects.get_current()`");
    expect(text).toContain("  ↳ shop/apps.py:11:9 ready() calls warm_cache()");
    expect(text).not.toContain("shop/admin.py:3:9");
    expect(text).not.toMatch(/\u001b\[/);
    expect(text.trimEnd().split("\n").at(-1)).toBe("2 errors (1 suppressed) in 5 files read of 9");
  });

  it("shows suppressed findings when asked", () => {
    const text = renderText(RESULT, { color: false, showSuppressed: true, sources: SOURCES });
    expect(text).toContain("shop/admin.py:3:9 warning FS102");
    expect(text).toContain("suppressed by the comment at shop/admin.py:3:35");
  });

  it("colours only when asked", () => {
    expect(renderText(RESULT, { color: true, showSuppressed: false, sources: SOURCES })).toMatch(/\u001b\[/);
  });

  it("leaves out the code frame when the file text is unknown", () => {
    const text = renderText(RESULT, { color: false, showSuppressed: false, sources: new Map() });
    expect(text).not.toContain("|");
    expect(text).toContain("shop/services.py:5:12 error FS101");
  });
});

describe("summaryLine", () => {
  const empty: AnalysisResult = {
    findings: [],
    entryPoints: [],
    skipped: [],
    stats: { filesListed: 220, filesRead: 14, filesParsed: 14, bytesRead: 0 },
  };

  it("says nothing was found", () => {
    expect(summaryLine(empty)).toBe("No startup database work found in 14 files read of 220");
  });

  it("counts each severity, plural and singular", () => {
    const warning = { ...RESULT.findings[1]!, severity: "warning" as const };
    const note = { ...RESULT.findings[1]!, severity: "note" as const };
    const result = { ...empty, findings: [RESULT.findings[1]!, RESULT.findings[2]!, warning, note, RESULT.findings[0]!] };
    expect(summaryLine(result)).toBe("2 errors, 1 warning, 1 note (1 suppressed) in 14 files read of 220");
  });
});

describe("renderText with an exact fix", () => {
  it("shows the suggested change", () => {
    const finding = RESULT.findings[1]!;
    const edit = { location: { ...finding.location }, replacement: "def when_ready(server):\n    connections.close_all()\n" };
    const result = { ...RESULT, findings: [{ ...finding, fix: { description: "Close the connections.", edits: [edit] } }] };
    const text = renderText(result, { color: false, showSuppressed: false, sources: SOURCES });
    expect(text).toContain(
      "  fix: Close the connections.\n  suggested change at shop/apps.py:9:9:\n    + def when_ready(server):\n    +     connections.close_all()\n",
    );
  });
});
