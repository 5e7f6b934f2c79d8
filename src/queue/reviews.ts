// Where reviews wait and run. Two kinds: in this process's memory (the default), or in Redis
// through BullMQ when REDIS_URL is set, so several replicas share the work and a crash loses none.
import type { ReviewRequest } from "../github/review-request.js";

export type Verdict = { accepted: true } | { accepted: false; reason: string };

export interface Reviews {
  /** Queues a review; throws `UnavailableError` when it cannot be taken (the webhook answers 503). */
  enqueue(request: ReviewRequest): Promise<Verdict>;
  /** Whether this process can take webhooks now, and why not. */
  health(): Promise<{ ok: true } | { ok: false; reason: string }>;
  /**
   * Stops taking work, lets what is queued or running finish for up to `graceMs`, then makes sure
   * nothing is left spinning. Resolves when the process may exit.
   */
  shutdown(graceMs: number): Promise<void>;
}

/** An error Probot answers with its `status`: 503 tells GitHub the delivery was not taken. */
export class UnavailableError extends Error {
  readonly status = 503;
  constructor(message: string) {
    super(message);
    this.name = "UnavailableError";
  }
}

/** The shutdown grace period: `SHUTDOWN_GRACE_SECONDS`, 25 s by default (Kubernetes waits 30 s). */
export const DEFAULT_GRACE_SECONDS = 25;

export function graceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SHUTDOWN_GRACE_SECONDS;
  if (raw === undefined || raw === "") return DEFAULT_GRACE_SECONDS * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`SHUTDOWN_GRACE_SECONDS must be a number of seconds (0 or more), not "${raw}"`);
  return seconds * 1000;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
