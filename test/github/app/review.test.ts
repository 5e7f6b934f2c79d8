// One review per analysis: check run, inline comments on diff lines only, idempotent re-runs.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APPS_PY, FIXED_APPS_PY, HEAD1, HEAD2, file, partialPatch, seedPull } from "./fixtures.js";
import { checkRunEvent, pullRequestEvent, startApp, type TestApp } from "./harness.js";

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  app.fake.assertNoViolations();
  await app.close();
});

describe("a pull request with startup database work", () => {
  it("creates the check run in progress, posts one review with one comment, and completes the check run", async () => {
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));

    const [run] = app.repo.checkRuns;
    expect(run?.headSha).toBe(HEAD1);
    expect((run?.history[0] as { status: string }).status).toBe("in_progress");
    expect(run?.status).toBe("completed");
    expect(run?.conclusion).toBe("failure");
    expect(run?.actions).toEqual([{ label: "Re-run", description: "Analyse this commit again", identifier: "rerun" }]);
    expect(run?.annotations).toHaveLength(1);
    expect(run?.output?.summary).toMatchSnapshot("check summary");

    expect(app.repo.reviews).toHaveLength(1);
    const review = app.repo.reviews[0]!;
    expect(review.event).toBe("COMMENT");
    expect(review.commitId).toBe(HEAD1);
    expect(review.body).toMatchSnapshot("review body");
    const comments = app.repo.reviewComments.filter((c) => c.reviewId === review.id);
    expect(comments.map((c) => [c.path, c.line])).toEqual([["shop/apps.py", 9]]);
    expect(comments[0]!.body).toMatch(/<!-- forksafe:[0-9a-f]{16} -->$/);
    expect(comments[0]!.body).toMatchSnapshot("comment body");
  });

  it("suggests the fix only when its edits cover exactly the commented line", async () => {
    const apps = APPS_PY.replace("User.objects.count()", "User.objects.count()  # fix:         pass");
    seedPull(app.repo, HEAD1, apps);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    const body = app.repo.reviewComments[0]!.body;
    expect(body).toContain("```suggestion\n        pass\n```");
  });

  it("concludes success and posts no review when the pull request is clean", async () => {
    seedPull(app.repo, HEAD1, FIXED_APPS_PY);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.checkRuns.map((r) => r.conclusion)).toEqual(["success"]);
    expect(app.repo.reviews).toHaveLength(0);
  });

  it("concludes neutral for warnings only (fail_on: error by default)", async () => {
    seedPull(app.repo, HEAD1, APPS_PY.replace("count()", "exists()"));
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.checkRuns.map((r) => r.conclusion)).toEqual(["neutral"]);
  });

  it("fails on warnings when fail_on is warning, read from .github/forksafe.yml", async () => {
    app.repo.file(".github/forksafe.yml", "fail_on: warning\n");
    seedPull(app.repo, HEAD1, APPS_PY.replace("count()", "exists()"));
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.checkRuns.map((r) => r.conclusion)).toEqual(["failure"]);
  });

  it("reads the configuration through _extends from the organisation's .github repository", async () => {
    app.repo.file(".github/forksafe.yml", "_extends: .github\n");
    app.fake.repo("acme", ".github").file(".github/forksafe.yml", "rules:\n  FS101: off\n");
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.checkRuns.map((r) => r.conclusion)).toEqual(["success"]);
    expect(app.repo.reviews).toHaveLength(0);
  });

  it("reads the organisation's configuration when the repository has none, in the same single request", async () => {
    app.fake.repo("acme", ".github").file(".github/forksafe.yml", "rules:\n  FS101: off\n");
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.checkRuns.map((r) => r.conclusion)).toEqual(["success"]);
    expect(app.fake.counts()["repos/get-content"]).toBeUndefined();
  });

  it("ends the check run action_required naming the key and problem of an invalid configuration, posting nothing else", async () => {
    app.repo.file(".github/forksafe.yml", "fail_on: sometimes\n");
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    const [run] = app.repo.checkRuns;
    expect(run?.conclusion).toBe("action_required");
    expect(run?.output?.summary).toContain("fail_on");
    expect(run?.output?.summary).toContain("sometimes");
    expect(app.repo.reviews).toHaveLength(0);
    expect(
      Object.keys(app.fake.counts())
        .filter((kind) => !["apps/create-installation-access-token", "pulls/list-files", "git/get-tree", "graphql repository+repository"].includes(kind))
        .sort(),
    ).toEqual(["checks/create", "checks/update"]);
  });
});

describe("the complaints users have about review bots", () => {
  it("1. a comment GitHub rejects does not sink the review: it is posted without it, the finding goes to the check run", async () => {
    const apps = APPS_PY + "COUNT = User.objects.count()\n";
    seedPull(app.repo, HEAD1, apps);
    app.repo.rejectReviewLine("shop/apps.py", 10);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    const published = app.repo.reviews.filter((r) => r.event === "COMMENT");
    expect(published).toHaveLength(1);
    expect(app.repo.reviews.filter((r) => r.event === "PENDING")).toHaveLength(0);
    expect(app.repo.reviewComments.filter((c) => c.reviewId === published[0]!.id).map((c) => c.line)).toEqual([9]);
    expect(published[0]!.body).toContain("1 could not be placed on the diff");
    const run = app.repo.checkRuns[0]!;
    expect(run.annotations.map((a: any) => a.start_line)).toEqual([9, 10]);
    expect(run.output?.summary).toContain("`shop/apps.py:10` |");
  });

  it("2. the same finding is not commented again on a re-run, a redelivery, or a new push", async () => {
    seedPull(app.repo);
    const opened = pullRequestEvent(app.repo, "opened", 7, HEAD1);
    await app.deliver("pull_request", opened, "delivery-1");
    await app.deliver("pull_request", opened, "delivery-1");
    await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, HEAD1), "delivery-2");
    await app.deliver("check_run", checkRunEvent(app.repo, "rerequested", HEAD1));
    const moved = "\n" + APPS_PY;
    seedPull(app.repo, HEAD2, moved);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, HEAD2, "2026-01-02T00:00:00Z"));
    expect(app.repo.reviews).toHaveLength(1);
    expect(app.repo.reviewComments).toHaveLength(1);
    expect(app.repo.threads.map((t) => t.isResolved)).toEqual([false]);
    expect(app.repo.checkRuns.map((r) => [r.headSha, r.conclusion])).toEqual([
      [HEAD1, "failure"],
      [HEAD1, "failure"],
      [HEAD2, "failure"],
    ]);
  });

  it("3. a comment whose finding is fixed gets its thread resolved with a short reply", async () => {
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    seedPull(app.repo, HEAD2, FIXED_APPS_PY);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, HEAD2, "2026-01-02T00:00:00Z"));
    expect(app.repo.threads.map((t) => t.isResolved)).toEqual([true]);
    const replies = app.repo.reviewComments.filter((c) => c.inReplyTo !== undefined || c.reviewId === null);
    expect(replies.map((c) => c.body)).toEqual([`Fixed in ${HEAD2}: Forksafe no longer reports this.`]);
    expect(app.repo.reviews).toHaveLength(1);
    expect(app.repo.checkRuns.at(-1)?.conclusion).toBe("success");
  });

  it("5. at most 30 inline comments per review; the rest are in the check run, 50 annotations a request", async () => {
    const apps = APPS_PY + Array.from({ length: 60 }, (_, i) => `N${i} = User.objects.count()`).join("\n") + "\n";
    seedPull(app.repo, HEAD1, apps);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.reviews).toHaveLength(1);
    expect(app.repo.reviewComments).toHaveLength(30);
    expect(app.repo.reviews[0]!.body).toContain("31 more are listed in the Forksafe check run");
    const updates = app.repo.checkRuns[0]!.history.filter((h: any) => h.output?.annotations);
    expect(updates.map((h: any) => [h.output.annotations.length, h.status ?? "-"])).toEqual([
      [50, "-"],
      [11, "completed"],
    ]);
  });

  it("7 and 8. a file without a patch and findings outside the diff are reported in the check run, never dropped", async () => {
    const apps = APPS_PY;
    app.repo.commit(HEAD1, { "shop/apps.py": apps, "shop/big.py": "X = User.objects.count()\n", "gunicorn.conf.py": "preload_app = True\n" });
    const many = Array.from({ length: 250 }, (_, i) => file(`docs/page${i}.md`, "text\n"));
    app.repo.pull({
      number: 7,
      head: HEAD1,
      author: "alice",
      files: [file("shop/apps.py", apps, { patch: partialPatch(apps, 1, 3) }), file("shop/big.py", "", { patch: null }), ...many],
    });
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.reviews).toHaveLength(0);
    const run = app.repo.checkRuns[0]!;
    expect(run.annotations.map((a: any) => `${a.path}:${a.start_line}`)).toEqual(["shop/apps.py:9", "shop/big.py:1"]);
    expect(run.output?.summary).toContain("2 findings in this pull request");
    expect(app.fake.counts()["pulls/list-files"]).toBe(3);
  });

  it("9. suppressed findings get no comment, no annotation, no failure, and are counted", async () => {
    seedPull(app.repo, HEAD1, APPS_PY.replace("count()", "count()  # forksafe: ignore"));
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    const run = app.repo.checkRuns[0]!;
    expect(run.conclusion).toBe("success");
    expect(run.annotations).toHaveLength(0);
    expect(run.output?.summary).toContain("1 suppressed");
    expect(app.repo.reviews).toHaveLength(0);
  });

  it("9. a finding suppressed after it was commented has its thread resolved", async () => {
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    seedPull(app.repo, HEAD2, APPS_PY.replace("count()", "count()  # forksafe: ignore"));
    await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, HEAD2, "2026-01-02T00:00:00Z"));
    expect(app.repo.threads.map((t) => t.isResolved)).toEqual([true]);
  });

  it("10. a configuration change updates what was posted: a rule turned off resolves its thread", async () => {
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    app.repo.file(".github/forksafe.yml", "rules:\n  FS101: off\n");
    await app.deliver("check_run", checkRunEvent(app.repo, "requested_action", HEAD1));
    expect(app.repo.threads.map((t) => t.isResolved)).toEqual([true]);
    expect(app.repo.checkRuns.map((r) => r.conclusion)).toEqual(["failure", "success"]);
  });
});
