// Webhook handlers: a few guard clauses, each logging why it returns, then one call that queues
// the review. The webhook is answered once the review is queued; the queue does the work afterwards.
import type { Context } from "probot";
import { applyFix, type FixDeps, type FixOutcome, type FixRequest } from "./apply-fix.js";
import { CHECK_NAME, FIX_ACTION, RERUN_ACTION } from "./check-run-api.js";
import { pullsForCommit } from "./find-pulls.js";
import { pullKey, type ReviewRequest } from "./review-request.js";
import type { Reviews } from "../queue/reviews.js";
import type { GitHub } from "./octokit.js";
import { honourSecondaryLimits } from "./secondary-limits.js";
import { canTrigger, HELP_TEXT, parseSlashCommand, react, reply } from "./slash-command.js";

/** What the handlers share: where reviews are queued, and what the fix flow needs. */
export interface Reviewer {
  reviews: Reviews;
  fix?: FixDeps;
}

/** Queues a review; returns false (and logs) when it is turned away (duplicate, older, done). */
export async function queueReview({ reviews }: Reviewer, log: Context["log"], request: ReviewRequest): Promise<boolean> {
  const verdict = await reviews.enqueue(request);
  if (!verdict.accepted) log.info(`Not reviewing ${pullKey(request)}: ${verdict.reason}`);
  return verdict.accepted;
}

function installationOf(context: Context): number {
  const id = (context.payload as { installation?: { id?: number } }).installation?.id;
  if (id === undefined) throw new Error(`Delivery ${context.id} has no installation: Forksafe only runs as an installed GitHub App`);
  return id;
}

export async function onPullRequest(context: Context<"pull_request">, reviewer: Reviewer): Promise<void> {
  const pull = context.payload.pull_request;
  if (pull.state !== "open") return context.log.info(`#${pull.number} is ${pull.state}: nothing to review`);
  await queueReview(reviewer, context.log, {
    ...context.repo({}),
    installationId: installationOf(context),
    number: pull.number,
    headSha: pull.head.sha,
    isHead: true,
    deliveryId: context.id,
    force: false,
    updatedAt: pull.updated_at,
  });
}

export async function onCheckSuite(context: Context<"check_suite">, reviewer: Reviewer): Promise<void> {
  const suite = context.payload.check_suite;
  const repo = context.repo();
  const hinted = suite.pull_requests.filter((p) => p.base.repo.id === context.payload.repository.id).map((p) => p.number);
  const octokit = honourSecondaryLimits(context.octokit);
  const pulls = await pullsForCommit(octokit, repo, suite.head_sha, hinted);
  if (pulls.length === 0) return context.log.info(`No open pull request has ${suite.head_sha} as its head: nothing to review`);
  for (const pull of pulls) {
    await queueReview(reviewer, context.log, {
      installationId: installationOf(context),
      ...repo,
      ...pull,
      deliveryId: `${context.id}:${pull.number}`,
      force: context.payload.action === "rerequested",
    });
  }
}

export async function onCheckRun(context: Context<"check_run">, reviewer: Reviewer): Promise<void> {
  const run = context.payload.check_run;
  if (run.name !== CHECK_NAME) return context.log.info(`Check run "${run.name}" is not Forksafe's`);
  if (context.payload.action === "requested_action" && context.payload.requested_action?.identifier === FIX_ACTION) {
    return onFixButton(context, reviewer);
  }
  if (context.payload.action === "requested_action" && context.payload.requested_action?.identifier !== RERUN_ACTION) {
    return context.log.info(`Unknown check run action ${context.payload.requested_action?.identifier}`);
  }
  const repo = context.repo();
  const hinted = run.pull_requests.filter((p) => p.base.repo.id === context.payload.repository.id).map((p) => p.number);
  const octokit = honourSecondaryLimits(context.octokit);
  const pulls = await pullsForCommit(octokit, repo, run.head_sha, hinted);
  if (pulls.length === 0) return context.log.info(`No open pull request has ${run.head_sha} as its head: nothing to re-run`);
  for (const pull of pulls)
    await queueReview(reviewer, context.log, {
      installationId: installationOf(context),
      ...repo,
      ...pull,
      deliveryId: `${context.id}:${pull.number}`,
      force: true,
    });
}

export async function onIssueComment(context: Context<"issue_comment.created">, reviewer: Reviewer): Promise<void> {
  const { comment, issue } = context.payload;
  if (!issue.pull_request) return context.log.info(`#${issue.number} is an issue, not a pull request`);
  if (comment.user?.type === "Bot" || context.isBot) return context.log.info(`Comment ${comment.id} is from a bot`);
  const command = parseSlashCommand(comment.body);
  if (!command) return context.log.debug(`Comment ${comment.id} has no /forksafe command`);
  const repo = context.repo();
  const octokit = honourSecondaryLimits(context.octokit);
  await react(octokit, repo, comment.id, "eyes");
  if (command.name === "fix") {
    if (!reviewer.fix) return context.log.info("No fix planner configured: /forksafe fix ignored");
    const outcome = await runFix(octokit, context.log, reviewer.fix, {
      ...repo,
      number: issue.number,
      requester: comment.user?.login ?? "",
      via: command.rules ? `\`/forksafe fix ${command.rules.join(" ")}\`` : "`/forksafe fix`",
      ...(command.rules ? { rules: command.rules } : {}),
    });
    return react(octokit, repo, comment.id, outcome === "committed" || outcome === "suggested" || outcome === "nothing" ? "rocket" : "confused");
  }
  if (command.name !== "recheck") {
    await reply(octokit, repo, issue.number, command.name === "unknown" ? `Unknown command \`${command.word}\`.\n\n${HELP_TEXT}` : HELP_TEXT);
    return react(octokit, repo, comment.id, "rocket");
  }
  if (!(await canTrigger(octokit, repo, comment.user?.login ?? "", issue.user?.login))) {
    context.log.info(`${comment.user?.login} may not run /forksafe recheck on #${issue.number}`);
    return react(octokit, repo, comment.id, "confused");
  }
  const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: issue.number });
  if (pull.state !== "open") return react(octokit, repo, comment.id, "confused");
  const queued = await queueReview(reviewer, context.log, {
    installationId: installationOf(context),
    ...repo,
    number: pull.number,
    headSha: pull.head.sha,
    isHead: true,
    deliveryId: context.id,
    force: true,
    commentId: comment.id,
  });
  if (!queued) await react(octokit, repo, comment.id, "rocket");
}

/** The "Apply fix" button: the fix flow for each open pull request whose head is the run's commit. */
async function onFixButton(context: Context<"check_run">, reviewer: Reviewer): Promise<void> {
  if (!reviewer.fix) return context.log.info("No fix planner configured: Apply fix ignored");
  const run = context.payload.check_run;
  const repo = context.repo();
  const octokit = honourSecondaryLimits(context.octokit);
  const hinted = run.pull_requests.filter((p) => p.base.repo.id === context.payload.repository.id).map((p) => p.number);
  const pulls = await pullsForCommit(octokit, repo, run.head_sha, hinted);
  if (pulls.length === 0) return context.log.info(`No open pull request has ${run.head_sha} as its head: nothing to fix`);
  for (const pull of pulls) {
    await runFix(octokit, context.log, reviewer.fix, {
      ...repo,
      number: pull.number,
      requester: context.payload.sender.login,
      via: "the Apply fix button",
      pressedOn: run.head_sha,
    });
  }
}

/** The fix flow, its unexpected errors turned into a reply rather than lost in the log. */
async function runFix(octokit: GitHub, log: Context["log"], deps: FixDeps, request: FixRequest): Promise<FixOutcome | "failed"> {
  try {
    const outcome = await applyFix(octokit, request, deps);
    log.info(`Fix for ${request.owner}/${request.repo}#${request.number} asked by ${request.requester}: ${outcome}`);
    return outcome;
  } catch (error) {
    log.error({ err: error }, `Fix for ${request.owner}/${request.repo}#${request.number} failed`);
    const message = error instanceof Error ? error.message : String(error);
    await reply(octokit, request, request.number, `Forksafe could not apply its fix: ${message}\n\nNothing was committed.`).catch(() => {});
    return "failed";
  }
}
