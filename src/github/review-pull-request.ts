// Reviewing one pull request at one head commit.
//  1. Create the "Forksafe" check run, in progress, at the head SHA; meanwhile list the pull
//     request's files and the repository's tree (GETs, which the throttle does not space).
//  2. Read .github/forksafe.yml with the first, wide batch of file contents and the review
//     threads (one request); when invalid, conclude `action_required` naming the problem, and stop.
//  3. Analyse the repository at the head SHA; the lines each patch lets a comment target.
//  5. Split the findings: touched by the pull request (any of their lines in a changed file) or not.
//  6. Unless superseded or not the pull request's head: resolve our threads whose finding is gone,
//     then post one review with the comments not posted before (422: without the rejected ones).
//  7. Plan the fixes (the head only): the check run offers "Apply fix" when the plan changes a file.
//  8. Complete the check run: every finding not in a comment is in its summary and annotations.
// Any error completes the check run (created then if need be) with a readable summary instead.
import { analyze } from "../analysis/analyze.js";
import type { SourceTree } from "../analysis/source-tree.js";
import type { AnalysisResult, Finding, Location } from "../analysis/types.js";
import type { Config } from "../config/schema.js";
import { checkRunReport, failureReport, fitSummary, type CheckRunReport } from "../report/check-run.js";
import { reviewComment, type CommentableLines } from "../report/review-comment.js";
import { completeCheckRun, createCheckRun } from "./check-run-api.js";
import { diffLines } from "./diff-lines.js";
import type { GitHub } from "./octokit.js";
import { postReview, type ReviewTarget } from "./post-review.js";
import { listPullFiles } from "./pull-files.js";
import { CONFIG_PATH, readConfig } from "./read-config.js";
import { repoSource, type RepoSource } from "./repo-source.js";
import type { Planner } from "./apply-fix.js";
import { forksafeThreads, resolveThreads } from "./review-threads.js";

/** "Too many comments" is noise: at most this many inline comments per review; the rest go to the check run. */
export const MAX_COMMENTS_PER_REVIEW = 30;

/** The analysis: `analyze` from the core; tests may pass another. */
export type Analyzer = (tree: SourceTree, config: Config) => Promise<AnalysisResult>;

export interface ReviewOptions {
  /** False for a commit that is no longer the pull request's head: check run only. */
  isHead: boolean;
  /**
   * True once a newer head is queued: the review is skipped, the check run still completes.
   * Throws `HandedOverError` when another process took the review over: then nothing more is written.
   */
  superseded: () => boolean | Promise<boolean>;
  analyze?: Analyzer;
  /** The fix planner: with it, a head whose plan changes a file gets the "Apply fix" button. */
  plan?: Planner;
  /** Resume this check run (a retried or taken-over review) instead of creating one. */
  checkRunId?: number;
  /** Told the check run's id as soon as it exists, so a restart can complete or resume it. */
  onCheckRun?: (id: number) => void | Promise<void>;
  /** False while retries remain: an error leaves the check run in progress for the next try. */
  completeOnError?: boolean;
}

export type ReviewOutcome = "reviewed" | "invalid-config" | "superseded";

export async function reviewPullRequest(octokit: GitHub, target: ReviewTarget, options: ReviewOptions): Promise<ReviewOutcome> {
  const repo = { owner: target.owner, repo: target.repo };
  // The throttle spaces writes and GraphQL a second apart; GETs (the tree, the pull request's
  // files) are not spaced, so they start at once, beside the check run's creation.
  let checkRun: Promise<number> | undefined;
  const ensureCheckRun = () =>
    (checkRun ??= (async () => {
      const id = options.checkRunId ?? (await createCheckRun(octokit, repo, target.headSha));
      await options.onCheckRun?.(id);
      return id;
    })());
  let reviewError: unknown;
  try {
    ensureCheckRun().catch(() => {});
    const tree = repoSource(octokit, { ...repo, sha: target.headSha, pullNumber: target.number, configPath: CONFIG_PATH });
    const pullFiles = listPullFiles(octokit, { ...repo, number: target.number });
    pullFiles.catch(() => {});
    const texts = await tree.configTexts();
    const config = await readConfig(octokit, repo, texts);
    if (!config.ok) {
      await completeCheckRun(octokit, repo, await ensureCheckRun(), failureReport("Invalid Forksafe configuration", config.problem, "action_required"));
      return "invalid-config";
    }
    const [result, files] = await Promise.all([(options.analyze ?? analyze)(tree, config.config), pullFiles, ensureCheckRun()]);
    const changed = new Set(files.filter((f) => f.status !== "removed").map((f) => f.filename));
    const lines: CommentableLines = new Map(files.map((f) => [f.filename, diffLines(f.patch).commentable]));
    const touched = result.findings.filter((f) => locationsOf(f).some((l) => changed.has(l.path)));
    const elsewhere = result.findings.filter((f) => !touched.includes(f));

    let commented = new Set<string>();
    let note = "";
    const superseded = options.isHead && (await options.superseded());
    if (!options.isHead) note = `${target.headSha} is no longer the head of #${target.number}: no review posted.`;
    else if (superseded) note = "A newer commit was pushed while this one was analysed: no review posted for this one.";
    else {
      try {
        commented = await updateReview(octokit, target, result.findings, touched, lines, tree);
      } catch (error) {
        reviewError = error;
        note = `The review could not be posted (${describe(error)}); every finding is listed here instead.`;
      }
    }

    const report = checkRunReport({
      findings: touched,
      elsewhere,
      entryPoints: result.entryPoints,
      skipped: result.skipped,
      failOn: config.config.fail_on,
      commented,
    });
    const fixable = options.isHead && !superseded && (await hasFix(octokit, tree, result, options.plan));
    await completeCheckRun(octokit, repo, await ensureCheckRun(), note ? { ...report, summary: fitSummary(`${note}\n\n${report.summary}`) } : report, fixable);
  } catch (error) {
    if (options.completeOnError === false || error instanceof HandedOverError) throw error;
    await ensureCheckRun()
      .then((id) => completeCheckRun(octokit, repo, id, errorReport(error)))
      .catch((again: unknown) => {
        octokit.log.error(`Could not complete the check run: ${describe(again)}`);
      });
    throw markReported(error);
  }
  if (reviewError) throw markReported(reviewError);
  return options.isHead && (await options.superseded()) ? "superseded" : "reviewed";
}

/**
 * Whether the planner would change a file: only then is "Apply fix" offered. A planner that
 * fails costs the button, never the review.
 */
async function hasFix(octokit: GitHub, tree: SourceTree, result: AnalysisResult, plan: Planner | undefined): Promise<boolean> {
  const findings = result.findings.filter((f) => !f.suppressed);
  if (!plan || findings.length === 0) return false;
  try {
    return (await plan(tree, { ...result, findings })).changes.length > 0;
  } catch (error) {
    octokit.log.warn(`Could not plan fixes: ${describe(error)}`);
    return false;
  }
}

/** Resolves threads whose finding is gone, posts the new comments; returns the commented fingerprints. */
async function updateReview(
  octokit: GitHub,
  target: ReviewTarget,
  all: Finding[],
  touched: Finding[],
  lines: CommentableLines,
  tree: RepoSource,
): Promise<Set<string>> {
  const threads = forksafeThreads(await tree.reviewThreads());
  const current = new Map(all.map((f) => [f.fingerprint, f]));
  const gone = threads.filter((t) => !t.isResolved && (!current.has(t.fingerprint) || current.get(t.fingerprint)!.suppressed !== undefined));
  await resolveThreads(
    octokit,
    gone.map((t) => ({
      id: t.id,
      reply: current.has(t.fingerprint)
        ? `Suppressed with \`# forksafe: ignore\` in ${target.headSha}.`
        : `Fixed in ${target.headSha}: Forksafe no longer reports this.`,
    })),
  );

  const commented = new Set(threads.map((t) => t.fingerprint).filter((fp) => current.has(fp)));
  const fresh = touched.filter((f) => !f.suppressed && !commented.has(f.fingerprint));
  const texts = await fileLines(tree, fresh, lines);
  const candidates = fresh.flatMap((f) => {
    const comment = reviewComment(f, lines, (path) => texts.get(path));
    return comment ? [{ finding: f, comment }] : [];
  });
  const chosen = candidates.slice(0, MAX_COMMENTS_PER_REVIEW);
  if (chosen.length === 0) return commented;

  const overflow = candidates.length - chosen.length;
  const body = (dropped: number) =>
    [
      `Forksafe found ${chosen.length - dropped} new finding${chosen.length - dropped === 1 ? "" : "s"} of startup database work on lines this pull request changes (at ${target.headSha}).`,
      overflow > 0 ? `${overflow} more are listed in the Forksafe check run, to keep this review short.` : "",
      dropped > 0 ? `${dropped} could not be placed on the diff and are in the Forksafe check run.` : "",
    ]
      .filter(Boolean)
      .join("\n\n");
  const { posted } = await postReview(
    octokit,
    target,
    body,
    chosen.map((c) => c.comment),
  );
  for (const c of chosen) if (posted.includes(c.comment)) commented.add(c.finding.fingerprint);
  return commented;
}

/** The lines of the files suggestions may need, read in one batch. */
async function fileLines(tree: RepoSource, findings: Finding[], lines: CommentableLines): Promise<Map<string, string[]>> {
  const paths = [...new Set(findings.filter((f) => f.fix?.edits?.length).flatMap((f) => f.fix!.edits!.map((e) => e.location.path)))].filter((p) =>
    lines.has(p),
  );
  const out = new Map<string, string[]>();
  if (paths.length === 0) return out;
  for (const file of await tree.read(paths)) if ("text" in file) out.set(file.path, file.text.split("\n"));
  return out;
}

function locationsOf(finding: Finding): Location[] {
  return [finding.location, ...finding.chain.map((s) => s.location), ...finding.related.map((s) => s.location), ...finding.entryPoints.map((e) => e.location)];
}

/**
 * This process lost the review to another one (its queue lock expired while it was blocked, or it
 * is shutting down and handed the review back): it stops without writing to GitHub again, and
 * the other process completes the check run.
 */
export class HandedOverError extends Error {
  constructor(message = "another process took this review over") {
    super(message);
    this.name = "HandedOverError";
  }
}

/** An error whose check run already says what went wrong: retrying it would only repeat that. */
export function isReported(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { forksafeReported?: boolean }).forksafeReported === true;
}

function markReported(error: unknown): unknown {
  if (typeof error === "object" && error !== null) Object.assign(error, { forksafeReported: true });
  return error;
}

function errorReport(error: unknown): CheckRunReport {
  return failureReport(
    "Forksafe could not finish",
    `The analysis stopped with an error: ${describe(error)}.\n\nPress "Re-run" or comment \`/forksafe recheck\` to try again.`,
  );
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { status?: number } | undefined)?.status;
  return status ? `GitHub answered ${status}: ${message}` : message;
}
