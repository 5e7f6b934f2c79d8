// Takeovers in the Redis queue, several app instances in one process on a real redis-server:
//  - a review that every instance stops in the middle of (a crash loop) is given up after
//    MAX_STALLS takeovers, and its check run is completed `neutral`, saying why;
//  - an instance that lost its job's lock while still running (its event loop was blocked) stops
//    at its next check once another instance took the review over: one review, one completion.
// A crashed instance is imitated by closing its BullMQ worker by force (the job stays active and
// its lock is no longer renewed); an expired lock by deleting the lock key in Redis.
import { randomUUID } from "node:crypto";
import type { Worker } from "bullmq";
import { Redis } from "ioredis";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { forksafeApp } from "../../../src/index.js";
import { STOPPED_TITLE } from "../../../src/github/review-request.js";
import type { Analyzer } from "../../../src/github/review-pull-request.js";
import { MAX_STALLS } from "../../../src/queue/redis-reviews.js";
import type { Reviews } from "../../../src/queue/reviews.js";
import { FakeGitHub, type FakeRepo } from "../fake-github.js";
import { HEAD1, seedPull } from "../app/fixtures.js";
import { pullRequestEvent } from "../app/harness.js";
import { stubAnalyzer } from "../app/stub-analyzer.js";
import { until } from "../process/app-process.js";
import { startRedis, type RedisServer } from "../../helpers/redis-server.js";
import { privateKey } from "../../helpers/app-key.js";

let redis: RedisServer;
let fake: FakeGitHub;
let repo: FakeRepo;
let prefix: string;
let instances: Reviews[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await Promise.allSettled(instances.map((reviews) => reviews.shutdown(0)));
  instances = [];
  await fake?.close();
});

async function setUp(): Promise<void> {
  fake = await FakeGitHub.start();
  repo = fake.repo("acme", "shop");
  seedPull(repo);
  prefix = `t${randomUUID().slice(0, 8)}`;
}

/** One more app instance on the shared queue; its reviews run `analyze`. */
async function instance(analyze: Analyzer): Promise<{ probot: Probot; reviews: Reviews }> {
  const Octokit = ProbotOctokit.defaults((o: any) => ({ ...o, baseUrl: fake.url, retry: { enabled: false }, throttle: { ...o.throttle, enabled: false } }));
  const probot = new Probot({ appId: 1, privateKey, Octokit, logLevel: "fatal" });
  let reviews: Reviews | undefined;
  const settings = { prefix, attempts: 3, backoffMs: 100, lockMs: 2_000, startWaitMs: 1_000 };
  await probot.load(forksafeApp({ analyze, redisUrl: redis.url, redisSettings: settings, onReady: (r) => (reviews = r) }), {
    cwd: process.cwd(),
    addHandler: () => {},
  });
  instances.push(reviews!);
  return { probot, reviews: reviews! };
}

/** Imitates a crash: the worker stops at once, leaving its job active with a lock nobody renews. */
async function crash(reviews: Reviews): Promise<void> {
  await (reviews as unknown as { worker: Worker }).worker.close(true);
}

const never = () => new Promise<never>(() => {});
const completions = () => fake.requests.filter((r) => r.operation === "checks/update" && (r.body as { status?: string })?.status === "completed");

describe("takeovers in the Redis queue", () => {
  it(`a review that stops every instance running it is given up after ${MAX_STALLS} takeovers, its check run completed neutral with the reason`, async () => {
    await setUp();
    let calls = 0;
    const hang: Analyzer = () => (calls++, never());
    const first = await instance(hang);
    await first.probot.receive({ id: randomUUID(), name: "pull_request", payload: pullRequestEvent(repo, "opened", 7, HEAD1) } as any);
    let current = first.reviews;
    for (let run = 1; run <= MAX_STALLS + 1; run++) {
      // (A loaded machine may stall a live instance too: then the count runs ahead.)
      await until(() => calls >= run, `instance ${run} runs the review`);
      await crash(current);
      current = (await instance(hang)).reviews;
    }
    await until(() => repo.checkRuns.some((r) => r.status === "completed"), "the check run is completed");
    expect(calls).toBeLessThanOrEqual(MAX_STALLS + 1);
    expect(repo.checkRuns.map((r) => [r.status, r.conclusion, r.output?.title])).toEqual([["completed", "neutral", STOPPED_TITLE]]);
    expect(repo.checkRuns[0]!.output?.summary).toContain(`stopped ${MAX_STALLS + 1} times`);
    expect(repo.checkRuns[0]!.actions).toEqual([expect.objectContaining({ identifier: "rerun" })]);
  }, 90_000);

  it("an instance that lost its lock while still running stops once another took the review over: one review, one completion", async () => {
    await setUp();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const analyze: Analyzer = async (tree, config) => {
      if (++calls === 1) await released;
      return stubAnalyzer(tree, config);
    };
    const first = await instance(analyze);
    await instance(analyze);
    await first.probot.receive({ id: randomUUID(), name: "pull_request", payload: pullRequestEvent(repo, "opened", 7, HEAD1) } as any);
    await until(() => calls === 1 && repo.checkRuns.length === 1, "the first review is analysing");
    // The lock expires as if the first instance's event loop had been blocked longer than the lock.
    const client = new Redis(redis.url);
    try {
      const locks = await client.keys(`${prefix}:reviews:*:lock`);
      expect(locks).toHaveLength(1);
      await client.del(locks[0]!);
    } finally {
      client.disconnect();
    }
    await until(() => calls === 2 && completions().length === 1, "another run completes the review", 30_000);
    release();
    // The first run resumes: it must find the review taken over and write nothing more.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(repo.checkRuns.map((r) => [r.status, r.conclusion])).toEqual([["completed", "failure"]]);
    expect(completions()).toHaveLength(1);
    expect(repo.reviews).toHaveLength(1);
  }, 60_000);
});
