// SIGTERM mid-review in the default mode (no Redis): the app process stops taking webhooks (503),
// lets the review finish within the grace period, or completes it `neutral` "restarted" with the
// Re-run button when the grace period is too short, and exits 0. No check run is left in progress.
import { afterEach, describe, expect, it } from "vitest";
import { RESTARTED_TITLE } from "../../../src/github/review-request.js";
import { FakeGitHub } from "../fake-github.js";
import { HEAD1, HEAD2, seedPull } from "../app/fixtures.js";
import { pullRequestEvent } from "../app/harness.js";
import { startAppProcess, until, type AppProcess } from "./app-process.js";

let fake: FakeGitHub | undefined;
let app: AppProcess | undefined;

afterEach(async () => {
  app?.kill("SIGKILL");
  await app?.exited;
  await fake?.close();
  app = fake = undefined;
});

describe("SIGTERM mid-review, in memory", () => {
  it("finishes the review within the grace period, answers 503 meanwhile, and exits 0", async () => {
    fake = await FakeGitHub.start();
    const repo = fake.repo("acme", "shop");
    seedPull(repo);
    app = await startAppProcess(fake, { SHUTDOWN_GRACE_SECONDS: "20" });
    fake.latencyMs = 300;
    expect(await app.deliver("pull_request", pullRequestEvent(repo, "opened", 7, HEAD1))).toBe(200);
    await until(() => repo.checkRuns.some((r) => r.status === "in_progress"), "the check run is in progress");
    app.kill("SIGTERM");
    await until(async () => (await app!.health()) === 503, "/health answers 503");
    expect(await app.deliver("pull_request", pullRequestEvent(repo, "synchronize", 7, HEAD1))).toBe(503);
    const exit = await app.exited;
    expect(exit, app.output()).toEqual({ code: 0, signal: null });
    expect(repo.checkRuns.map((r) => [r.status, r.output?.title === RESTARTED_TITLE])).toEqual([["completed", false]]);
    expect(repo.reviews).toHaveLength(1);
    fake.assertNoViolations();
  }, 90_000);

  it("completes what cannot finish in time as neutral 'restarted' with the Re-run button, running and queued alike", async () => {
    fake = await FakeGitHub.start();
    const repo = fake.repo("acme", "shop");
    seedPull(repo, HEAD2);
    seedPull(repo, HEAD1);
    app = await startAppProcess(fake, { SHUTDOWN_GRACE_SECONDS: "1" });
    fake.latencyMs = 1_000;
    expect(await app.deliver("pull_request", pullRequestEvent(repo, "opened", 7, HEAD1, "2026-01-01T00:00:00Z"))).toBe(200);
    await until(() => repo.checkRuns.some((r) => r.status === "in_progress"), "the check run is in progress");
    // A newer head while the first is running: it waits in the queue.
    expect(await app.deliver("pull_request", pullRequestEvent(repo, "synchronize", 7, HEAD2, "2026-01-01T00:01:00Z"))).toBe(200);
    app.kill("SIGTERM");
    const exit = await app.exited;
    expect(exit, app.output()).toEqual({ code: 0, signal: null });
    expect(repo.checkRuns.map((r) => [r.headSha, r.status, r.conclusion, r.output?.title])).toEqual([
      [HEAD1, "completed", "neutral", RESTARTED_TITLE],
      [HEAD2, "completed", "neutral", RESTARTED_TITLE],
    ]);
    for (const run of repo.checkRuns) {
      expect(run.output?.summary).toContain("press Re-run");
      expect(run.actions).toEqual([expect.objectContaining({ identifier: "rerun", label: "Re-run" })]);
    }
    expect(repo.reviews).toHaveLength(0);
    fake.assertNoViolations();
  }, 90_000);
});
