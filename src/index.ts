// The Probot app: handler registrations only.
import type { ApplicationFunction, Probot } from "probot";
import { healthHandler } from "./github/health.js";
import { onCheckRun, onCheckSuite, onIssueComment, onPullRequest } from "./github/handlers.js";
import type { Analyzer } from "./github/review-pull-request.js";
import { ReviewQueue } from "./github/review-queue.js";
import { analyze } from "./analysis/analyze.js";

export interface AppOptions {
  /** The review queue; tests pass their own to await it with `queue.idle()`. */
  queue?: ReviewQueue;
  /** The analysis to run; the core's `analyze` unless a test passes another. */
  analyze?: Analyzer;
}

export function forksafeApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const queue = options.queue ?? new ReviewQueue();
    const reviewer = { queue, analyze: options.analyze ?? analyze };
    queue.onError = (error, job) => app.log.error({ err: error }, `Review of ${job.key} at ${job.headSha} failed`);
    app.on(["pull_request.opened", "pull_request.reopened", "pull_request.synchronize", "pull_request.ready_for_review"], (context) => onPullRequest(context, reviewer));
    app.on(["check_suite.requested", "check_suite.rerequested"], (context) => onCheckSuite(context, reviewer));
    app.on(["check_run.rerequested", "check_run.requested_action"], (context) => onCheckRun(context, reviewer));
    app.on("issue_comment.created", (context) => onIssueComment(context, reviewer));
    try {
      addHandler(healthHandler);
    } catch {
      app.log.debug("No HTTP server: /health not registered");
    }
  };
}

export default forksafeApp();
