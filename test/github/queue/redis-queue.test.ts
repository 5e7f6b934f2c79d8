// The Redis queue in one process (a real Probot, a real redis-server): retries with backoff,
// a poisoned review that fails for good, and Redis unreachable at start.
import { randomUUID } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { forksafeApp } from "../../../src/index.js";
import type { Analyzer } from "../../../src/github/review-pull-request.js";
import type { Reviews } from "../../../src/queue/reviews.js";
import { FakeGitHub, type FakeRepo } from "../fake-github.js";
import { HEAD1, seedPull } from "../app/fixtures.js";
import { pullRequestEvent } from "../app/harness.js";
import { stubAnalyzer } from "../app/stub-analyzer.js";
import { until } from "../process/app-process.js";
import { freePort, startRedis, type RedisServer } from "../../helpers/redis-server.js";
import { privateKey } from "../../helpers/app-key.js";

let redis: RedisServer;
let fake: FakeGitHub;
let repo: FakeRepo;
let reviews: Reviews | undefined;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  await reviews?.shutdown(0);
  reviews = undefined;
  await fake?.close();
});

async function start(analyze: Analyzer, redisUrl = redis.url): Promise<Probot> {
  fake = await FakeGitHub.start();
  repo = fake.repo("acme", "shop");
  seedPull(repo);
  const Octokit = ProbotOctokit.defaults((o: any) => ({ ...o, baseUrl: fake.url, retry: { enabled: false }, throttle: { ...o.throttle, enabled: false } }));
  const probot = new Probot({ appId: 1, privateKey, Octokit, logLevel: "fatal" });
  const settings = { prefix: `t${randomUUID().slice(0, 8)}`, attempts: 3, backoffMs: 100, lockMs: 5_000, startWaitMs: 1_000 };
  await probot.load(forksafeApp({ analyze, redisUrl, redisSettings: settings, onReady: (r) => (reviews = r) }), { cwd: process.cwd(), addHandler: () => {} });
  return probot;
}

describe("the Redis queue", () => {
  it("retries a transient failure with backoff in the same check run", async () => {
    let calls = 0;
    const probot = await start(async (tree, config) => {
      if (++calls === 1) throw new Error("connection reset");
      return stubAnalyzer(tree, config);
    });
    await probot.receive({ id: randomUUID(), name: "pull_request", payload: pullRequestEvent(repo, "opened", 7, HEAD1) } as any);
    await until(() => repo.checkRuns.some((r) => r.status === "completed"), "the check run is completed");
    expect(calls).toBe(2);
    expect(repo.checkRuns.map((r) => [r.status, r.conclusion])).toEqual([["completed", "failure"]]);
    expect(repo.reviews).toHaveLength(1);
  });

  it("a review that always throws is tried 3 times, then its check run says why, and the queue moves on", async () => {
    let calls = 0;
    const probot = await start(async (tree, config) => {
      calls++;
      if ((await tree.paths()).includes("shop/apps.py") && calls <= 3) throw new Error("poisoned input");
      return stubAnalyzer(tree, config);
    });
    await probot.receive({ id: randomUUID(), name: "pull_request", payload: pullRequestEvent(repo, "opened", 7, HEAD1) } as any);
    await until(() => repo.checkRuns.some((r) => r.status === "completed"), "the check run is completed");
    expect(calls).toBe(3);
    const [run] = repo.checkRuns;
    expect([run!.status, run!.conclusion, run!.output?.title]).toEqual(["completed", "failure", "Forksafe could not finish"]);
    expect(run!.output?.summary).toContain("poisoned input");
    expect(repo.checkRuns).toHaveLength(1);

    seedPull(repo, "9".repeat(40), undefined, 8);
    await probot.receive({ id: randomUUID(), name: "pull_request", payload: pullRequestEvent(repo, "opened", 8, "9".repeat(40)) } as any);
    await until(() => repo.checkRuns.filter((r) => r.status === "completed").length === 2, "the next pull request is reviewed");
  });

  it("refuses to start when Redis does not answer, naming REDIS_URL, instead of keeping reviews in memory", async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    await expect(start(stubAnalyzer, closed)).rejects.toThrow(/Redis at redis:\/\/127\.0\.0\.1:\d+\/? \(REDIS_URL\) did not answer within 1 s/);
    expect(reviews).toBeUndefined();
  });
});
