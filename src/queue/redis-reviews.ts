// Reviews in Redis through BullMQ, shared by every replica with the same REDIS_URL.
//
// Why this is correct without local locks:
//  - A webhook stores its request in the pull request's hash (redis-scripts.ts) in one atomic
//    script that also takes the X-GitHub-Delivery id, so a redelivery to any replica is refused,
//    and a newer head replaces the pending one (newest head wins) and flags the running one as
//    superseded. Then it adds a BullMQ job whose deduplication id is the pull request
//    (`keepLastIfActive`): BullMQ keeps at most one job per pull request active, plus one
//    follow-up created when the active one ends. So reviews of one pull request never run at the
//    same time on two replicas, and open-source BullMQ needs no per-group concurrency for it.
//  - The job carries only the pull request's key. It claims the running request (an attempt that
//    did not finish) or else the pending one, runs it, and loops until nothing is pending, so
//    the newest head is what gets reviewed whatever job happens to run.
//  - A replica killed mid-review stops renewing the job's lock; BullMQ's stalled-job check on any
//    replica moves the job back to waiting, and the next claim resumes the running request with
//    the check run it had already created: one check run, completed once. Comments carry
//    fingerprints, so a review the killed replica had already posted is not posted again.
//  - Each claim bumps a counter in the hash (fencing): a worker that lost its review to another
//    one (its lock expired while its event loop was blocked, or it is stopping and handed the job
//    back) learns so at its next check, before posting the review or completing the check run,
//    and stops without writing to GitHub or to the hash again. So one review, one completion.
//  - A job that keeps stalling (the review kills or blocks every process that runs it) is given
//    up after MAX_STALLS takeovers by our own code, before BullMQ's own limit (which would fail
//    the job without running it): its check run is completed `neutral`, saying why, with Re-run.
//  - Failures are retried with exponential backoff, leaving the check run in progress; the last
//    attempt completes the check run with the error, and the queue moves on.
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "probot";
import { HandedOverError, isReported } from "../github/review-pull-request.js";
import { pullKey, type ReviewRequest, type ReviewRunner } from "../github/review-request.js";
import { fixBottleneckCluster } from "./bottleneck-cluster.js";
import { PullStates } from "./redis-scripts.js";
import { sleep, UnavailableError, type Reviews, type Verdict } from "./reviews.js";

export interface RedisSettings {
  /** Tries per review, the first included (`REVIEW_ATTEMPTS`, 3). */
  attempts: number;
  /** First retry after this long, then doubling (`REVIEW_RETRY_SECONDS`, 5). */
  backoffMs: number;
  /** A job's lock; a replica that stops renewing it loses the job after this long (`QUEUE_LOCK_SECONDS`, 30). */
  lockMs: number;
  /** Reviews one replica runs at once, of different pull requests (`QUEUE_CONCURRENCY`, 4). */
  concurrency: number;
  /** How long to wait for Redis at start before giving up (`REDIS_START_WAIT_SECONDS`, 5). */
  startWaitMs: number;
  /** Key prefix of everything stored (`REDIS_PREFIX`, "forksafe"). */
  prefix: string;
}

const QUEUE_NAME = "reviews";

/**
 * Takeovers of one job after its worker stopped renewing the lock (killed, or blocked longer than
 * the lock) before the review is given up. BullMQ's own limit is set one higher, so that the
 * giving up runs here, where the check run can be completed.
 */
export const MAX_STALLS = 2;

/** Completes the check run of a review nobody will finish, saying why. */
export type GiveUp = (request: ReviewRequest, checkRunId: number | undefined, reason: string) => Promise<void>;

export function redisSettings(env: NodeJS.ProcessEnv): RedisSettings {
  const number = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number, at least ${min}, not "${raw}"`);
    return value;
  };
  return {
    attempts: Math.floor(number("REVIEW_ATTEMPTS", 3, 1)),
    backoffMs: number("REVIEW_RETRY_SECONDS", 5, 0) * 1000,
    lockMs: number("QUEUE_LOCK_SECONDS", 30, 1) * 1000,
    concurrency: Math.floor(number("QUEUE_CONCURRENCY", 4, 1)),
    startWaitMs: number("REDIS_START_WAIT_SECONDS", 5, 0) * 1000,
    prefix: env.REDIS_PREFIX || "forksafe",
  };
}

/** Connects to Redis (failing with a clear message when it does not answer) and starts the worker. */
export async function startRedisReviews(url: string, run: ReviewRunner, giveUp: GiveUp, log: Logger, settings: RedisSettings): Promise<RedisReviews> {
  fixBottleneckCluster();
  const where = redactUrl(url);
  // Commands fail at once while Redis is away (the webhook then answers 503) instead of queueing.
  const commands = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: reconnectDelay });
  watchConnection(commands, where, log);
  try {
    await ready(commands, Math.max(settings.startWaitMs, 1000));
  } catch {
    commands.disconnect();
    throw new Error(
      `Redis at ${where} (REDIS_URL) did not answer within ${Math.max(settings.startWaitMs, 1000) / 1000} s. ` +
        "Start Redis, raise REDIS_START_WAIT_SECONDS to wait longer, or unset REDIS_URL to keep reviews in this process's memory.",
    );
  }
  log.info(`Reviews are queued in Redis at ${where}`);
  return new RedisReviews(url, commands, run, giveUp, log, settings);
}

export class RedisReviews implements Reviews {
  private readonly states: PullStates;
  private readonly queue: Queue;
  private readonly worker: Worker<{ key: string }>;
  private readonly active = new Map<string, { job: Job<{ key: string }>; token: string }>();
  /** Jobs handed back to the queue on shutdown: their reviews here stop at the next check. */
  private readonly handedBack = new Set<string>();
  private stopping = false;

  constructor(
    url: string,
    private readonly commands: Redis,
    private readonly run: ReviewRunner,
    private readonly giveUp: GiveUp,
    private readonly log: Logger,
    private readonly settings: RedisSettings,
  ) {
    this.states = new PullStates(commands, settings.prefix);
    this.queue = new Queue(QUEUE_NAME, { connection: commands, prefix: settings.prefix });
    // The worker blocks on Redis, so it has its own connection that retries for ever.
    const blocking = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: reconnectDelay });
    blocking.on("error", () => {});
    this.worker = new Worker(QUEUE_NAME, (job, token) => this.process(job, token ?? ""), {
      connection: blocking,
      prefix: settings.prefix,
      concurrency: settings.concurrency,
      lockDuration: settings.lockMs,
      stalledInterval: settings.lockMs,
      maxStalledCount: MAX_STALLS + 1,
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    });
    this.worker.on("error", (error) => log.warn({ err: error }, "Review worker: Redis error"));
    this.worker.on("failed", (job, error) => {
      log.error({ err: error }, `Review job ${job?.id} (${job?.data.key}) failed`);
      // BullMQ failed it without running our code (it stalled once more while being given up):
      // the review it was running must still be completed.
      if (job?.deferredFailure)
        this.reap(job.data.key, job.deferredFailure).catch((e: unknown) => log.error({ err: e }, `Could not complete the check run of ${job.data.key}`));
    });
    this.worker.on("stalled", (id) => log.warn(`Review job ${id} stalled (its worker stopped renewing the lock): it is back in the queue`));
    this.worker.on("lockRenewalFailed", (ids) => log.warn(`Review job(s) ${ids.join(", ")}: the lock could not be renewed`));
  }

  /** Completes the check run of the review a failed job leaves running, and requeues what waits. */
  private async reap(key: string, reason: string): Promise<void> {
    const abandoned = await this.states.abandon(key);
    if (!abandoned) return;
    const request = JSON.parse(abandoned.request) as ReviewRequest;
    this.log.warn(`Giving up the review of ${key} at ${request.headSha}: ${reason}`);
    await this.giveUp(request, abandoned.checkRunId, reason);
    if (abandoned.pending) await this.addJob(key);
  }

  private addJob(key: string) {
    return this.queue.add(
      "review",
      { key },
      {
        deduplication: { id: key, keepLastIfActive: true },
        attempts: this.settings.attempts,
        backoff: { type: "exponential", delay: this.settings.backoffMs },
      },
    );
  }

  async enqueue(request: ReviewRequest): Promise<Verdict> {
    if (this.stopping) throw new UnavailableError("Forksafe is shutting down: deliver this webhook again later");
    const key = pullKey(request);
    let answer: string;
    try {
      answer = await this.states.enqueue(key, request.deliveryId, JSON.stringify(request), request.headSha, request.updatedAt ?? "", request.force);
      // Always (re)add the job: when a crash came between the script and this line, the
      // redelivery that the script now refuses still gets the stored request running.
      await this.addJob(key);
    } catch (error) {
      throw new UnavailableError(`Redis did not take the review of ${key}: ${(error as Error).message}`);
    }
    return answer === "ok" ? { accepted: true } : { accepted: false, reason: answer };
  }

  async health() {
    if (this.stopping) return { ok: false as const, reason: "shutting down" };
    try {
      await withTimeout(this.commands.ping(), 2_000);
      return { ok: true as const };
    } catch (error) {
      return { ok: false as const, reason: `Redis does not answer: ${(error as Error).message}` };
    }
  }

  /**
   * Stops taking webhooks and jobs, lets running reviews finish for up to `graceMs`, then hands
   * the unfinished ones back to the queue at once, where another replica (or this one after its
   * restart) resumes them with their check runs.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.stopping = true;
    const closing = this.worker.close();
    const closed = await Promise.race([closing.then(() => true), sleep(graceMs).then(() => false)]);
    if (!closed) {
      this.log.warn(`${this.active.size} review(s) did not finish within ${graceMs / 1000} s: handing them back to the queue`);
      for (const id of this.active.keys()) this.handedBack.add(id);
      await Promise.allSettled([...this.active.values()].map(({ job, token }) => job.moveToWait(token)));
    }
    await Promise.race([Promise.allSettled([this.queue.close()]), sleep(1_000)]);
    this.commands.disconnect();
  }

  /** One job: run the pull request's running or pending request, until nothing is pending. */
  private async process(job: Job<{ key: string }>, token: string): Promise<void> {
    const { key } = job.data;
    const id = job.id ?? key;
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    this.active.set(id, { job, token });
    const failures: string[] = [];
    try {
      for (let claimed = await this.states.claim(key); claimed; claimed = await this.states.claim(key)) {
        const { claim } = claimed;
        const request = JSON.parse(claimed.request) as ReviewRequest;
        if (claimed.resumed && job.stalledCounter > MAX_STALLS) {
          const reason = `the processes reviewing it stopped ${job.stalledCounter} times before finishing (killed, out of memory, or blocked longer than QUEUE_LOCK_SECONDS)`;
          this.log.warn(`Giving up the review of ${key} at ${request.headSha}: ${reason}`);
          await this.giveUp(request, claimed.checkRunId, reason);
          await this.states.finish(key, claim, request.headSha, false);
          continue;
        }
        this.log.info(
          `Reviewing ${key} at ${request.headSha}${claimed.resumed ? `, resuming check run ${claimed.checkRunId ?? "(to find)"}` : ""} (job ${job.id}, attempt ${job.attemptsMade + 1})`,
        );
        const superseded = async () => {
          if (this.handedBack.has(id)) throw new HandedOverError("this process is stopping and handed the review back to the queue");
          const answer = await this.states.superseded(key, claim);
          if (answer === "lost") throw new HandedOverError();
          return answer;
        };
        let reviewed = false;
        try {
          const outcome = await this.run(request, {
            superseded,
            ...(claimed.checkRunId !== undefined ? { checkRunId: claimed.checkRunId } : {}),
            resumed: claimed.resumed,
            onCheckRun: async (checkRunId) => {
              if (!(await this.states.setCheckRun(key, claim, checkRunId))) throw new HandedOverError();
            },
            completeOnError: last,
          });
          reviewed = outcome !== "superseded";
        } catch (error) {
          if (error instanceof HandedOverError) {
            this.log.warn(`Stopped reviewing ${key} at ${request.headSha}: ${error.message}`);
            return;
          }
          // Retries remain and the check run is still in progress: try the whole job again later.
          if (!last && !isReported(error)) throw error;
          failures.push(`${request.headSha}: ${(error as Error).message}`);
        }
        if (!(await this.states.finish(key, claim, request.headSha, reviewed))) {
          this.log.warn(`Stopped reviewing ${key}: another process took the review over`);
          return;
        }
      }
    } finally {
      this.active.delete(id);
      this.handedBack.delete(id);
    }
    if (failures.length > 0) throw new UnrecoverableError(`Review of ${key} failed: ${failures.join("; ")}`);
  }
}

function reconnectDelay(times: number): number {
  return Math.min(100 * 2 ** Math.min(times, 6), 3_000);
}

function watchConnection(client: Redis, where: string, log: Logger): void {
  let down = false;
  client.on("error", (error) => {
    if (!down) log.warn(`Lost Redis at ${where}: ${error.message}; webhooks answer 503 until it is back`);
    down = true;
  });
  client.on("ready", () => {
    if (down) log.info(`Redis at ${where} is back`);
    down = false;
  });
}

function ready(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === "ready") return Promise.resolve();
  return withTimeout(new Promise<void>((resolve) => client.once("ready", () => resolve())), timeoutMs);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unreadable REDIS_URL)";
  }
}
