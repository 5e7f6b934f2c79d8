// Runs the analysis over in-memory files and lists the findings as "FS101 path:line", with the
// chain of each as "path:line" strings, for compact assertions.
import { analyze } from "../../src/analysis/analyze.js";
import { configSchema } from "../../src/config/schema.js";
import { memoryTree } from "../../src/analysis/source-tree.js";
import { reportedLocations, type AnalysisResult } from "../../src/analysis/types.js";

export const APP_CONFIG = "from django.apps import AppConfig";

export async function scan(files: Record<string, string>, config: object = {}): Promise<AnalysisResult> {
  return analyze(memoryTree(files), configSchema.parse(config));
}

export async function found(files: Record<string, string>, config: object = {}): Promise<string[]> {
  const result = await scan(files, config);
  return result.findings
    .flatMap((f) => reportedLocations(f).map((l) => `${f.ruleId} ${l.path}:${l.startLine}`))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

export async function chains(files: Record<string, string>): Promise<string[][]> {
  const result = await scan(files);
  return result.findings.map((f) => f.chain.map((s) => `${s.location.path}:${s.location.startLine} ${s.label}`));
}

/** Python source from lines, so tests read like the file. */
export function py(...lines: string[]): string {
  return lines.join("\n") + "\n";
}
