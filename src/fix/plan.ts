// The fix planner: from an analysis result to the whole-file changes that fix its findings, and
// the refusals of those that cannot be fixed exactly. Pure: it reads only through the SourceTree
// it is given, writes nothing, and gives the same plan for the same input. Planning again on the
// fixed tree gives no change.
//  1. Keep the unsuppressed findings of the requested rules that have a fix kind.
//  2. Each fix kind reads the files it needs and asks for edits (or refuses, with the reason).
//  3. Apply each file's edits together, check the result still parses, and return the plan.
import { loadsBeforeFork } from "../analysis/servers/entry-summary.js";
import type { SourceTree } from "../analysis/source-tree.js";
import type { AnalysisResult, EntryPoint, Finding } from "../analysis/types.js";
import { disposeEngine } from "./engine-dispose.js";
import { entryPointsOf, sameStart, unclosedLoaders } from "./entry-points.js";
import { closeInMaster } from "./gunicorn-master-close.js";
import { moveClose } from "./move-close.js";
import { Refused } from "./refused.js";
import { renameSetting } from "./rename-setting.js";
import type { FixPlan } from "./types.js";
import { lazyApps } from "./uwsgi-lazy-apps.js";
import { FixWorkspace } from "./workspace.js";

type FixKind = (ws: FixWorkspace, finding: Finding) => Promise<void>;

/** The rules with a mechanical fix. FS101-FS103 are fixed only where FS110 covers them (pre-fork loading with nothing closing). */
export const FIXABLE_RULES = ["FS101", "FS102", "FS103", "FS110", "FS111", "FS112", "FS203"] as const;

const KINDS: Record<string, FixKind> = {
  FS110: (ws, f) => closeBeforeFork(ws, f, preloadedAt(ws, f)),
  FS101: (ws, f) => closeBeforeFork(ws, f, coveredBy110(ws, f)),
  FS102: (ws, f) => closeBeforeFork(ws, f, coveredBy110(ws, f)),
  FS103: (ws, f) => closeBeforeFork(ws, f, coveredBy110(ws, f)),
  FS111: renameSetting,
  FS112: moveClose,
  FS203: (ws, f) => disposeEngine(ws, f),
};

export async function planFixes(tree: SourceTree, result: AnalysisResult, options: { rules?: readonly string[] } = {}): Promise<FixPlan> {
  const rules = options.rules ? new Set(options.rules.map((r) => r.toUpperCase())) : undefined;
  const ws = new FixWorkspace(tree, result);
  for (const finding of result.findings) {
    const kind = KINDS[finding.ruleId];
    if (!kind || finding.suppressed || (rules && !rules.has(finding.ruleId))) continue;
    try {
      await kind(ws, finding);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      ws.refuse(finding, error.message);
    }
  }
  return ws.finish();
}

/** Each entry point gets its own fix; one that cannot be fixed is refused without stopping the others. */
async function closeBeforeFork(ws: FixWorkspace, finding: Finding, eps: EntryPoint[]): Promise<void> {
  for (const ep of eps) {
    try {
      if (ep.server === "uwsgi") await lazyApps(ws, finding, ep);
      else await closeInMaster(ws, finding, ep);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      ws.refuse(finding, error.message);
    }
  }
}

/** The entry points whose preload setting is the FS110 finding's line. */
function preloadedAt(ws: FixWorkspace, finding: Finding): EntryPoint[] {
  return unclosedLoaders(ws.result.entryPoints).filter((ep) => ep.preloadLocation && sameStart(ep.preloadLocation, finding.location));
}

/** Startup work's entry points that an unsuppressed FS110 finding reports: FS110's fix is theirs. */
function coveredBy110(ws: FixWorkspace, finding: Finding): EntryPoint[] {
  const preloads = ws.result.findings.filter((f) => f.ruleId === "FS110" && !f.suppressed).map((f) => f.location);
  return unclosedLoaders(entryPointsOf(ws.result, finding)).filter(
    (ep) => loadsBeforeFork(ep) !== "no" && ep.preloadLocation && preloads.some((l) => sameStart(l, ep.preloadLocation!)),
  );
}
