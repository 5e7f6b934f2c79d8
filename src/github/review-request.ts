// A review to run, as plain data: what a webhook asks for, stored in memory or in Redis, and run
// by whichever process picks it up with a fresh installation client.
//  1. Authenticate as the installation (Probot caches the token).
//  2. Review the pull request at the head (see review-pull-request.ts).
//  3. For `/forksafe recheck`: react 🚀 on the comment when done, 😕 when it failed.
import type { Probot } from "probot";
import { completeCheckRun, CHECK_NAME, RERUN_BUTTON } from "./check-run-api.js";
import type { GitHub, RepoRef } from "./octokit.js";
import type { Planner } from "./apply-fix.js";
import { HandedOverError, reviewPullRequest, type Analyzer, type ReviewOutcome } from "./review-pull-request.js";
import { honourSecondaryLimits } from "./secondary-limits.js";
import { react } from "./slash-command.js";
import { failureReport } from "../report/check-run.js";

export interface ReviewRequest extends RepoRef {
  installationId: number;
  number: number;
  headSha: string;
  /** False for a commit that is no longer the pull request's head: check run only. */
  isHead: boolean;
  deliveryId: string;
  /** Re-run or recheck: analyse again even when this head was already reviewed. */
  force: boolean;
  /** When the event says the pull request last changed; older events are ignored. */
  updatedAt?: string;
  /** The `/forksafe recheck` comment to react on when the review ends. */
  commentId?: number;
}

/** How the queue steers one run of a review. */
export interface RunControl {
  superseded: () => boolean | Promise<boolean>;
  checkRunId?: number;
  /** A previous attempt started this review: reuse its check run if it created one. */
  resumed?: boolean;
  onCheckRun?: (id: number) => void | Promise<void>;
  completeOnError?: boolean;
}

/** `owner/repo#number`: reviews with the same key never run at the same time. */
export function pullKey(request: RepoRef & { number: number }): string {
  return `${request.owner}/${request.repo}#${request.number}`;
}

/** Runs a review; `app` authenticates the installation in whichever process runs it. */
export type ReviewRunner = (request: ReviewRequest, control: RunControl) => Promise<ReviewOutcome>;

export function reviewRunner(app: Probot, analyze: Analyzer, plan?: Planner): ReviewRunner {
  return async (request, control) => {
    const octokit = await installationClient(app, request.installationId);
    const repo = { owner: request.owner, repo: request.repo };
    let ok = false;
    let handedOver = false;
    try {
      const { resumed, ...rest } = control;
      const checkRunId = control.checkRunId ?? (resumed ? await inProgressCheckRun(octokit, repo, request.headSha) : undefined);
      const options = { isHead: request.isHead, analyze, ...(plan ? { plan } : {}), ...rest, ...(checkRunId !== undefined ? { checkRunId } : {}) };
      const outcome = await reviewPullRequest(octokit, { ...repo, number: request.number, headSha: request.headSha }, options);
      ok = true;
      return outcome;
    } catch (error) {
      handedOver = error instanceof HandedOverError;
      throw error;
    } finally {
      const last = !handedOver && (ok || control.completeOnError !== false);
      if (request.commentId !== undefined && last) {
        await react(octokit, repo, request.commentId, ok ? "rocket" : "confused").catch((error: unknown) =>
          app.log.warn({ err: error }, "Could not react on the recheck comment"),
        );
      }
    }
  };
}

/**
 * Our check run at `sha` still in progress, if any: a process that stopped between creating it
 * and recording it left it, and the resumed review completes it rather than leave it spinning.
 */
async function inProgressCheckRun(octokit: GitHub, repo: RepoRef, sha: string): Promise<number | undefined> {
  const { data } = await octokit.rest.checks.listForRef({ ...repo, ref: sha, check_name: CHECK_NAME, status: "in_progress", filter: "latest" });
  return data.check_runs.find((run) => run.status === "in_progress" && run.name === CHECK_NAME)?.id;
}

export async function installationClient(app: Probot, installationId: number): Promise<GitHub> {
  return honourSecondaryLimits((await app.auth(installationId)) as GitHub);
}

/** The summary of a review that a restart cut short. */
export const RESTARTED_TITLE = "Forksafe was restarted before it finished";
export const RESTARTED_SUMMARY = `${RESTARTED_TITLE}; press Re-run (or comment \`/forksafe recheck\`) to analyse this commit.`;

/**
 * Completes a review that could not finish before the process stopped: its check run when it
 * has one, else a new completed one at the head, `neutral` with the Re-run button.
 */
export async function completeAsRestarted(app: Probot, request: ReviewRequest, checkRunId: number | undefined): Promise<void> {
  await completeUnfinished(app, request, checkRunId, RESTARTED_TITLE, RESTARTED_SUMMARY);
}

/** The title of a review the queue gave up on because the processes running it kept stopping. */
export const STOPPED_TITLE = "Forksafe stopped before it finished";

/**
 * Completes a review nobody will finish `neutral` with `title`, `summary` and the Re-run button:
 * its check run (`checkRunId`, or when unknown the one still in progress at the head, found
 * with `checks.listForRef`), else a new completed one at the head.
 */
export async function completeUnfinished(
  app: Probot,
  request: ReviewRequest,
  checkRunId: number | undefined,
  title: string,
  summary: string,
  lookUp = false,
): Promise<void> {
  const octokit = await installationClient(app, request.installationId);
  const repo = { owner: request.owner, repo: request.repo };
  const report = failureReport(title, summary, "neutral");
  const id = checkRunId ?? (lookUp ? await inProgressCheckRun(octokit, repo, request.headSha) : undefined);
  if (id !== undefined) return completeCheckRun(octokit, repo, id, report);
  await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: request.headSha,
    status: "completed",
    conclusion: report.conclusion,
    completed_at: new Date().toISOString(),
    output: { title: report.title, summary: report.summary },
    actions: [RERUN_BUTTON],
  });
}
