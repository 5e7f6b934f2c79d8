// Two app processes sharing a real redis-server (Debian's package, started on a free loopback
// port), against the fake GitHub: one delivery sent to both, a burst of pushes to one pull
// request, Redis restarted while idle, then SIGKILL and SIGTERM of the replica running a review
// while GitHub answers slowly. Each test has its own pull request and head commits.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeGitHub, type FakeRepo } from "../fake-github.js";
import { seedPull } from "../app/fixtures.js";
import { pullRequestEvent } from "../app/harness.js";
import { startRedis, type RedisServer } from "../../helpers/redis-server.js";
import { startAppProcess, until, type AppProcess } from "./app-process.js";

let redis: RedisServer;
let fake: FakeGitHub;
let repo: FakeRepo;
let apps: AppProcess[] = [];
const env: Record<string, string> = { QUEUE_LOCK_SECONDS: "2", REVIEW_RETRY_SECONDS: "0.2", SHUTDOWN_GRACE_SECONDS: "1" };

beforeAll(async () => {
  redis = await startRedis();
  fake = await FakeGitHub.start();
  repo = fake.repo("acme", "shop");
  Object.assign(env, { REDIS_URL: redis.url, REDIS_PREFIX: `t${randomUUID().slice(0, 8)}` });
  apps = await Promise.all([startAppProcess(fake, env), startAppProcess(fake, env)]);
}, 120_000);

afterAll(async () => {
  for (const app of apps) app.kill("SIGKILL");
  await Promise.all(apps.map((app) => app.exited));
  await fake.close();
  await redis.stop();
}, 30_000);

const sha = (c: string) => c.repeat(40);
const runsAt = (...heads: string[]) => repo.checkRuns.filter((r) => heads.includes(r.headSha));
const completedAt = (...heads: string[]) => runsAt(...heads).length > 0 && runsAt(...heads).every((r) => r.status === "completed");
const reviewsAt = (...heads: string[]) => repo.reviews.filter((r) => heads.includes(r.commitId));
/** How many requests completed a check run at `head` (a takeover must complete it once). */
const completionsAt = (head: string) =>
  fake.requests.filter(
    (r) =>
      r.operation === "checks/update" &&
      (r.body as { status?: string })?.status === "completed" &&
      runsAt(head).some((run) => r.path.endsWith(`/check-runs/${run.id}`)),
  ).length;

/** Prints the replicas' logs (without HTTP access lines) when a test fails, then rethrows. */
function withLogs(list: AppProcess[]) {
  return (error: unknown) => {
    for (const app of list)
      console.log(
        `=== replica on port ${app.port}\n` +
          app
            .output()
            .split("\n")
            .filter((l) => !l.includes('"name":"http"'))
            .join("\n")
            .slice(-8000),
      );
    throw error;
  };
}

/** Two new replicas on the same Redis under a new key prefix: each takeover test starts afresh. */
async function freshReplicas(): Promise<void> {
  for (const app of apps) app.kill("SIGKILL");
  await Promise.all(apps.map((app) => app.exited));
  env.REDIS_PREFIX = `t${randomUUID().slice(0, 8)}`;
  apps = await Promise.all([startAppProcess(fake, env), startAppProcess(fake, env)]);
}

/** The replica whose log says it started reviewing pull request `number`. */
async function reviewerOf(number: number): Promise<AppProcess> {
  let found: AppProcess | undefined;
  await until(
    () => (found = apps.find((app) => app.output().includes(`Reviewing acme/shop#${number} `))) !== undefined,
    `a replica starts reviewing #${number}`,
  );
  return found!;
}

describe("two replicas on Redis", () => {
  it("the same delivery sent to both replicas at once is reviewed once", async () => {
    const head = sha("1");
    seedPull(repo, head, undefined, 11);
    const payload = pullRequestEvent(repo, "opened", 11, head);
    const id = randomUUID();
    expect(await Promise.all(apps.map((app) => app.deliver("pull_request", payload, id)))).toEqual([200, 200]);
    await until(() => completedAt(head), "the check run is completed", 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(runsAt(head)).toHaveLength(1);
    expect(reviewsAt(head)).toHaveLength(1);
  }, 90_000);

  it("a burst of pushes to one pull request across replicas: one review, of the newest head", async () => {
    const heads = ["a", "b", "c", "d", "e", "f"].map(sha);
    for (const head of heads) seedPull(repo, head, undefined, 12);
    fake.latencyMs = 150;
    try {
      for (const [i, head] of heads.entries()) {
        expect(await apps[i % 2]!.deliver("pull_request", pullRequestEvent(repo, "synchronize", 12, head, `2026-01-01T00:0${i}:00Z`))).toBe(200);
      }
      await until(
        () => runsAt(heads.at(-1)!).some((r) => r.status === "completed") && completedAt(...heads),
        "the newest head's check run is completed",
        60_000,
      );
    } finally {
      fake.latencyMs = 0;
    }
    expect(reviewsAt(...heads).map((r) => r.commitId)).toEqual([heads.at(-1)]);
    expect(apps.map((app) => app.output()).join("")).not.toMatch(/Review job .* failed/);
  }, 90_000);

  it("Redis restarted while idle: /health and webhooks answer 503 while it is away, then the apps reconnect", async () => {
    const head = sha("2");
    seedPull(repo, head, undefined, 13);
    await redis.stop();
    await until(async () => (await apps[0]!.health()) === 503, "/health answers 503", 20_000);
    expect(await apps[0]!.deliver("pull_request", pullRequestEvent(repo, "opened", 13, head))).toBe(503);
    await redis.start();
    for (const app of apps) await until(async () => (await app.health()) === 200, "/health answers 200 again", 30_000);
    expect(await apps[1]!.deliver("pull_request", pullRequestEvent(repo, "opened", 13, head))).toBe(200);
    await until(() => completedAt(head), "the check run is completed", 60_000).catch(withLogs(apps));
    expect(reviewsAt(head)).toHaveLength(1);
  }, 90_000);

  it("SIGKILL of the replica mid-review: the other takes the job over and completes the same check run, one review", async () => {
    await freshReplicas();
    const head = sha("3");
    seedPull(repo, head, undefined, 14);
    fake.latencyMs = 400;
    try {
      expect(await apps[0]!.deliver("pull_request", pullRequestEvent(repo, "opened", 14, head))).toBe(200);
      const busy = await reviewerOf(14);
      await until(() => runsAt(head).some((r) => r.status === "in_progress"), "the check run is in progress");
      // The worst moment: a write (throttled one at a time per installation, across replicas) in flight.
      await until(() => fake.inFlight.some((r) => !r.startsWith("GET ")), "a write request is in flight");
      busy.kill("SIGKILL");
      expect((await busy.exited).signal).toBe("SIGKILL");
      const other = apps.find((app) => app !== busy)!;
      await until(() => completedAt(head), "the check run is completed", 60_000).catch(withLogs([busy, other]));
      expect(other.output()).toMatch(/Reviewing acme\/shop#14 at 3{40}, resuming check run/);
      apps = [other, await startAppProcess(fake, env)];
    } finally {
      fake.latencyMs = 0;
    }
    expect(runsAt(head).map((r) => [r.status, r.conclusion])).toEqual([["completed", "failure"]]);
    expect(completionsAt(head)).toBe(1);
    expect(reviewsAt(head)).toHaveLength(1);
  }, 120_000);

  it("SIGTERM mid-review: the stopping replica answers 503, hands the review back and exits 0; the other completes it", async () => {
    await freshReplicas();
    const head = sha("4");
    seedPull(repo, head, undefined, 15);
    fake.latencyMs = 600;
    try {
      expect(await apps[1]!.deliver("pull_request", pullRequestEvent(repo, "opened", 15, head))).toBe(200);
      const busy = await reviewerOf(15);
      await until(() => runsAt(head).some((r) => r.status === "in_progress"), "the check run is in progress");
      busy.kill("SIGTERM");
      await until(async () => (await busy.health()) !== 200, "the stopping replica leaves /health");
      expect(await busy.deliver("pull_request", pullRequestEvent(repo, "synchronize", 15, head)).catch(() => 0)).not.toBe(200);
      expect(await busy.exited, busy.output()).toEqual({ code: 0, signal: null });
      await until(() => completedAt(head), "the check run is completed", 60_000).catch(withLogs(apps));
    } finally {
      fake.latencyMs = 0;
    }
    expect(runsAt(head)).toHaveLength(1);
    expect(completionsAt(head)).toBe(1);
    expect(reviewsAt(head)).toHaveLength(1);
    fake.assertNoViolations();
  }, 120_000);
});
