// Reviews in this process's memory: the ReviewQueue (one at a time per pull request, newest head
// wins) running each review here. On shutdown: refuse new work, let the queue drain for the grace
// period, then complete whatever is left `neutral` with "restarted; press Re-run" (a running
// review's own check run, waiting for it if its creation is in flight; a queued one's new run).
import type { Logger } from "probot";
import type { ReviewQueue } from "../github/review-queue.js";
import { HandedOverError } from "../github/review-pull-request.js";
import { pullKey, type ReviewRequest, type ReviewRunner } from "../github/review-request.js";
import { sleep, UnavailableError, type Reviews, type Verdict } from "./reviews.js";

/** How long the last check-run updates may take once the grace period is over. */
const ABANDON_BUDGET_MS = 4_000;

export class MemoryReviews implements Reviews {
  private stopping = false;

  constructor(
    readonly queue: ReviewQueue,
    private readonly run: ReviewRunner,
    private readonly abandon: (request: ReviewRequest, checkRunId: number | undefined) => Promise<void>,
    private readonly log: Logger,
  ) {}

  async enqueue(request: ReviewRequest): Promise<Verdict> {
    if (this.stopping) throw new UnavailableError("Forksafe is shutting down: deliver this webhook again later");
    let checkRunId: number | undefined;
    // Once the review runs, its check run is being created: settles with the id, or undefined
    // when the review ended without one.
    let created: Promise<number | undefined> | undefined;
    let abandoned = false;
    return this.queue.enqueue({
      key: pullKey(request),
      headSha: request.headSha,
      deliveryId: request.deliveryId,
      force: request.force,
      ...(request.updatedAt ? { updatedAt: request.updatedAt } : {}),
      run: async (superseded) => {
        let settle!: (id: number | undefined) => void;
        created = new Promise((resolve) => (settle = resolve));
        try {
          await this.run(request, {
            // Completed as restarted on shutdown: the review stops before writing anything more.
            superseded: () => {
              if (abandoned) throw new HandedOverError("Forksafe is stopping: this review was completed as restarted");
              return superseded();
            },
            onCheckRun: (id) => {
              checkRunId = id;
              settle(id);
            },
          });
        } finally {
          settle(undefined);
        }
      },
      abandon: async () => {
        abandoned = true;
        // A check run whose creation is under way is waited for, so that it does not stay in progress.
        return this.abandon(request, checkRunId ?? (await created));
      },
    });
  }

  async health() {
    return this.stopping ? { ok: false as const, reason: "shutting down" } : { ok: true as const };
  }

  async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    const drained = await Promise.race([this.queue.idle().then(() => true), sleep(graceMs).then(() => false)]);
    const left = this.queue.close();
    if (drained && left.length === 0) return;
    this.log.warn(`${left.length} review(s) did not finish within ${graceMs / 1000} s: completing their check runs as restarted`);
    const done = Promise.allSettled(left.map((job) => job.abandon?.() ?? Promise.resolve()));
    const results = await Promise.race([done, sleep(ABANDON_BUDGET_MS).then(() => [])]);
    for (const result of results) {
      if (result.status === "rejected") this.log.error({ err: result.reason }, "Could not complete a check run on shutdown");
    }
  }
}
