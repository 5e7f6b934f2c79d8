// The JSON report: a stable, documented shape for scripts. Bump JSON_FORMAT_VERSION when a
// field changes meaning or disappears; adding a field does not bump it.
import type { AnalysisResult, EntryPoint, Finding, Skipped } from "../analysis/types.js";
import { TOOL_NAME, TOOL_VERSION } from "./tool-version.js";

export const JSON_FORMAT_VERSION = 1;

export interface JsonReport {
  /** The version of this shape. */
  version: typeof JSON_FORMAT_VERSION;
  tool: { name: string; version: string };
  /** Every finding, suppressed ones included (they carry `suppressed`). */
  findings: Finding[];
  entryPoints: EntryPoint[];
  skipped: Skipped[];
  stats: AnalysisResult["stats"];
}

export function jsonReport(result: AnalysisResult): JsonReport {
  return {
    version: JSON_FORMAT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    findings: result.findings,
    entryPoints: result.entryPoints,
    skipped: result.skipped,
    stats: result.stats,
  };
}

export function renderJson(result: AnalysisResult): string {
  return `${JSON.stringify(jsonReport(result), null, 2)}\n`;
}
