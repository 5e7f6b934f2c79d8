// The served-apps family of `npm run bench:corpus`: the analyzer on whole real trees, as a user's
// scan sees them, against labels written by reading.
//  1. Read the cases (served/*.jsonl); for each, extract the repository's tree at the commit
//     (only the scope, when the case has one) from its mirror into bench/out/served/ (ignored).
//  2. Analyze the tree from disk, as `forksafe scan` does.
//  3. Match: the startup-work and fork-hazard rules count (FS101-FS103, FS201-FS203) at the levels
//     that say "this happens under your deploy" (countedServed); a lower level or no finding says
//     nothing happens. A positive is found when a counted finding touches one of
//     its lines; every counted finding that touches none is a false positive.
//  4. Print the figures by split, framework and category, then the misses and false positives.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { analyze } from "../../src/analysis/analyze.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { fsTree } from "../../src/sources/fs-tree.js";
import { matchCase, score, scoreBy, type CaseOutcome, type FindingLike } from "./match.js";
import { readServedCases, type ServedCase } from "./served-manifest.js";
import { treeAt } from "./trees.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SERVED_DIR = path.join(HERE, "served");
const COUNTED = new Set(["FS101", "FS102", "FS103", "FS201", "FS202", "FS203"]);

/**
 * The findings this family counts: those that say the work happens under the deploy as written.
 * FS201-FS203 at error or warning (a warning there is preload turned on by a variable, or a
 * scheduler started in each of several workers); FS101-FS103 at error only, since they warn
 * about startup queries whatever the deploy (the queries also run on every management command).
 */
export function countedServed(f: FindingLike & { severity: string }): boolean {
  if (!COUNTED.has(f.ruleId)) return false;
  return f.ruleId.startsWith("FS2") ? f.severity !== "note" : f.severity === "error";
}

async function runCase(c: ServedCase): Promise<CaseOutcome> {
  const asCase = { ...c, lines: c.lines };
  const tree = treeAt(c.repo, c.commit, c.scope);
  if ("error" in tree) return { ...matchCase(asCase, []), error: tree.error };
  try {
    const result = await analyze(fsTree(tree.dir), DEFAULT_CONFIG);
    return matchCase(asCase, result.findings, countedServed);
  } catch (e) {
    return { ...matchCase(asCase, []), error: `analysis failed: ${(e as Error).message}` };
  }
}

function where(f: FindingLike): string {
  return `${f.ruleId} ${f.location.path}:${f.location.startLine}`;
}

/** Runs the family and prints its figures, with `row` formatting a line of the table. */
export async function runServed(row: (name: string, s: ReturnType<typeof score>) => string, header: string): Promise<CaseOutcome[]> {
  const named = process.argv.find((a) => a.startsWith("--parts="));
  const cases = readServedCases(SERVED_DIR, named?.slice("--parts=".length).split(","));
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) {
    const started = Date.now();
    outcomes.push(await runCase(c));
    const seconds = (Date.now() - started) / 1000;
    if (seconds > 10) console.error(`slow: ${c.id} took ${seconds.toFixed(1)} s`);
  }
  const byId = new Map(cases.map((c) => [c.id, c]));
  const repos = new Set(cases.map((c) => c.repo)).size;
  const positives = cases.filter((c) => c.label === "positive").length;
  console.log(`\nfamily served apps: ${cases.length} cases from ${repos} repositories, ${positives} positive, ${cases.length - positives} negative`);
  console.log(header);
  console.log(row("all", score(outcomes)));
  for (const [k, s] of scoreBy(outcomes, (o) => `split ${o.case.split}`)) console.log(row(k, s));
  for (const [k, s] of scoreBy(outcomes, (o) => `framework ${byId.get(o.case.id)!.framework}`)) console.log(row(k, s));
  console.log("");
  console.log(header.replace("".padEnd(24), "category".padEnd(24)));
  for (const [k, s] of scoreBy(outcomes, (o) => o.case.category)) console.log(row(k, s));
  const errors = outcomes.filter((o) => o.error);
  console.log(`\nnot analysed (${errors.length}):`);
  for (const o of errors) console.log(`  ${o.case.id}: ${o.error}`);
  // The holdout's misses and false positives are counted, never listed: nobody tunes on them.
  const dev = outcomes.filter((o) => o.case.split === "dev");
  const misses = dev.filter((o) => o.case.label === "positive" && !o.found);
  console.log(`\ndev misses (${misses.length}):`);
  for (const o of misses) {
    const c = byId.get(o.case.id)!;
    console.log(`  ${c.id} ${c.repo} ${c.lines.map((l) => `${l.path}:${l.line}`).join(", ")} (${c.category})\n      ${c.reason}`);
  }
  const fps = dev.filter((o) => o.falsePositives.length > 0);
  console.log(`\ndev false positives (${fps.reduce((n, o) => n + o.falsePositives.length, 0)} findings on ${fps.length} cases):`);
  for (const o of fps) {
    const c = byId.get(o.case.id)!;
    console.log(`  ${c.id} ${c.repo} (${c.label}, ${c.category}): ${o.falsePositives.map(where).join("; ")}\n      ${c.reason}`);
  }
  return outcomes;
}
