// Events: forks, check suites and runs mapped through the head SHA, ordering of pushes, and the
// slash commands with their permissions and reactions.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APPS_PY, HEAD1, HEAD2, seedPull } from "./fixtures.js";
import { checkRunEvent, checkSuiteEvent, commentEvent, pullRequestEvent, startApp, type TestApp } from "./harness.js";

let app: TestApp;
beforeEach(async () => {
  app = await startApp();
});
afterEach(async () => {
  app.fake.assertNoViolations();
  await app.close();
});

describe("6. pull requests from forks", () => {
  it("are reviewed from the pull_request event like any other", async () => {
    seedPull(app.repo);
    app.repo.pulls.get(7)!.forkOwner = "mallory";
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.reviews).toHaveLength(1);
    expect(app.repo.checkRuns.map((r) => r.conclusion)).toEqual(["failure"]);
  });

  it("are found by head SHA when the check suite's pull_requests list is empty", async () => {
    seedPull(app.repo);
    app.repo.pulls.get(7)!.forkOwner = "mallory";
    await app.deliver("check_suite", checkSuiteEvent(app.repo, "requested", HEAD1, []));
    expect(app.fake.counts()["pulls/list"]).toBe(1);
    expect(app.repo.reviews).toHaveLength(1);
    expect(app.repo.checkRuns.map((r) => r.headSha)).toEqual([HEAD1]);
  });
});

describe("check suites and check runs", () => {
  it("a check suite for a commit no open pull request has posts nothing", async () => {
    seedPull(app.repo);
    await app.deliver("check_suite", checkSuiteEvent(app.repo, "requested", HEAD2, []));
    expect(app.repo.checkRuns).toHaveLength(0);
  });

  it("the pull_request event and the check suite of one push review it once", async () => {
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, HEAD1));
    await app.deliver("check_suite", checkSuiteEvent(app.repo, "requested", HEAD1, [7]));
    expect(app.repo.checkRuns).toHaveLength(1);
  });

  it("a re-requested suite or a pressed Re-run button analyses again in a new check run", async () => {
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    await app.deliver("check_suite", checkSuiteEvent(app.repo, "rerequested", HEAD1, [7]));
    await app.deliver("check_run", checkRunEvent(app.repo, "requested_action", HEAD1));
    expect(app.repo.checkRuns.map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
    expect(app.repo.reviews).toHaveLength(1);
  });

  it("ignores other apps' check runs and unknown buttons", async () => {
    seedPull(app.repo);
    await app.deliver("check_run", checkRunEvent(app.repo, "rerequested", HEAD1, "rerun", "Lint"));
    await app.deliver("check_run", checkRunEvent(app.repo, "requested_action", HEAD1, "lgtm"));
    expect(app.fake.requests).toHaveLength(0);
  });

  it("re-running an older commit's check run updates that commit's check run only, posting no review", async () => {
    seedPull(app.repo);
    seedPull(app.repo, HEAD2);
    await app.deliver("check_run", {
      ...checkRunEvent(app.repo, "rerequested", HEAD1),
      check_run: {
        ...checkRunEvent(app.repo, "rerequested", HEAD1).check_run,
        pull_requests: [
          {
            number: 7,
            id: 7,
            url: "",
            head: { ref: "t", sha: HEAD2, repo: { id: app.repo.id, url: "", name: "shop" } },
            base: { ref: "main", sha: "0".repeat(40), repo: { id: app.repo.id, url: "", name: "shop" } },
          },
        ],
      },
    });
    expect(app.repo.checkRuns.map((r) => [r.headSha, r.conclusion])).toEqual([[HEAD1, "failure"]]);
    expect(app.repo.checkRuns[0]!.output?.summary).toContain("no longer the head of #7");
    expect(app.repo.reviews).toHaveLength(0);
  });
});

describe("ordering", () => {
  it("an event for an older head arriving late never overwrites the newer one", async () => {
    seedPull(app.repo);
    seedPull(app.repo, HEAD2);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, HEAD2, "2026-01-02T00:00:00Z"));
    await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, HEAD1, "2026-01-01T00:00:00Z"));
    expect(app.repo.checkRuns.map((r) => r.headSha)).toEqual([HEAD2]);
    expect(app.repo.reviews.map((r) => r.commitId)).toEqual([HEAD2]);
  });

  it("two rapid pushes: the last wins, the first posts no review", async () => {
    seedPull(app.repo);
    await app.probot.receive({ id: "push-1", name: "pull_request", payload: pullRequestEvent(app.repo, "synchronize", 7, HEAD1) as never });
    seedPull(app.repo, HEAD2, "\n" + APPS_PY);
    await app.probot.receive({
      id: "push-2",
      name: "pull_request",
      payload: pullRequestEvent(app.repo, "synchronize", 7, HEAD2, "2026-01-02T00:00:00Z") as never,
    });
    await app.queue.idle();
    expect(app.repo.reviews.map((r) => r.commitId)).toEqual([HEAD2]);
    expect(app.repo.reviewComments.map((c) => c.line)).toEqual([10]);
    const first = app.repo.checkRuns.find((r) => r.headSha === HEAD1);
    expect(first?.status).toBe("completed");
    expect(first?.output?.summary).toContain("A newer commit was pushed");
  });
});

describe("slash commands", () => {
  const reactions = () => app.repo.reactions.map((r) => r.content);

  it("/forksafe help replies with the commands, reacting eyes then rocket", async () => {
    seedPull(app.repo);
    await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe help", "someone"));
    expect(app.repo.issueComments.map((c) => c.body)).toMatchSnapshot();
    expect(reactions()).toEqual(["eyes", "rocket"]);
  });

  it("an unknown subcommand gets the help reply", async () => {
    seedPull(app.repo);
    await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe frobnicate", "someone"));
    expect(app.repo.issueComments[0]?.body).toMatch(/^Unknown command `frobnicate`[\s\S]*\/forksafe recheck/);
  });

  it("/forksafe recheck by the author re-analyses the head", async () => {
    seedPull(app.repo);
    await app.deliver("issue_comment", commentEvent(app.repo, 7, "Please look again\n/forksafe recheck", "alice"));
    expect(app.repo.checkRuns.map((r) => [r.headSha, r.conclusion])).toEqual([[HEAD1, "failure"]]);
    expect(reactions()).toEqual(["eyes", "rocket"]);
    expect(app.fake.counts()["repos/get-collaborator-permission-level"]).toBeUndefined();
  });

  it("/forksafe recheck by someone with write permission runs; with read it does not", async () => {
    seedPull(app.repo);
    app.repo.permission("bob", "write").permission("eve", "read");
    await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe recheck", "eve"));
    expect(app.repo.checkRuns).toHaveLength(0);
    expect(reactions()).toEqual(["eyes", "confused"]);
    await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe recheck", "bob"));
    expect(app.repo.checkRuns).toHaveLength(1);
  });

  it("ignores bots, plain comments and issues that are not pull requests", async () => {
    seedPull(app.repo);
    await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe recheck", "renovate[bot]", "Bot"));
    await app.deliver("issue_comment", commentEvent(app.repo, 7, "LGTM, no /forksafe here", "alice"));
    await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe recheck", "alice", "User", false));
    expect(app.fake.requests).toHaveLength(0);
  });

  it("reacts confused when the recheck fails", async () => {
    seedPull(app.repo);
    app.fake.fail({ operation: "pulls/list-files", status: 500 });
    await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe recheck", "alice"));
    expect(reactions()).toEqual(["eyes", "confused"]);
    expect(app.repo.checkRuns.map((r) => r.conclusion)).toEqual(["failure"]);
  });
});
