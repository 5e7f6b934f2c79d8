// `npm run summaries`: regenerates data/library-summaries.json and docs/library-summaries.md
// from the package sources named in scripts/library-sources.json.
//  1. Debian packages: one `apt-get update` (skipped with --no-update), then `apt-get download`
//     of each package not yet in .cache/library-sources/debs, and `dpkg -x` of each.
//  2. Repositories at a release tag: `git archive` of the named directories, from a bare clone
//     in the cache (or from FORKSAFE_GIT_MIRRORS/<owner>+<name>/repo when set).
//  3. Summarise them all together (src/analysis/library/generate.ts) and write the data file
//     and the report. Library code is only read, never run, and never enters the repository.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateLibrary, type GenerationReport, type PackageSource } from "../src/analysis/library/generate.js";
import { LIBRARY_FILE } from "../src/analysis/library/load.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CACHE = path.join(ROOT, ".cache/library-sources");
const DEBS = path.join(CACHE, "debs");
const SITE = "usr/lib/python3/dist-packages";
const REPORT = path.join(ROOT, "docs/library-summaries.md");

interface Manifest {
  debian: { packages: string[]; patterns: string[]; exclude: Record<string, string> };
  git: Array<{ name: string; repo: string; tag: string; dirs: string[]; rank?: number }>;
}

function main(): void {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "scripts/library-sources.json"), "utf8")) as Manifest;
  mkdirSync(DEBS, { recursive: true });
  if (!process.argv.includes("--no-update")) run("apt-get", ["update"]);
  const sources = [...debianSources(manifest), ...gitSources(manifest)];
  console.log(`summarising ${sources.length} packages, ${sources.reduce((n, s) => n + s.files.size, 0)} Python files`);
  const start = performance.now();
  const { data, report } = generateLibrary(sources.filter((s) => s.files.size > 0));
  console.log(`summarised in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  const json = `${JSON.stringify(data)}\n`;
  writeFileSync(LIBRARY_FILE, json);
  writeFileSync(REPORT, reportMarkdown(report, sources, Buffer.byteLength(json)));
  console.log(`wrote ${path.relative(ROOT, LIBRARY_FILE)} (${(Buffer.byteLength(json) / 1e6).toFixed(2)} MB) and ${path.relative(ROOT, REPORT)}`);
}

function debianSources(manifest: Manifest): PackageSource[] {
  const names = new Set(manifest.debian.packages);
  for (const pattern of manifest.debian.patterns) {
    for (const line of run("apt-cache", ["search", "--names-only", pattern]).split("\n")) {
      const name = line.split(" ")[0];
      if (name) names.add(name);
    }
  }
  const excluded = Object.keys(manifest.debian.exclude).map((p) => new RegExp(p));
  const wanted = [...names].filter((n) => !excluded.some((e) => e.test(n))).sort();
  const sources: PackageSource[] = [];
  for (const name of wanted) {
    const deb = debFile(name);
    if (!deb) continue;
    const version = run("dpkg-deb", ["-f", deb, "Version"]).trim();
    const dest = path.join(CACHE, "debian", name);
    if (!existsSync(dest)) {
      mkdirSync(dest, { recursive: true });
      run("dpkg", ["-x", deb, dest]);
    }
    const upstream = version.replace(/^\d+:/, "").replace(/-[^-]*$/, "");
    sources.push({ name: name.replace(/^python3-/, ""), version: upstream, source: `debian:${name}=${version}`, files: pythonFiles(path.join(dest, SITE)) });
  }
  return sources;
}

/** The package's .deb in the cache, downloaded if missing; undefined (with a message) when apt cannot get it. */
function debFile(name: string): string | undefined {
  const find = () => readdirSync(DEBS).find((f) => f.startsWith(`${name}_`) && f.endsWith(".deb"));
  let file = find();
  if (!file) {
    try {
      run("apt-get", ["download", name], DEBS);
    } catch (error) {
      console.warn(`skipped ${name}: apt-get download failed (${(error as Error).message.split("\n")[0]})`);
      return undefined;
    }
    file = find();
  }
  return file ? path.join(DEBS, file) : undefined;
}

function gitSources(manifest: Manifest): PackageSource[] {
  return manifest.git.map((entry) => {
    const gitDir = gitDirOf(entry.repo);
    const dest = path.join(CACHE, "git", `${entry.repo.replace("/", "+")}@${entry.tag}`);
    if (!existsSync(dest)) {
      mkdirSync(dest, { recursive: true });
      const archive = execFileSync("git", ["--git-dir", gitDir, "archive", entry.tag, ...entry.dirs], { maxBuffer: 1 << 28 });
      execFileSync("tar", ["-x", "-C", dest], { input: archive });
    }
    return { name: entry.name, version: entry.tag.replace(/^v/, ""), source: `git:${entry.repo}@${entry.tag}`, files: pythonFiles(dest) };
  });
}

function gitDirOf(repo: string): string {
  const mirrors = process.env.FORKSAFE_GIT_MIRRORS;
  if (mirrors) return path.join(mirrors, repo.replace("/", "+"), "repo");
  const dir = path.join(CACHE, "git", `${repo.replace("/", "+")}.git`);
  if (!existsSync(dir)) run("git", ["clone", "--bare", "--quiet", `https://github.com/${repo}.git`, dir]);
  return dir;
}

/** Every .py file under a directory, by path relative to it. */
function pythonFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(dir)) return files;
  const visit = (rel: string) => {
    // Symbolic links (Debian links shared static files into place) are not the package's own sources.
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!/\.(dist|egg)-info$/.test(entry.name) && entry.name !== "__pycache__") visit(child);
      } else if (entry.isFile() && entry.name.endsWith(".py")) {
        files.set(child, readFileSync(path.join(dir, child), "utf8"));
      }
    }
  };
  visit("");
  return files;
}

function reportMarkdown(report: GenerationReport, sources: readonly PackageSource[], bytes: number): string {
  const total = report.packages.reduce((t, p) => ({ db: t.db + p.db, no: t.no + p.no, unknown: t.unknown + p.unknown, modules: t.modules + p.modules }), {
    db: 0,
    no: 0,
    unknown: 0,
    modules: 0,
  });
  const empty = sources.filter((s) => s.files.size === 0).map((s) => s.name);
  const lines = [
    "# Library summaries",
    "",
    "Generated by `npm run summaries` (scripts/summaries.ts) from the sources in scripts/library-sources.json;",
    "do not edit by hand. What each package's public functions and methods do to the database when called:",
    "`db` (with the chain inside the library), `no`, or `unknown` (metaprogramming static reading cannot follow;",
    "never a finding).",
    "",
    `${report.packages.length} packages, ${total.modules} modules; ${total.db} db, ${total.no} no, ${total.unknown} unknown;`,
    `data/library-summaries.json is ${(bytes / 1e6).toFixed(2)} MB.`,
    "",
    "| package | version | source | modules | db | no | unknown | commands |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...report.packages.map((p) => `| ${p.name} | ${p.version} | \`${p.source}\` | ${p.modules} | ${p.db} | ${p.no} | ${p.unknown} | ${p.commands} |`),
    "",
    "## Modules that could not be parsed",
    "",
    ...(report.unparsed.length === 0 ? ["None."] : report.unparsed.map((u) => `- ${u.package}: \`${u.path}\`: ${u.reason}`)),
    "",
    "## Files two packages ship",
    "",
    ...(report.shadowed.length === 0 ? ["None."] : report.shadowed.map((s) => `- \`${s.path}\`: kept from ${s.kept}, not from ${s.dropped}`)),
    "",
    "## Packages without Python modules",
    "",
    empty.length === 0 ? "None." : empty.join(", "),
    "",
  ];
  return lines.join("\n");
}

function run(command: string, args: string[], cwd?: string): string {
  return execFileSync(command, args, { encoding: "utf8", maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "pipe"], ...(cwd ? { cwd } : {}) });
}

main();
