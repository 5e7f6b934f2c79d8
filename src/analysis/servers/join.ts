// PLACEHOLDER: replaced by the entry-point join. Until then every piece of startup work is a
// warning with no entry point.
import type { AnalysisContext } from "../context.js";
import type { StartupWork } from "../startup-work.js";
import type { EntryPoint, Finding } from "../types.js";

/** Findings without fingerprint or suppression: analyze() adds those. */
export type DraftFinding = Omit<Finding, "fingerprint" | "suppressed">;

export function joinEntryPoints(
  work: StartupWork[],
  _entryPoints: EntryPoint[],
  _ctx: AnalysisContext,
): DraftFinding[] {
  return work.map((w) => ({
    ruleId: w.ruleId,
    severity: "warning",
    location: w.location,
    message: w.message,
    chain: w.chain,
    related: [],
    ...(w.fix ? { fix: w.fix } : {}),
    entryPoints: [],
  }));
}
