// The Probot app: handler registrations only, and the choice of where reviews wait: in memory,
// or in Redis when REDIS_URL is set (several replicas, nothing lost on a crash).
import type { ApplicationFunction, Probot } from "probot";
import { healthHandler } from "./github/health.js";
import { onCheckRun, onCheckSuite, onIssueComment, onPullRequest } from "./github/handlers.js";
import type { Analyzer } from "./github/review-pull-request.js";
import type { Planner } from "./github/apply-fix.js";
import { ReviewQueue } from "./github/review-queue.js";
import { completeAsRestarted, completeUnfinished, reviewRunner, STOPPED_TITLE, type ReviewRequest } from "./github/review-request.js";
import { analyze } from "./analysis/analyze.js";
import { planFixes } from "./fix/plan.js";
import { MemoryReviews } from "./queue/memory-reviews.js";
import { startRedisReviews, redisSettings, type RedisSettings } from "./queue/redis-reviews.js";
import { UnavailableError, type Reviews } from "./queue/reviews.js";

export interface AppOptions {
  /** The in-memory review queue; tests pass their own to await it with `queue.idle()`. */
  queue?: ReviewQueue;
  /** The analysis to run; the core's `analyze` unless a test passes another. */
  analyze?: Analyzer;
  /** The fix planner behind "Apply fix" and `/forksafe fix`: the core's `planFixes` unless given; null turns both off. */
  plan?: Planner | null;
  /** Redis for the shared queue; `REDIS_URL` from the environment unless given. Empty: in memory. */
  redisUrl?: string;
  /** Queue settings with Redis; read from the environment unless given. */
  redisSettings?: Partial<RedisSettings>;
  /** Told where reviews are queued once the app is loaded (the entry point shuts it down). */
  onReady?: (reviews: Reviews) => void;
}

export function forksafeApp(options: AppOptions = {}): ApplicationFunction {
  return async (app: Probot, { addHandler }) => {
    const plan = options.plan === undefined ? planFixes : (options.plan ?? undefined);
    const run = reviewRunner(app, options.analyze ?? analyze, plan);
    const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? "";
    let reviews: Reviews;
    if (redisUrl) {
      const giveUp = (request: ReviewRequest, checkRunId: number | undefined, reason: string) =>
        completeUnfinished(
          app,
          request,
          checkRunId,
          STOPPED_TITLE,
          `Forksafe gave this commit up: ${reason}.\n\nPress "Re-run" or comment \`/forksafe recheck\` to try again.`,
          true,
        );
      reviews = await startRedisReviews(redisUrl, run, giveUp, app.log, { ...redisSettings(process.env), ...options.redisSettings });
    } else {
      const queue = options.queue ?? new ReviewQueue();
      queue.onError = (error, job) => app.log.error({ err: error }, `Review of ${job.key} at ${job.headSha} failed`);
      reviews = new MemoryReviews(queue, run, (request, checkRunId) => completeAsRestarted(app, request, checkRunId), app.log);
    }
    const reviewer = { reviews, ...(plan ? { fix: { plan, analyze: options.analyze ?? analyze } } : {}) };
    // Every delivery first asks whether this process can take work: 503 when it is stopping or
    // has lost Redis, so the delivery shows as failed and can be delivered again.
    app.onAny(async () => {
      const health = await reviews.health();
      if (!health.ok) throw new UnavailableError(`Forksafe cannot take this delivery now (${health.reason}): deliver it again later`);
    });
    app.on(["pull_request.opened", "pull_request.reopened", "pull_request.synchronize", "pull_request.ready_for_review"], (context) =>
      onPullRequest(context, reviewer),
    );
    app.on(["check_suite.requested", "check_suite.rerequested"], (context) => onCheckSuite(context, reviewer));
    app.on(["check_run.rerequested", "check_run.requested_action"], (context) => onCheckRun(context, reviewer));
    app.on("issue_comment.created", (context) => onIssueComment(context, reviewer));
    try {
      addHandler(healthHandler(() => reviews.health()));
    } catch {
      app.log.debug("No HTTP server: /health not registered");
    }
    options.onReady?.(reviews);
  };
}

export default forksafeApp();
