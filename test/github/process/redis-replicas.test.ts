// Two app processes sharing a real redis-server (Debian's package, started on a free loopback
// port), the fake GitHub answering slowly: SIGTERM or SIGKILL of the replica running a review,
// one delivery sent to both, a burst of pushes to one pull request, Redis restarted while idle.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub, type FakeRepo } from "../fake-github.js";
import { HEAD1, seedPull } from "../app/fixtures.js";
import { pullRequestEvent } from "../app/harness.js";
import { startRedis, type RedisServer } from "../../helpers/redis-server.js";
import { startAppProcess, until, type AppProcess } from "./app-process.js";

let redis: RedisServer;
let fake: FakeGitHub;
let repo: FakeRepo;
let apps: AppProcess[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
afterEach(async () => {
  for (const app of apps) app.kill("SIGKILL");
  await Promise.all(apps.map((app) => app.exited));
  apps = [];
  await fake.close();
});

/** Starts the fake GitHub with pull request #7 and `count` replicas on their own key prefix. */
async function replicas(count: number, env: Record<string, string> = {}): Promise<AppProcess[]> {
  fake = await FakeGitHub.start();
  repo = fake.repo("acme", "shop");
  seedPull(repo);
  const settings = { REDIS_URL: redis.url, REDIS_PREFIX: `t${randomUUID().slice(0, 8)}`, QUEUE_LOCK_SECONDS: "2", REVIEW_RETRY_SECONDS: "0.2", SHUTDOWN_GRACE_SECONDS: "1", ...env };
  apps = await Promise.all(Array.from({ length: count }, () => startAppProcess(fake, settings)));
  return apps;
}

/** The replica whose log says it started reviewing. */
async function reviewer(of: AppProcess[]): Promise<AppProcess> {
  let found: AppProcess | undefined;
  await until(() => (found = of.find((app) => app.output().includes("Reviewing acme/shop#7"))) !== undefined, "a replica starts the review");
  return found!;
}

const completed = () => repo.checkRuns.length > 0 && repo.checkRuns.every((r) => r.status === "completed");

describe("two replicas on Redis", () => {
  it("SIGKILL of the replica mid-review: the other takes the job over and completes the same check run, one review", async () => {
    const [a, b] = await replicas(2);
    fake.latencyMs = 400;
    expect(await a!.deliver("pull_request", pullRequestEvent(repo, "opened", 7, HEAD1))).toBe(200);
    const busy = await reviewer([a!, b!]);
    await until(() => repo.checkRuns.some((r) => r.status === "in_progress"), "the check run is in progress");
    busy.kill("SIGKILL");
    expect((await busy.exited).signal).toBe("SIGKILL");
    const other = busy === a ? b! : a!;
    await until(completed, "the check run is completed", 60_000).catch((error) => {
      console.log(other.output().split("\n").filter((l) => !l.includes('"name":"http"')).join("\n"));
      throw error;
    });
    expect(other.output()).toMatch(/Reviewing acme\/shop#7 at 1{40}, resuming check run/);
    expect(repo.checkRuns.map((r) => [r.headSha, r.status])).toEqual([[HEAD1, "completed"]]);
    expect(repo.checkRuns[0]!.conclusion).toBe("failure");
    expect(repo.reviews).toHaveLength(1);
    fake.assertNoViolations();
  }, 120_000);

  it("SIGTERM mid-review: the stopping replica answers 503, hands the review back, exits 0; the other completes it", async () => {
    const [a, b] = await replicas(2);
    fake.latencyMs = 600;
    expect(await a!.deliver("pull_request", pullRequestEvent(repo, "opened", 7, HEAD1))).toBe(200);
    const busy = await reviewer([a!, b!]);
    await until(() => repo.checkRuns.some((r) => r.status === "in_progress"), "the check run is in progress");
    busy.kill("SIGTERM");
    await until(async () => (await busy.health()) !== 200, "the stopping replica leaves /health");
    expect(await busy.deliver("pull_request", pullRequestEvent(repo, "synchronize", 7, HEAD1)).catch(() => 0)).not.toBe(200);
    expect(await busy.exited, busy.output()).toEqual({ code: 0, signal: null });
    await until(completed, "the check run is completed", 60_000);
    expect(repo.checkRuns).toHaveLength(1);
    expect(repo.reviews).toHaveLength(1);
    fake.assertNoViolations();
  }, 120_000);

  it("the same delivery sent to both replicas at once is reviewed once", async () => {
    const [a, b] = await replicas(2);
    const payload = pullRequestEvent(repo, "opened", 7, HEAD1);
    const id = randomUUID();
    expect(await Promise.all([a!.deliver("pull_request", payload, id), b!.deliver("pull_request", payload, id)])).toEqual([200, 200]);
    await until(completed, "the check run is completed", 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(repo.checkRuns).toHaveLength(1);
    expect(repo.reviews).toHaveLength(1);
  }, 120_000);

  it("a burst of pushes to one pull request across replicas: one review, of the newest head, never two at once", async () => {
    const [a, b] = await replicas(2);
    fake.latencyMs = 150;
    const heads = ["a", "b", "c", "d", "e", "f"].map((c) => c.repeat(40));
    for (const head of heads) seedPull(repo, head);
    for (const [i, head] of heads.entries()) {
      const replica = i % 2 === 0 ? a! : b!;
      expect(await replica.deliver("pull_request", pullRequestEvent(repo, "synchronize", 7, head, `2026-01-01T00:0${i}:00Z`))).toBe(200);
    }
    await until(() => repo.checkRuns.some((r) => r.headSha === heads.at(-1) && r.status === "completed") && completed(), "the newest head's check run is completed", 60_000);
    expect(repo.reviews.map((r) => r.commitId)).toEqual([heads.at(-1)]);
    const logs = a!.output() + b!.output();
    expect(logs).not.toMatch(/Review job .* failed/);
    fake.assertNoViolations();
  }, 120_000);

  it("Redis restarted while idle: /health and webhooks answer 503 while it is away, then the app reconnects", async () => {
    const [a] = await replicas(1);
    await redis.stop();
    await until(async () => (await a!.health()) === 503, "/health answers 503", 20_000);
    expect(await a!.deliver("pull_request", pullRequestEvent(repo, "opened", 7, HEAD1))).toBe(503);
    await redis.start();
    await until(async () => (await a!.health()) === 200, "/health answers 200 again", 30_000);
    expect(await a!.deliver("pull_request", pullRequestEvent(repo, "opened", 7, HEAD1))).toBe(200);
    await until(completed, "the check run is completed", 60_000);
    expect(repo.reviews).toHaveLength(1);
  }, 120_000);
});
