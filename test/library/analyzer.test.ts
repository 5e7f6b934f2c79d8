// The shipped library summaries at work: findings whose database work is inside a library, and
// how every reporter shows the steps there without claiming a repository file.
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../../src/analysis/analyze.js";
import { libraryCommand } from "../../src/analysis/library/load.js";
import type { AnalysisResult, Finding } from "../../src/analysis/types.js";
import { touchedByDiff } from "../../src/report/diff-filter.js";
import { chainList } from "../../src/report/headline.js";
import { commentText } from "../../src/report/review-comment.js";
import { sarifLog } from "../../src/report/sarif.js";
import { renderText } from "../../src/report/text.js";
import { loadProject } from "../helpers/fixture-project.js";

const ROOT = fileURLToPath(new URL("../fixtures/", import.meta.url));
const project = loadProject(ROOT, "startup/library-apis");
let result: AnalysisResult;
let rebuild: Finding;

beforeAll(async () => {
  result = await analyze(project.tree, project.config);
  rebuild = result.findings.find((f) => f.location.path === "tree/apps.py" && f.location.startLine === 11)!;
});

describe("findings inside a library", () => {
  it("end at the repository's call and carry the steps inside the library", () => {
    expect(rebuild.message).toContain("`Category.objects.rebuild()` touches the database inside django-mptt");
    expect(rebuild.chain).toEqual([]);
    expect(rebuild.libraryChain).toEqual([
      {
        library: { package: "django-mptt", version: expect.stringMatching(/^0\./) },
        path: "mptt/managers.py",
        line: expect.any(Number),
        label: expect.stringContaining("rewrites every node"),
      },
    ]);
  });

  it("keep library files out of SARIF's repository locations and show them in the code flow", () => {
    const log = sarifLog(result);
    const files = new Set(Object.keys(project.files));
    const run = log.runs[0]!;
    for (const r of run.results ?? []) {
      for (const l of [...(r.locations ?? []), ...(r.relatedLocations ?? [])]) expect(files).toContain(l.physicalLocation?.artifactLocation?.uri);
      for (const step of r.codeFlows?.[0]?.threadFlows[0]?.locations ?? []) {
        const uri = step.location?.physicalLocation?.artifactLocation?.uri;
        if (uri !== undefined) expect(files).toContain(uri);
      }
    }
    const flow = run.results!.find((r) => r.message.text?.includes("Category.objects.rebuild()"))!.codeFlows![0]!.threadFlows[0]!.locations;
    const last = flow[flow.length - 1]!.location!;
    expect(last.physicalLocation).toBeUndefined();
    expect(last.message?.text).toMatch(/^\(django-mptt 0\.[\d.]+\) mptt\/managers\.py:\d+ /);
  });

  it("are printed with package, version and file in the text report and review comments", () => {
    const text = renderText(result, { color: false, showSuppressed: false, sources: new Map(Object.entries(project.files)) });
    expect(text).toMatch(/↳ \(django-mptt 0\.[\d.]+\) mptt\/managers\.py:\d+ iterates/);
    expect(commentText(rebuild)).toMatch(/2\. \(django-mptt 0\.[\d.]+\) mptt\/managers\.py:\d+ iterates/);
    expect(chainList(rebuild)).toMatch(/^1\. `tree\/apps\.py:11` calls into django-mptt\n2\. `\(django-mptt 0\.[\d.]+\) mptt\/managers\.py:\d+` iterates/);
  });

  it("are not kept by a diff that touches only a file named like the library's", () => {
    expect(touchedByDiff(rebuild, new Map([["mptt/managers.py", "all"]]))).toBe(false);
    expect(touchedByDiff(rebuild, new Map([["tree/apps.py", new Set([11])]]))).toBe(true);
  });
});

describe("libraryCommand", () => {
  it("judges a third-party management command by its handle()", () => {
    const [revisions] = libraryCommand("createinitialrevisions");
    expect(revisions).toMatchObject({ package: "django-reversion", module: "reversion.management.commands.createinitialrevisions" });
    expect(revisions?.verdict.kind).toBe("db");
    expect(libraryCommand("check")[0]?.verdict).toEqual({ kind: "no" });
    expect(libraryCommand("no-such-command")).toEqual([]);
  });
});
