// Failures: retries for 5xx, secondary rate limits honoured, and whatever fails the check run ends
// with a readable summary and every finding somewhere.
import { afterEach, describe, expect, it } from "vitest";
import { HEAD1, seedPull } from "./fixtures.js";
import { pullRequestEvent, startApp, type TestApp } from "./harness.js";
import { stubAnalyzer } from "./stub-analyzer.js";

let app: TestApp | undefined;
afterEach(async () => {
  app?.fake.assertNoViolations();
  await app?.close();
  app = undefined;
});

describe("GitHub errors", () => {
  it("retries 5xx answers with Probot's retry plugin", async () => {
    app = await startApp({ retry: true });
    seedPull(app.repo);
    app.fake.fail({ operation: "pulls/create-review", status: 502, times: 2 });
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.fake.counts()["pulls/create-review"]).toBe(3);
    expect(app.repo.reviews).toHaveLength(1);
  });

  it("4. waits retry-after on a secondary rate limit, then tries once more (throttling on)", async () => {
    app = await startApp({ throttle: true });
    seedPull(app.repo);
    app.fake.fail({ operation: "pulls/create-review", secondaryRateLimit: { retryAfter: 1 } });
    const started = Date.now();
    await app.probot.receive({ id: "d", name: "pull_request", payload: pullRequestEvent(app.repo, "opened", 7, HEAD1) as never });
    await app.queue.idle();
    const reviews = app.fake.requests.filter((r) => r.operation === "pulls/create-review");
    expect(reviews.map((r) => r.status)).toEqual([403, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(app.repo.reviews).toHaveLength(1);
  }, 60_000);

  it("4. gives up after two retries rather than looping, and still reports every finding in the check run", async () => {
    app = await startApp();
    seedPull(app.repo);
    app.fake.fail({ operation: "pulls/create-review", secondaryRateLimit: { retryAfter: 0 }, times: 10 });
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.fake.counts()["pulls/create-review"]).toBe(3);
    const run = app.repo.checkRuns[0]!;
    expect(run.status).toBe("completed");
    expect(run.conclusion).toBe("failure");
    expect(run.output?.summary).toContain("The review could not be posted (GitHub answered 403");
    expect(run.annotations).toHaveLength(1);
  });

  it("an error mid-analysis ends the check run with a readable summary, never in progress", async () => {
    app = await startApp();
    seedPull(app.repo);
    app.fake.fail({ operation: "pulls/list-files", status: 500, message: "Server Error" });
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    const run = app.repo.checkRuns[0]!;
    expect(run.status).toBe("completed");
    expect(run.conclusion).toBe("failure");
    expect(run.output?.summary).toMatchSnapshot();
  });

  it("an analysis that throws ends the check run with its message", async () => {
    app = await startApp({ analyze: async () => Promise.reject(new Error("shop/apps.py: cannot parse")) });
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.checkRuns.map((r) => [r.status, r.conclusion])).toEqual([["completed", "failure"]]);
    expect(app.repo.checkRuns[0]!.output?.summary).toContain("shop/apps.py: cannot parse");
  });

  it("a failed review still leaves the check run completed with the findings, and a later run posts the comment", async () => {
    app = await startApp({ analyze: stubAnalyzer });
    seedPull(app.repo);
    app.fake.fail({ operation: "pulls/create-review", status: 500 });
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.reviews).toHaveLength(0);
    expect(app.repo.checkRuns[0]!.annotations).toHaveLength(1);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, HEAD1));
    expect(app.repo.reviews).toHaveLength(1);
  });
});
