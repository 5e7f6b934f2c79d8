// The Probot app: handler registrations only.
import type { ApplicationFunction, Probot } from "probot";
import { healthHandler } from "./github/health.js";
import { onCheckRun, onCheckSuite, onIssueComment, onPullRequest } from "./github/handlers.js";
import { ReviewQueue } from "./github/review-queue.js";

export interface AppOptions {
  /** The review queue; tests pass their own to await it with `queue.idle()`. */
  queue?: ReviewQueue;
}

export function forksafeApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const queue = options.queue ?? new ReviewQueue();
    queue.onError = (error, job) => app.log.error({ err: error }, `Review of ${job.key} at ${job.headSha} failed`);
    app.on(["pull_request.opened", "pull_request.reopened", "pull_request.synchronize", "pull_request.ready_for_review"], (context) => onPullRequest(context, queue));
    app.on(["check_suite.requested", "check_suite.rerequested"], (context) => onCheckSuite(context, queue));
    app.on(["check_run.rerequested", "check_run.requested_action"], (context) => onCheckRun(context, queue));
    app.on("issue_comment.created", (context) => onIssueComment(context, queue));
    try {
      addHandler(healthHandler);
    } catch {
      app.log.debug("No HTTP server: /health not registered");
    }
  };
}

export default forksafeApp();
