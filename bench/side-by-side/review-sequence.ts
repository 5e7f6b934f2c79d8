// One App-like process for compare.ts: lists every tree under a directory (untimed, as the App
// gets a repository's listing in one request), then analyses each in turn, twice through, with
// the collections V8 chooses; files are read when the analysis asks for them, as the App
// fetches them, and kept for the second pass. Prints {"ms": total analysis time, "cpuMs": the
// process's CPU time over the same passes} on stdout.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [checkout, treesDir] = process.argv.slice(2) as [string, string];
const dist = (p: string) => pathToFileURL(path.join(checkout, "dist", p)).href;
const { analyze } = (await import(dist("analysis/analyze.js"))) as typeof import("../../src/analysis/analyze.js");
type SourceTree = import("../../src/analysis/source-tree.js").SourceTree;
const { DEFAULT_CONFIG } = (await import(dist("config/schema.js"))) as typeof import("../../src/config/schema.js");

const trees = readdirSync(treesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => filesUnder(path.join(treesDir, d.name)));

let total = 0;
const cpuAtStart = process.cpuUsage();
for (let pass = 0; pass < 2; pass++) {
  for (const files of trees) {
    const start = performance.now();
    await analyze(files, DEFAULT_CONFIG);
    total += performance.now() - start;
  }
}
const cpu = process.cpuUsage(cpuAtStart);
process.stdout.write(JSON.stringify({ ms: total, cpuMs: (cpu.user + cpu.system) / 1000, trees: trees.length }));

function filesUnder(root: string): SourceTree {
  const paths = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .filter((p) => !p.startsWith(".git/"))
    .sort();
  const texts = new Map<string, string | undefined>();
  const text = (p: string): string | undefined => {
    if (!texts.has(p)) {
      const bytes = readFileSync(path.join(root, p));
      texts.set(p, bytes.length > 1024 * 1024 || bytes.includes(0) ? undefined : bytes.toString("utf8"));
    }
    return texts.get(p);
  };
  return {
    paths: async () => paths,
    read: async (wanted) =>
      wanted.map((p) => {
        const found = text(p);
        return found === undefined ? { path: p, skipped: "not read" } : { path: p, text: found };
      }),
  };
}
