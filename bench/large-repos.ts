// `npm run bench:repos [-- --json] [-- --only a,b] [-- --cli PATH]`: scan large public projects
// whole, as a user would, and print what the scan found and what it cost. `--cli` names another
// checkout's bin/forksafe.js, to compare its findings on the same trees.
//  1. Read bench/large-repos.json (projects, repositories, pinned commits).
//  2. For each project whose bare clone is under the mirrors directory (FORKSAFE_MIRRORS,
//     default /work/.mirror; `owner+name/repo` or `owner+name`), write the commit's files into
//     bench/out/repos/<project> (reused while bench/out/repos/<project>.commit matches); say
//     which repository to fetch when the clone is missing.
//  3. Run `forksafe scan DIR --format json --fail-on never` in a child process under
//     /usr/bin/time, which reports the child's wall and CPU time and peak RSS.
//  4. Print a table (project, commit, files, findings by level, wall and CPU time, peak RSS); with
//     --json print every finding too, for triage; both are also written to bench/out/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writeSnapshot } from "./git-snapshot.js";
import { loadManifest, type LargeRepo } from "./large-repos-manifest.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "..");
const MANIFEST = path.join(HERE, "large-repos.json");
const OUT = path.join(ROOT, "bench", "out");
const REPOS = path.join(OUT, "repos");
const MIRRORS = process.env.FORKSAFE_MIRRORS ?? "/work/.mirror";
const TIME = "/usr/bin/time";
const DEFAULT_CLI = path.join(ROOT, "bin", "forksafe.js");
type Level = "error" | "warning" | "note";

interface ScanFinding {
  ruleId: string;
  severity: string;
  location: { path: string; startLine: number };
  message: string;
  chain?: Array<{ location: { path: string; startLine: number }; label: string }>;
  suppressed?: unknown;
}

interface ScanReport {
  findings: ScanFinding[];
  entryPoints: Array<{ server: string; source: string; preload: { kind: string } }>;
  skipped: Array<{ path: string; reason: string }>;
  stats: { filesListed: number; filesRead: number; filesParsed: number; bytesRead: number };
}

interface Row {
  project: string;
  repository: string;
  commit: string;
  framework: string;
  missingBlobs: number;
  filesListed: number;
  filesParsed: number;
  counts: Record<Level | "suppressed", number>;
  /** Wall time of the scan, s. */
  seconds: number;
  /** User + system CPU time of the scan, s: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  peakRssMb: number;
  entryPoints: string[];
  findings: Array<{ rule: string; level: string; at: string; message: string; chain: string[] }>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const onlyAt = args.indexOf("--only");
  const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? "").split(",")) : undefined;
  const cliAt = args.indexOf("--cli");
  const cli = cliAt >= 0 ? path.resolve(args[cliAt + 1] ?? "") : DEFAULT_CLI;
  if (!existsSync(cli)) throw new Error(`--cli ${cli}: no such file`);
  if (!existsSync(TIME)) {
    throw new Error(`${TIME} is missing: it measures each scan's peak RSS (apt-get install -y --no-install-recommends time)`);
  }
  const projects = loadManifest(MANIFEST).filter((p) => !only || only.has(p.project));
  mkdirSync(REPOS, { recursive: true });

  const rows: Row[] = [];
  const missing: LargeRepo[] = [];
  for (const project of projects) {
    const gitDir = mirrorOf(project);
    if (!gitDir) {
      missing.push(project);
      continue;
    }
    const dir = path.join(REPOS, project.project);
    const missingBlobs = await materialise(gitDir, project, dir);
    rows.push({ ...scanProject(cli, project, dir), missingBlobs });
    process.stderr.write(`${project.project}: ${rows.at(-1)!.seconds.toFixed(1)} s\n`);
  }

  const table = renderTable(rows);
  writeFileSync(path.join(OUT, "large-repos.txt"), table);
  writeFileSync(path.join(OUT, "large-repos.json"), `${JSON.stringify(rows, null, 2)}\n`);
  if (json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else {
    process.stdout.write(table);
  }
  for (const project of missing) {
    process.stderr.write(
      `${project.project}: no bare clone of ${project.repository} under ${MIRRORS} ` +
        `(expected ${path.join(MIRRORS, mirrorName(project), "repo")}); fetch ${project.repository} at ${project.commit}\n`,
    );
  }
  if (missing.length) process.exitCode = 1;
}

function mirrorName(project: LargeRepo): string {
  return project.repository.replace("/", "+");
}

function mirrorOf(project: LargeRepo): string | undefined {
  const base = path.join(MIRRORS, mirrorName(project));
  return [path.join(base, "repo"), base].find((dir) => existsSync(path.join(dir, "HEAD")));
}

/** Writes the commit's files unless the directory already holds them; returns missing blobs. */
async function materialise(gitDir: string, project: LargeRepo, dir: string): Promise<number> {
  const stamp = `${dir}.commit`;
  if (existsSync(stamp) && existsSync(dir)) {
    const [commit, missing] = readFileSync(stamp, "utf8").trim().split(" ");
    if (commit === project.commit) return Number(missing);
  }
  rmSync(stamp, { force: true });
  const counts = await writeSnapshot(gitDir, project.commit, dir);
  writeFileSync(stamp, `${project.commit} ${counts.missing}\n`);
  return counts.missing;
}

function scanProject(cli: string, project: LargeRepo, dir: string): Omit<Row, "missingBlobs"> {
  const timing = path.join(OUT, `${project.project}.time`);
  const child = spawnSync(TIME, ["-f", "%e %M %U %S", "-o", timing, process.execPath, cli, "scan", dir, "--format", "json", "--fail-on", "never"], {
    cwd: path.dirname(path.dirname(cli)),
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: "1" },
  });
  if (child.status !== 0) {
    throw new Error(`${project.project}: forksafe scan exited ${child.status}: ${child.stderr.toString().trim()}`);
  }
  const [seconds, maxRssKb, user, system] = readFileSync(timing, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
  const report = JSON.parse(child.stdout.toString()) as ScanReport;
  const counts = { error: 0, warning: 0, note: 0, suppressed: 0 };
  for (const f of report.findings) {
    if (f.suppressed) counts.suppressed++;
    else counts[f.severity as Level]++;
  }
  return {
    project: project.project,
    repository: project.repository,
    commit: project.commit,
    framework: project.framework,
    filesListed: report.stats.filesListed,
    filesParsed: report.stats.filesParsed,
    counts,
    seconds: seconds!,
    cpuSeconds: user! + system!,
    peakRssMb: Math.round(maxRssKb! / 1024),
    entryPoints: report.entryPoints.map((e) => `${e.server} ${e.source} preload=${e.preload.kind}`),
    findings: report.findings.map((f) => ({
      rule: f.ruleId,
      level: f.suppressed ? `${f.severity} (suppressed)` : f.severity,
      at: `${f.location.path}:${f.location.startLine}`,
      message: f.message,
      chain: (f.chain ?? []).map((c) => `${c.location.path}:${c.location.startLine} ${c.label}`),
    })),
  };
}

function renderTable(rows: Row[]): string {
  const header = ["project", "framework", "commit", "files", "parsed", "error", "warning", "note", "wall s", "CPU s", "peak RSS MB"];
  const lines = rows.map((r) => [
    r.project,
    r.framework,
    r.commit.slice(0, 10),
    String(r.filesListed),
    String(r.filesParsed),
    String(r.counts.error),
    String(r.counts.warning),
    String(r.counts.note),
    r.seconds.toFixed(1),
    r.cpuSeconds.toFixed(1),
    String(r.peakRssMb),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  const notes = rows
    .filter((r) => r.missingBlobs > 0 || r.counts.suppressed > 0)
    .map((r) => `${r.project}: ${r.missingBlobs} files absent from the clone (large blobs), ${r.counts.suppressed} suppressed findings`);
  return `${[format(header), ...lines.map(format), ...notes].join("\n")}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:repos: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
