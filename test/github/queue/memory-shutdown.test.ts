// Shutdown in the default mode (reviews in memory), in process: a review whose check run is still
// being created when the grace period ends gets that check run completed `neutral` "restarted",
// not a second one beside it left in progress.
import { randomUUID } from "node:crypto";
import { Probot, ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { forksafeApp } from "../../../src/index.js";
import { RESTARTED_TITLE } from "../../../src/github/review-request.js";
import type { Reviews } from "../../../src/queue/reviews.js";
import { FakeGitHub } from "../fake-github.js";
import { HEAD1, seedPull } from "../app/fixtures.js";
import { pullRequestEvent } from "../app/harness.js";
import { stubAnalyzer } from "../app/stub-analyzer.js";
import { until } from "../process/app-process.js";
import { privateKey } from "../../helpers/app-key.js";

let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("shutdown in memory", () => {
  it("completes the check run whose creation is in flight when the grace period ends, leaving none in progress", async () => {
    fake = await FakeGitHub.start();
    const repo = fake.repo("acme", "shop");
    seedPull(repo);
    const Octokit = ProbotOctokit.defaults((o: any) => ({ ...o, baseUrl: fake!.url, retry: { enabled: false }, throttle: { ...o.throttle, enabled: false } }));
    const probot = new Probot({ appId: 1, privateKey, Octokit, logLevel: "fatal" });
    let reviews: Reviews | undefined;
    await probot.load(forksafeApp({ analyze: stubAnalyzer, redisUrl: "", onReady: (r) => (reviews = r) }), { cwd: process.cwd(), addHandler: () => {} });
    fake.latencyMs = 1_000;
    await probot.receive({ id: randomUUID(), name: "pull_request", payload: pullRequestEvent(repo, "opened", 7, HEAD1) } as any);
    await until(() => fake!.inFlight.includes("POST /repos/acme/shop/check-runs"), "the check run is being created");
    await reviews!.shutdown(0);
    await until(() => fake!.inFlight.length === 0, "GitHub has answered every request");
    expect(repo.checkRuns.map((r) => [r.status, r.conclusion, r.output?.title])).toEqual([["completed", "neutral", RESTARTED_TITLE]]);
    expect(repo.reviews).toHaveLength(0);
  }, 30_000);
});
