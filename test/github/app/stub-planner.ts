// A stand-in for the fix planner, matching the stub analyzer: each FS101 finding's line (a
// `.objects.count()` query) becomes `pass`; FS102 findings are refused with a reason. It reads
// through the SourceTree like the real planner and returns whole-file changes.
import type { SourceTree } from "../../../src/analysis/source-tree.js";
import type { AnalysisResult } from "../../../src/analysis/types.js";
import type { FileChange, FixPlan } from "../../../src/fix/types.js";

export async function stubPlanner(tree: SourceTree, result: AnalysisResult, options: { rules?: readonly string[] } = {}): Promise<FixPlan> {
  const asked = (ruleId: string) => options.rules === undefined || options.rules.includes(ruleId);
  const fixable = result.findings.filter((f) => f.ruleId === "FS101" && asked(f.ruleId));
  const paths = [...new Set(fixable.map((f) => f.location.path))];
  const changes: FileChange[] = [];
  for (const file of await tree.read(paths)) {
    if (!("text" in file)) continue;
    const lines = file.text.split("\n");
    const here = fixable.filter((f) => f.location.path === file.path);
    for (const f of here) lines[f.location.startLine - 1] = lines[f.location.startLine - 1]!.replace(/^(\s*).*$/, "$1pass");
    changes.push({
      path: file.path,
      before: file.text,
      after: lines.join("\n"),
      descriptions: here.map((f) => `${file.path}:${f.location.startLine}: the query moves out of startup`),
      ruleIds: ["FS101"],
    });
  }
  const refusals = result.findings
    .filter((f) => f.ruleId === "FS102" && asked(f.ruleId))
    .map((f) => ({ ruleId: f.ruleId, path: f.location.path, line: f.location.startLine, reason: "an exists() check has no mechanical fix" }));
  return { changes, refusals };
}
