// Real commits replayed as pull requests (`npm run bench:corpus` prints them as their own split):
// each commit of commits.jsonl is analyzed as `forksafe scan --base PARENT` would see it, the
// repository's whole tree at the commit with the findings kept on the lines the commit adds.
//  - `adds`: the commit adds startup database work; it is flagged when a startup-work finding
//    (FS101-FS103, any level) on an added line touches one of its labelled lines.
//  - `clean`: it touches startup code without adding any; every startup-work finding on an added
//    line is a false alarm.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { parseJsonLines } from "./jsonl.js";
import { analyze } from "../../src/analysis/analyze.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { changedLines, touchedByDiff } from "../../src/report/diff-filter.js";
import { fsTree } from "../../src/sources/fs-tree.js";
import { mirrorOf } from "./load.js";
import { countedStartupWork, touches, type FindingLike } from "./match.js";
import { treeAt } from "./trees.js";

export const COMMITS = path.join(path.dirname(fileURLToPath(import.meta.url)), "commits.jsonl");

const commitSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    repo: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9._-]+$/),
    commit: z.string().regex(/^[0-9a-f]{40}$/),
    parent: z.string().regex(/^[0-9a-f]{40}$/),
    label: z.enum(["adds", "clean"]),
    /** `adds`: the added lines where the startup database work is, at `commit`. */
    lines: z.array(z.object({ path: z.string().min(1), line: z.number().int().positive() }).strict()).default([]),
    reason: z.string().min(1),
  })
  .strict()
  .refine((c) => (c.label === "adds") === c.lines.length > 0, { message: "an adds commit needs its lines, a clean one has none" });

export type CommitCase = z.infer<typeof commitSchema>;

export function parseCommits(text: string, file: string): CommitCase[] {
  return parseJsonLines(text, file, commitSchema, "commits corpus");
}

interface CommitOutcome {
  c: CommitCase;
  /** Startup-work findings on lines the commit adds. */
  onAdded: FindingLike[];
  flagged: boolean;
  error?: string;
}

async function runCommit(c: CommitCase): Promise<CommitOutcome> {
  const mirror = mirrorOf(c.repo);
  const tree = treeAt(c.repo, c.commit);
  if (!mirror || "error" in tree) return { c, onAdded: [], flagged: false, error: mirror ? (tree as { error: string }).error : `no mirror of ${c.repo}` };
  const diff = execFileSync("git", ["--git-dir", mirror, "-c", "core.quotepath=off", "diff", "--unified=0", "--no-color", c.parent, c.commit], {
    maxBuffer: 1 << 28,
    encoding: "utf8",
  });
  const changed = changedLines(diff);
  const result = await analyze(fsTree(tree.dir), DEFAULT_CONFIG);
  const onAdded = result.findings.filter((f) => countedStartupWork(f) && touchedByDiff(f, changed));
  return { c, onAdded, flagged: onAdded.some((f) => c.lines.some((l) => touches(f, l))) };
}

/** Runs the real commits and prints how many were flagged on their lines, and the false alarms. */
export async function runCommits(): Promise<void> {
  const cases = parseCommits(readFileSync(COMMITS, "utf8"), COMMITS);
  const outcomes: CommitOutcome[] = [];
  for (const c of cases) {
    try {
      outcomes.push(await runCommit(c));
    } catch (e) {
      outcomes.push({ c, onAdded: [], flagged: false, error: (e as Error).message.split("\n")[0] });
    }
  }
  const adds = outcomes.filter((o) => o.c.label === "adds");
  const clean = outcomes.filter((o) => o.c.label === "clean");
  const alarms = clean.filter((o) => o.onAdded.length > 0);
  const repos = new Set(cases.map((c) => c.repo)).size;
  console.log(`\nreal commits replayed as pull requests: ${cases.length} from ${repos} repositories`);
  console.log(`  adding startup database work: ${adds.filter((o) => o.flagged).length} of ${adds.length} flagged on their added lines`);
  console.log(`  touching startup code without adding any: ${clean.length - alarms.length} of ${clean.length} left alone`);
  for (const o of outcomes.filter((x) => x.error)) console.log(`  not analysed: ${o.c.id}: ${o.error}`);
  for (const o of adds.filter((x) => !x.flagged && !x.error)) console.log(`  missed: ${o.c.id} ${o.c.repo} ${o.c.commit.slice(0, 12)}: ${o.c.reason}`);
  for (const o of alarms) {
    const where = o.onAdded.map((f) => `${f.ruleId} ${f.location.path}:${f.location.startLine}`).join("; ");
    console.log(`  false alarm: ${o.c.id} ${o.c.repo} ${o.c.commit.slice(0, 12)}: ${where}`);
  }
}
