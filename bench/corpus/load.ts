// Reads the corpus files out of local mirrors of the repositories into an ignored cache.
//  1. Read the manifest; group the files by repository and commit.
//  2. For each repository, find its mirror: a bare git directory at
//     $FORKSAFE_CORPUS_MIRRORS/<owner>+<name>/repo (default /work/.mirror; or its .git), or a plain
//     `git clone --bare` at $FORKSAFE_CORPUS_MIRRORS/<owner>+<name>.git.
//  3. `git show COMMIT:PATH` each file not cached yet into bench/out/corpus/<owner>+<name>/<commit>/<path>.
//  4. Say which repositories are missing (and how to get them) instead of failing.
// Run alone with `npx tsx bench/corpus/load.ts`; `npm run bench:corpus` calls it first.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { filesOf, readAllCases, type CorpusCase } from "./manifest.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const MANIFEST = path.join(HERE, "manifest.jsonl");
export const CACHE = path.resolve(HERE, "../out/corpus");
export const MIRRORS = process.env.FORKSAFE_CORPUS_MIRRORS ?? "/work/.mirror";

export interface LoadReport {
  /** Repositories with no mirror, with the cases that need them. */
  missingRepos: Map<string, string[]>;
  /** Files a mirror lacks at the commit (a shallow or older mirror). */
  missingFiles: string[];
  fetched: number;
}

export function cachePath(c: Pick<CorpusCase, "repo" | "commit">, file: string): string {
  return path.join(CACHE, c.repo.replace("/", "+"), c.commit, file);
}

export function mirrorOf(repo: string): string | undefined {
  const base = path.join(MIRRORS, repo.replace("/", "+"));
  return [path.join(base, "repo"), path.join(base, "repo", ".git"), `${base}.git`].find((dir) => existsSync(path.join(dir, "HEAD")));
}

export function loadCorpus(cases: readonly CorpusCase[]): LoadReport {
  const report: LoadReport = { missingRepos: new Map(), missingFiles: [], fetched: 0 };
  for (const c of cases) {
    const wanted = filesOf(c).filter((f) => !existsSync(cachePath(c, f)));
    if (wanted.length === 0) continue;
    const mirror = mirrorOf(c.repo);
    if (!mirror) {
      report.missingRepos.set(c.repo, [...(report.missingRepos.get(c.repo) ?? []), c.id]);
      continue;
    }
    for (const file of wanted) {
      try {
        const text = execFileSync("git", ["--git-dir", mirror, "show", `${c.commit}:${file}`], { maxBuffer: 16 << 20, stdio: ["ignore", "pipe", "pipe"] });
        const out = cachePath(c, file);
        mkdirSync(path.dirname(out), { recursive: true });
        writeFileSync(out, text);
        report.fetched++;
      } catch {
        report.missingFiles.push(`${c.repo}@${c.commit.slice(0, 12)}:${file} (case ${c.id}): not in the mirror at ${mirror}`);
      }
    }
  }
  return report;
}

/** The cached texts of a case, or the files that are not cached. */
export function cachedFiles(c: CorpusCase): { files: Record<string, string> } | { missing: string[] } {
  const files: Record<string, string> = {};
  const missing: string[] = [];
  for (const f of filesOf(c)) {
    const p = cachePath(c, f);
    if (existsSync(p)) files[f] = readFileSync(p, "utf8");
    else missing.push(f);
  }
  return missing.length > 0 ? { missing } : { files };
}

export function describeLoad(report: LoadReport): string[] {
  const lines: string[] = [];
  if (report.missingRepos.size > 0) {
    lines.push(`${report.missingRepos.size} repositories have no mirror under ${MIRRORS}; their cases count as not analysed. To get them:`);
    for (const [repo, ids] of [...report.missingRepos].sort()) {
      lines.push(`  git clone --bare https://github.com/${repo}.git ${path.join(MIRRORS, repo.replace("/", "+"))}.git   (${ids.length} cases)`);
    }
  }
  for (const f of report.missingFiles) lines.push(`missing: ${f}`);
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cases = readAllCases(MANIFEST);
  const report = loadCorpus(cases);
  console.log(`${cases.length} cases; ${report.fetched} files read from mirrors into ${path.relative(process.cwd(), CACHE)}`);
  for (const line of describeLoad(report)) console.log(line);
}
