// The pure pieces: comment placement and suggestions, the check-run report and its limits, the
// slash-command parser and the review queue's rules.
import { describe, expect, it } from "vitest";
import type { Finding, Location } from "../../../src/analysis/types.js";
import { checkRunReport, conclusionFor, fitSummary } from "../../../src/report/check-run.js";
import { fingerprintIn, reviewComment } from "../../../src/report/review-comment.js";
import { parseSlashCommand } from "../../../src/github/slash-command.js";
import { ReviewQueue, type ReviewJob } from "../../../src/github/review-queue.js";

const at = (path: string, startLine: number, endLine = startLine, startColumn = 1, endColumn = 10): Location => ({
  path,
  startLine,
  endLine,
  startColumn,
  endColumn,
});

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: "FS101",
    severity: "error",
    location: at("a.py", 5),
    message: "Query at startup",
    chain: [],
    related: [],
    entryPoints: [],
    fingerprint: "0123456789abcdef",
    ...over,
  };
}

describe("review comments", () => {
  it("go on the finding's line when it is in the diff, else on the start of its chain, else nowhere", () => {
    const f = finding({
      chain: [
        { location: at("apps.py", 9), label: "ready() calls load()" },
        { location: at("a.py", 5), label: "query" },
      ],
    });
    expect(reviewComment(f, new Map([["a.py", new Set([5])]]))?.path).toBe("a.py");
    expect(reviewComment(f, new Map([["apps.py", new Set([9])]]))?.path).toBe("apps.py");
    expect(reviewComment(f, new Map([["a.py", new Set([4, 6])]]))).toBeUndefined();
  });

  it("span several lines only when all of them are in the diff", () => {
    const f = finding({ location: at("a.py", 5, 7) });
    expect(reviewComment(f, new Map([["a.py", new Set([5, 6, 7])]]))).toMatchObject({ start_line: 5, line: 7 });
    expect(reviewComment(f, new Map([["a.py", new Set([5, 7])]]))).toMatchObject({ line: 5 });
    expect(reviewComment(f, new Map([["a.py", new Set([5, 7])]]))?.start_line).toBeUndefined();
  });

  it("suggest a fix only when its edits cover exactly the commented lines", () => {
    const text = ["a = 1", "b = 2", "x = M.objects.count()", "c = 3"];
    const exact = finding({
      location: at("a.py", 3, 3, 5, 22),
      fix: { description: "d", edits: [{ location: at("a.py", 3, 3, 5, 22), replacement: "None" }] },
    });
    const wider = finding({
      location: at("a.py", 3, 3, 5, 22),
      fix: { description: "d", edits: [{ location: at("a.py", 2, 3, 1, 22), replacement: "None" }] },
    });
    const lines = new Map([["a.py", new Set([1, 2, 3, 4])]]);
    expect(reviewComment(exact, lines, () => text)?.body).toContain("```suggestion\nx = None\n```");
    expect(reviewComment(wider, lines, () => text)?.body).not.toContain("suggestion");
  });

  it("end with the hidden fingerprint, which reads back", () => {
    const body = reviewComment(finding(), new Map([["a.py", new Set([5])]]))!.body;
    expect(body.endsWith("<!-- forksafe:0123456789abcdef -->")).toBe(true);
    expect(fingerprintIn(body)).toBe("0123456789abcdef");
    expect(fingerprintIn("quoting <!-- not ours -->")).toBeUndefined();
  });
});

describe("the check-run report", () => {
  it("concludes by fail_on", () => {
    const warning = finding({ severity: "warning" });
    expect(conclusionFor([], "error")).toBe("success");
    expect(conclusionFor([finding()], "error")).toBe("failure");
    expect(conclusionFor([warning], "error")).toBe("neutral");
    expect(conclusionFor([warning], "warning")).toBe("failure");
    expect(conclusionFor([finding()], "never")).toBe("neutral");
    expect(conclusionFor([finding({ suppressed: { location: at("a.py", 5) } })], "error")).toBe("success");
  });

  it("keeps the summary within 65,535 characters with a truncation note", () => {
    const many = Array.from({ length: 3000 }, (_, i) => finding({ location: at(`pkg/module_${i}.py`, i + 1), fingerprint: String(i) }));
    const report = checkRunReport({ findings: many, elsewhere: [], entryPoints: [], skipped: [], failOn: "error", commented: new Set() });
    expect(report.summary.length).toBeLessThanOrEqual(65_535);
    expect(report.summary).toMatch(/_Summary truncated: \d+ more lines not shown/);
    expect(report.annotations).toHaveLength(3000);
    expect(fitSummary("short")).toBe("short");
  });

  it("cuts annotation titles to 255 characters and sets columns only on one-line locations", () => {
    const report = checkRunReport({
      findings: [finding({ message: "m".repeat(400), location: at("a.py", 2, 4) })],
      elsewhere: [],
      entryPoints: [],
      skipped: [],
      failOn: "error",
      commented: new Set(),
    });
    expect(report.annotations[0]!.title.length).toBe(255);
    expect(report.annotations[0]!.start_column).toBeUndefined();
  });
});

describe("slash commands", () => {
  it("parse /forksafe on a line of its own", () => {
    expect(parseSlashCommand("/forksafe recheck")).toEqual({ name: "recheck" });
    expect(parseSlashCommand("thanks!\n/forksafe HELP\n")).toEqual({ name: "help" });
    expect(parseSlashCommand("/forksafe")).toEqual({ name: "help" });
    expect(parseSlashCommand("/forksafe nope")).toEqual({ name: "unknown", word: "nope" });
    expect(parseSlashCommand("/forksafe fix")).toEqual({ name: "fix" });
    expect(parseSlashCommand("/forksafe fix fs110, FS203")).toEqual({ name: "fix", rules: ["FS110", "FS203"] });
    expect(parseSlashCommand("/forksafe fix everything")).toEqual({ name: "unknown", word: "fix EVERYTHING" });
    expect(parseSlashCommand("/forksafe recheck now")).toEqual({ name: "unknown", word: "recheck now" });
    expect(parseSlashCommand("see /forksafe recheck")).toBeUndefined();
    expect(parseSlashCommand("/forksafer")).toBeUndefined();
  });
});

describe("the review queue", () => {
  const job = (over: Partial<ReviewJob>, log: string[] = []): ReviewJob => ({
    key: "o/r#1",
    headSha: "a",
    deliveryId: Math.random().toString(),
    force: false,
    run: async () => void log.push(over.headSha ?? "a"),
    ...over,
  });

  it("turns away duplicate deliveries, reviewed heads and older events; lets a forced run through", async () => {
    const queue = new ReviewQueue();
    const log: string[] = [];
    expect(queue.enqueue(job({ deliveryId: "d1", updatedAt: "2026-01-02" }, log)).accepted).toBe(true);
    expect(queue.enqueue(job({ deliveryId: "d1" }, log)).accepted).toBe(false);
    await queue.idle();
    expect(queue.enqueue(job({}, log)).accepted).toBe(false);
    expect(queue.enqueue(job({ headSha: "old", updatedAt: "2026-01-01" }, log)).accepted).toBe(false);
    expect(queue.enqueue(job({ force: true }, log)).accepted).toBe(true);
    await queue.idle();
    expect(log).toEqual(["a", "a"]);
  });

  it("keeps only the newest pending head and marks the running one superseded", async () => {
    const queue = new ReviewQueue();
    const seen: [string, boolean][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    queue.enqueue(
      job({
        headSha: "a",
        run: async (superseded) => {
          await gate;
          seen.push(["a", superseded()]);
        },
      }),
    );
    queue.enqueue(job({ headSha: "b", run: async (superseded) => void seen.push(["b", superseded()]) }));
    queue.enqueue(job({ headSha: "c", run: async (superseded) => void seen.push(["c", superseded()]) }));
    release();
    await queue.idle();
    expect(seen).toEqual([
      ["a", true],
      ["c", false],
    ]);
  });
});
