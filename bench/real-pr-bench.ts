// A real repository's pull request replayed against the fake GitHub, through the app as it runs:
// a Probot instance with its default throttling and retries, the Forksafe app, the real analysis.
// Prints the time from delivery to completed check run and the requests by kind. A measurement,
// not a test. The repository is read (never run) from a bare git directory:
//   npm run bench:pr -- <git-dir> <head-commit> [base-commit]
// Default: /work/.mirror/readthedocs+readthedocs.org/repo at f5873ea41 (2,674 files, 7 changed).
//  1. Read every file at the head commit (git cat-file) and the diff from the base (git diff).
//  2. Seed the fake GitHub with the commit and a pull request with those changed files.
//  3. Deliver `pull_request.opened` to the app; wait until its check run is completed; repeat.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import parseDiff from "parse-diff";
import { Probot, ProbotOctokit } from "probot";

type WebhookEvent = Parameters<Probot["receive"]>[0];
import { forksafeApp } from "../src/index.js";
import { ReviewQueue } from "../src/github/review-queue.js";
import { FakeGitHub, type PullFileSeed } from "../test/github/fake-github.js";
import { pullRequestEvent } from "../test/github/app/harness.js";

const [gitDir = "/work/.mirror/readthedocs+readthedocs.org/repo", headArg = "f5873ea41", baseArg] = process.argv.slice(2);
const RUNS = Number(process.env.RUNS ?? 3);
const git = (...args: string[]) => execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 1 << 30 });
const head = git("rev-parse", headArg).trim();
const base = git("rev-parse", baseArg ?? `${headArg}^`).trim();

function filesAt(sha: string): Record<string, string | { size: number; binary: true }> {
  const entries = git("ls-tree", "-r", "-l", sha)
    .trim()
    .split("\n")
    .map((line) => {
      const [meta, path] = line.split("\t");
      const [, type, blob, size] = meta!.split(/\s+/);
      return { path: path!, type, blob: blob!, size: Number(size) };
    })
    .filter((e) => e.type === "blob");
  const batch = execFileSync("git", ["--git-dir", gitDir, "cat-file", "--batch"], { input: entries.map((e) => e.blob).join("\n") + "\n", maxBuffer: 1 << 30 });
  const out: Record<string, string | { size: number; binary: true }> = {};
  let at = 0;
  for (const entry of entries) {
    const headerEnd = batch.indexOf(10, at);
    const size = Number(batch.subarray(at, headerEnd).toString().split(" ")[2]);
    const body = batch.subarray(headerEnd + 1, headerEnd + 1 + size);
    at = headerEnd + 1 + size + 1;
    out[entry.path] = body.includes(0) ? { size, binary: true } : body.toString("utf8");
  }
  return out;
}

function pullFiles(): PullFileSeed[] {
  return parseDiff(git("diff", base, head)).map((file) => {
    const status = file.new ? "added" : file.deleted ? "removed" : file.from !== file.to ? "renamed" : "modified";
    const patch = file.chunks.map((c) => [c.content, ...c.changes.map((ch) => ch.content)].join("\n")).join("\n");
    return { filename: (file.deleted ? file.from : file.to)!, status, patch, additions: file.additions, deletions: file.deletions };
  });
}

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const files = filesAt(head);
const changed = pullFiles();
console.log(`${gitDir} at ${head.slice(0, 9)}: ${Object.keys(files).length} files; pull request from ${base.slice(0, 9)} changes ${changed.length}`);

const timings: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const fake = await FakeGitHub.start();
  const repo = fake.repo("acme", "shop");
  repo.commit(head, files);
  repo.pull({ number: 1, head, base, files: changed });
  // Probot's defaults: throttling (writes and GraphQL 1 s apart) and retries on.
  const Octokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, baseUrl: fake.url }));
  const probot = new Probot({ appId: 1, privateKey, Octokit, logLevel: "warn" });
  const queue = new ReviewQueue();
  await probot.load(forksafeApp({ queue, redisUrl: "" }), { cwd: process.cwd(), addHandler: () => {} });
  const started = performance.now();
  await probot.receive({ id: randomUUID(), name: "pull_request", payload: pullRequestEvent(repo, "opened", 1, head) } as unknown as WebhookEvent);
  await queue.idle();
  const ms = performance.now() - started;
  timings.push(ms);
  const runs = repo.checkRuns.map((r) => `${r.status}/${r.conclusion}`).join(", ");
  const at = (r: (typeof fake.requests)[number]) => (r.operation === "graphql" ? `graphql ${r.graphqlFields?.join("+")}` : r.operation);
  const when = (t: number | undefined) => (((t ?? started) - started) / 1000).toFixed(2);
  console.log(`run ${run + 1}: ${(ms / 1000).toFixed(2)} s delivery → completed check run (${runs}); ${fake.requests.length} requests:`);
  for (const r of fake.requests) console.log(`  ${when(r.at)}–${when(r.answeredAt)} s  ${at(r)}`);
  if (process.env.WAVES)
    for (const r of fake.requests.filter((r) => r.operation === "graphql")) {
      const vars = Object.entries((r.body as { variables?: Record<string, unknown> }).variables ?? {})
        .filter(([k]) => /^e\d+$/.test(k))
        .map(([, v]) => String(v).split(":")[1]);
      console.log(`  graphql: ${vars.length} files, e.g. ${vars.slice(0, 6).join(" ")}`);
    }
  if (fake.violations.length > 0) console.log(`  requests GitHub would reject: ${fake.violations.join("; ")}`);
  await fake.close();
}
timings.sort((a, b) => a - b);
console.log(`median ${(timings[Math.floor(timings.length / 2)]! / 1000).toFixed(2)} s over ${RUNS} runs`);
