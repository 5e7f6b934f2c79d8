// PLACEHOLDER: replaced by the Python analyzer.
import type { AnalysisContext } from "../context.js";
import type { StartupWork } from "../startup-work.js";

export async function findStartupWork(_ctx: AnalysisContext): Promise<StartupWork[]> {
  return [];
}
