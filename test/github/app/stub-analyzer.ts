// A stand-in for the analysis core with rules simple enough to seed by hand: every Python line
// with `.objects.count()` is an error (FS101), with `.objects.exists()` a warning (FS102). A
// `# fix: TEXT` comment gives an exact fix replacing the line; `# forksafe: ignore` suppresses;
// `# chain: PATH:LINE` starts the call chain there. It reads through the SourceTree like the core.
import { createHash } from "node:crypto";
import type { Config } from "../../../src/config/schema.js";
import type { SourceTree } from "../../../src/analysis/source-tree.js";
import type { AnalysisResult, EntryPoint, Finding, Location } from "../../../src/analysis/types.js";

export async function stubAnalyzer(tree: SourceTree, config: Config): Promise<AnalysisResult> {
  const paths = (await tree.paths()).filter((p) => p.endsWith(".py"));
  const files = await tree.read(paths);
  const findings: Finding[] = [];
  const entryPoints: EntryPoint[] = [];
  for (const file of files) {
    if (!("text" in file)) continue;
    file.text.split("\n").forEach((text, i) => {
      const line = i + 1;
      const at = (startColumn = 1, endColumn = text.length + 1): Location => ({ path: file.path, startLine: line, endLine: line, startColumn, endColumn });
      if (/^preload_app\s*=\s*True/.test(text)) {
        entryPoints.push({
          server: "gunicorn",
          location: at(),
          source: file.path,
          preload: { kind: "on" },
          preloadLocation: at(),
          mitigation: "none",
          notes: [],
        });
      }
      const ruleId = text.includes(".objects.count()") ? "FS101" : text.includes(".objects.exists()") ? "FS102" : undefined;
      if (!ruleId) return;
      const setting = config.rules[ruleId];
      if (setting === "off") return;
      const column = text.search(/\S/) + 1;
      const fix = /# fix: (.*)$/.exec(text)?.[1];
      const chainAt = /# chain: (\S+):(\d+)/.exec(text);
      findings.push({
        ruleId,
        severity: setting ?? (ruleId === "FS101" ? "error" : "warning"),
        location: at(column),
        message: "Query in AppConfig.ready() runs before the server forks",
        chain: chainAt
          ? [
              {
                location: { path: chainAt[1]!, startLine: Number(chainAt[2]), endLine: Number(chainAt[2]), startColumn: 5, endColumn: 20 },
                label: "ready() calls warm_cache()",
              },
              { location: at(column), label: "warm_cache() runs the query" },
            ]
          : [],
        related: [],
        entryPoints: [],
        ...(fix !== undefined
          ? { fix: { description: "Move the query out of startup", edits: [{ location: at(1), replacement: fix }] } }
          : { fix: { description: "Move the query to a post_migrate handler" } }),
        fingerprint: createHash("sha256").update(`${ruleId}\0${file.path}\0${text.trim()}`).digest("hex").slice(0, 16),
        ...(text.includes("# forksafe: ignore") ? { suppressed: { location: at() } } : {}),
      });
    });
  }
  return { findings, entryPoints, skipped: [], stats: { filesListed: paths.length, filesRead: files.length, filesParsed: 0, bytesRead: 0 } };
}
