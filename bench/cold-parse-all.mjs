// The baseline of bench/startup-bench.ts, as a process of its own like a cold scan: read every .py
// file under a directory and parse each once with the same tree-sitter parser (dist/), then exit;
// one line on stderr at exit with the peak RSS and CPU time, as bench/cold-scan.mjs prints.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\npeak-rss-kb ${usage.maxRSS} cpu-ms ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
});
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- dist/ is the build, untyped from here
const { parsePython } = /** @type {{ parsePython: (text: string) => unknown }} */ (
  await import(new URL("../dist/analysis/summaries/parser.js", import.meta.url).href)
);
const root = process.argv[2];
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (entry.isFile() && entry.name.endsWith(".py")) parsePython(readFileSync(path.join(entry.parentPath, entry.name), "utf8"));
}
