// Reviews run after the webhook is answered, one at a time per pull request, newest head first.
// Duplicate deliveries, heads already reviewed or in flight, and events older than one already
// seen are turned away; a newer head supersedes a running review, whose results are then dropped.

export interface ReviewJob {
  /** `owner/repo#number`. */
  key: string;
  headSha: string;
  deliveryId: string;
  /** Re-run or recheck: analyse again even when this head was already reviewed. */
  force: boolean;
  /** When the event says the pull request last changed; older events are ignored. */
  updatedAt?: string;
  run(superseded: () => boolean): Promise<void>;
  /** Called for a job still queued or running when the queue closes: complete its check run. */
  abandon?(): Promise<void>;
}

export type Verdict = { accepted: true } | { accepted: false; reason: string };

interface PullState {
  running?: { sha: string; superseded: boolean; job: ReviewJob };
  pending?: ReviewJob;
  done: string[];
  newest?: string;
}

/** How many delivery ids and reviewed heads per pull request are remembered. */
const REMEMBERED_DELIVERIES = 5_000;
const REMEMBERED_HEADS = 50;

export class ReviewQueue {
  private readonly pulls = new Map<string, PullState>();
  private readonly deliveries = new Set<string>();
  private readonly active = new Set<Promise<void>>();
  private closed = false;

  /** Called when a review throws; the app logs it. */
  onError: (error: unknown, job: ReviewJob) => void = () => {};

  enqueue(job: ReviewJob): Verdict {
    if (this.closed) return refuse("the queue is closed: the process is stopping");
    const state = this.state(job.key);
    if (this.deliveries.has(job.deliveryId)) return refuse(`delivery ${job.deliveryId} already handled`);
    if (job.updatedAt && state.newest && job.updatedAt < state.newest && !this.known(state, job.headSha)) {
      return refuse(`event for ${job.headSha} is older than one already seen`);
    }
    if (state.running?.sha === job.headSha && !state.running.superseded) return refuse(`${job.headSha} is already being reviewed`);
    if (state.pending?.headSha === job.headSha) return refuse(`${job.headSha} is already queued`);
    if (!job.force && state.done.includes(job.headSha)) return refuse(`${job.headSha} was already reviewed`);

    this.remember(job.deliveryId);
    if (job.updatedAt && (!state.newest || job.updatedAt > state.newest)) state.newest = job.updatedAt;
    state.pending = job;
    if (state.running && state.running.sha !== job.headSha) state.running.superseded = true;
    if (!state.running) this.track(this.drain(job.key, state));
    return { accepted: true };
  }

  /** Resolves when every queued review has finished (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.allSettled([...this.active]);
  }

  /**
   * Stops taking work: no job is accepted or started from now on. Returns the jobs that are
   * still queued or running; running ones carry on until they end or the process exits.
   */
  close(): ReviewJob[] {
    this.closed = true;
    const left: ReviewJob[] = [];
    for (const state of this.pulls.values()) {
      if (state.running) left.push(state.running.job);
      if (state.pending) left.push(state.pending);
    }
    return left;
  }

  private async drain(key: string, state: PullState): Promise<void> {
    while (state.pending && !this.closed) {
      const job = state.pending;
      state.pending = undefined;
      const running = { sha: job.headSha, superseded: false, job };
      state.running = running;
      try {
        await job.run(() => running.superseded);
        if (!running.superseded) state.done = [...state.done.filter((s) => s !== job.headSha), job.headSha].slice(-REMEMBERED_HEADS);
      } catch (error) {
        this.onError(error, job);
      } finally {
        state.running = undefined;
      }
    }
    if (state.done.length === 0 && !state.newest) this.pulls.delete(key);
  }

  private known(state: PullState, sha: string): boolean {
    return state.done.includes(sha) || state.running?.sha === sha || state.pending?.headSha === sha;
  }

  private state(key: string): PullState {
    let state = this.pulls.get(key);
    if (!state) this.pulls.set(key, (state = { done: [] }));
    return state;
  }

  private remember(deliveryId: string): void {
    this.deliveries.add(deliveryId);
    if (this.deliveries.size > REMEMBERED_DELIVERIES) {
      const oldest = this.deliveries.values().next().value;
      if (oldest !== undefined) this.deliveries.delete(oldest);
    }
  }

  private track(work: Promise<void>): void {
    this.active.add(work);
    void work.finally(() => this.active.delete(work));
  }
}

function refuse(reason: string): Verdict {
  return { accepted: false, reason };
}
