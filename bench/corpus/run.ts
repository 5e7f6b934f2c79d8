// `npm run bench:corpus`: the analyzer against the labelled corpus: real AppConfig files, then
// the served-apps family (served-run.ts; `--served` runs that family alone), then the real
// commits replayed as pull requests (commits-run.ts; `--commits` alone).
//  1. Read the manifest and bring the files into the cache from the mirrors (load.ts).
//  2. For each case, build an in-memory tree of its files at their real paths; when the
//     AppConfig is not in an apps.py, add a settings module whose INSTALLED_APPS names it.
//  3. Run analyze() and match the findings to the labels (match.ts).
//  4. Print precision and recall overall, by split (dev, holdout, holdout2, holdout3, and every holdout
//     together) and by category, then every miss and every false positive with the label's
//     reason, in split order; write the outcomes to bench/out/corpus-result.json.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { analyze } from "../../src/analysis/analyze.js";
import { memoryTree } from "../../src/analysis/source-tree.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { cachedFiles, CACHE, describeLoad, loadCorpus, MANIFEST } from "./load.js";
import { readAllCases, SPLITS, type CorpusCase } from "./manifest.js";
import { COMMITS, runCommits } from "./commits-run.js";
import { runServed } from "./served-run.js";
import { matchCase, percent, score, scoreBy, type CaseOutcome, type FindingLike, type Score } from "./match.js";

/** Where the bench puts the settings module that names an AppConfig outside apps.py. */
export const SETTINGS_PATH = "forksafe-corpus/settings.py";

export function treeFiles(c: CorpusCase, files: Record<string, string>): Record<string, string> {
  if (!c.appConfig) return files;
  return { ...files, [SETTINGS_PATH]: `INSTALLED_APPS = [${JSON.stringify(c.appConfig)}]\n` };
}

async function runCase(c: CorpusCase): Promise<CaseOutcome> {
  const cached = cachedFiles(c);
  if ("missing" in cached) return { ...matchCase(c, []), error: `not in the cache: ${cached.missing.join(", ")}` };
  try {
    const result = await analyze(memoryTree(treeFiles(c, cached.files)), DEFAULT_CONFIG);
    return matchCase(c, result.findings);
  } catch (e) {
    return { ...matchCase(c, []), error: `analysis failed: ${(e as Error).message}` };
  }
}

function row(name: string, s: Score): string {
  return `${name.padEnd(24)} ${String(s.cases).padStart(5)} ${String(s.positives).padStart(9)} ${String(s.found).padStart(6)} ${String(s.falsePositiveFindings).padStart(4)}  ${percent(s.precision).padStart(9)}  ${percent(s.recall).padStart(8)}`;
}

function where(f: FindingLike): string {
  return `${f.ruleId} ${f.location.path}:${f.location.startLine}`;
}

/** The tables docs/accuracy.md shows: by split and by category. */
function markdown(outcomes: readonly CaseOutcome[]): string {
  const line = (name: string, s: Score) =>
    `| ${name} | ${s.cases} | ${s.positives} | ${s.found} | ${s.falsePositiveFindings} | ${percent(s.precision)} | ${percent(s.recall)} |`;
  const head = (first: string) => [
    `| ${first} | cases | positives | found | false positives | precision | recall |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  return [
    ...head("split"),
    line("all", score(outcomes)),
    ...[...scoreBy(outcomes, (o) => o.case.split)].map(([k, s]) => line(k, s)),
    line("unseen (every holdout)", score(outcomes.filter((o) => o.case.split !== "dev"))),
    "",
    ...head("category"),
    ...[...scoreBy(outcomes, (o) => o.case.category)].map(([k, s]) => line(k, s)),
  ].join("\n");
}

async function main(): Promise<void> {
  const header = `${"".padEnd(24)} ${"cases".padStart(5)} ${"positives".padStart(9)} ${"found".padStart(6)} ${"FP".padStart(4)}  ${"precision".padStart(9)}  ${"recall".padStart(8)}`;
  if (process.argv.includes("--served")) {
    await runServed(row, header);
    return;
  }
  if (process.argv.includes("--commits")) {
    await runCommits();
    return;
  }
  const cases = readAllCases(MANIFEST);
  const load = loadCorpus(cases);
  for (const line of describeLoad(load)) console.log(line);

  const outcomes: CaseOutcome[] = [];
  for (const c of cases) outcomes.push(await runCase(c));

  const repos = new Set(cases.map((c) => c.repo)).size;
  const count = (label: string) => cases.filter((c) => c.label === label).length;
  console.log(
    `family AppConfig: ${cases.length} cases from ${repos} repositories: ${count("positive")} positive, ${count("negative")} negative, ${count("guarded")} guarded`,
  );
  console.log(header);
  console.log(row("all", score(outcomes)));
  for (const [k, s] of scoreBy(outcomes, (o) => `split ${o.case.split}`)) console.log(row(k, s));
  console.log(row("unseen (every holdout)", score(outcomes.filter((o) => o.case.split !== "dev"))));
  console.log("");
  console.log(header.replace("".padEnd(24), "category".padEnd(24)));
  for (const [k, s] of scoreBy(outcomes, (o) => o.case.category)) console.log(row(k, s));

  const errors = outcomes.filter((o) => o.error);
  const bySplit = (a: CaseOutcome, b: CaseOutcome) => SPLITS.indexOf(a.case.split) - SPLITS.indexOf(b.case.split);
  // The newest holdout is counted, never listed: it stays blind until its figures are taken.
  const listed = outcomes.filter((o) => o.case.split !== "holdout3");
  const misses = listed.filter((o) => o.case.label === "positive" && !o.found).sort(bySplit);
  const fps = listed.filter((o) => o.falsePositives.length > 0).sort(bySplit);
  console.log(`\nnot analysed (${errors.length}):`);
  for (const o of errors) console.log(`  ${o.case.id}: ${o.error}`);
  console.log(`\nmisses (${misses.length}):`);
  for (const o of misses) {
    const c = cases.find((x) => x.id === o.case.id)!;
    console.log(
      `  [${c.split}] ${c.id} ${c.repo} ${c.path}:${c.lines.map((l) => l.line).join(",")} (${c.category})${c.needs ? ` needs: ${c.needs}` : ""}\n      ${c.reason}`,
    );
  }
  console.log(`\nfalse positives (${fps.reduce((n, o) => n + o.falsePositives.length, 0)} findings on ${fps.length} cases):`);
  for (const o of fps) {
    const c = cases.find((x) => x.id === o.case.id)!;
    console.log(`  [${c.split}] ${c.id} ${c.repo} (${c.label}, ${c.category}): ${o.falsePositives.map(where).join("; ")}\n      ${c.reason}`);
  }

  if (process.argv.includes("--markdown")) console.log(`\n${markdown(outcomes)}`);

  mkdirSync(CACHE, { recursive: true });
  const out = path.resolve(CACHE, "../corpus-result.json");
  writeFileSync(
    out,
    JSON.stringify(
      outcomes.map((o) => ({
        id: o.case.id,
        label: o.case.label,
        found: o.found,
        matched: o.matched.map(where),
        falsePositives: o.falsePositives.map(where),
        error: o.error,
      })),
      null,
      1,
    ),
  );
  console.log(`\noutcomes written to ${path.relative(process.cwd(), out)}`);
  await runServed(row, header);
  if (existsSync(COMMITS)) await runCommits();
}

await main();
