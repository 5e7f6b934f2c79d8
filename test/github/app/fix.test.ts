// "Apply fix" and `/forksafe fix` against the fake GitHub, with the stub analysis and planner:
// who may ask, the commit through createCommitOnBranch, forks and missing permissions answered
// with suggestions, a branch that moved, a protected branch, and the review that follows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIX_ACTION, RERUN_ACTION } from "../../../src/github/check-run-api.js";
import { APPS_PY, FIXED_APPS_PY, HEAD1, HEAD2, file, partialPatch, seedPull } from "./fixtures.js";
import { checkRunEvent, commentEvent, pullRequestEvent, startApp, type TestApp } from "./harness.js";
import { stubPlanner } from "./stub-planner.js";

let app: TestApp;
beforeEach(async () => {
  app = await startApp({ plan: stubPlanner });
});
afterEach(async () => {
  app.fake.assertNoViolations();
  await app.close();
});

const mutations = () => app.fake.requests.filter((r) => r.graphqlFields?.includes("createCommitOnBranch"));
const replies = () => app.repo.issueComments.map((c) => c.body);
const reactions = () => app.repo.reactions.map((r) => r.content);
const pressFix = (login: string, head = HEAD1) => app.deliver("check_run", checkRunEvent(app.repo, "requested_action", head, FIX_ACTION, "Forksafe", login));
const commentFix = (login: string, command = "/forksafe fix") => app.deliver("issue_comment", commentEvent(app.repo, 7, command, login));

describe("the Apply fix button", () => {
  it("is offered when the review's findings have a fix", async () => {
    seedPull(app.repo);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    expect(app.repo.checkRuns[0]!.actions).toEqual([
      { label: "Re-run", description: "Analyse this commit again", identifier: RERUN_ACTION },
      { label: "Apply fix", description: "Commit Forksafe's fix to this branch", identifier: FIX_ACTION },
    ]);
  });

  it("is not offered when there is nothing to fix, or only findings without a fix", async () => {
    seedPull(app.repo, HEAD1, FIXED_APPS_PY);
    await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
    seedPull(app.repo, HEAD2, APPS_PY.replace(".count()", ".exists()"));
    await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, HEAD2, "2026-01-02T00:00:00Z"));
    expect(app.repo.checkRuns.map((r) => [r.conclusion, (r.actions as { identifier: string }[]).map((a) => a.identifier)])).toEqual([
      ["success", [RERUN_ACTION]],
      ["neutral", [RERUN_ACTION]],
    ]);
  });

  it("is not offered by an app without a planner", async () => {
    const plain = await startApp();
    try {
      seedPull(plain.repo);
      await plain.deliver("pull_request", pullRequestEvent(plain.repo, "opened", 7, HEAD1));
      expect((plain.repo.checkRuns[0]!.actions as { identifier: string }[]).map((a) => a.identifier)).toEqual([RERUN_ACTION]);
    } finally {
      plain.fake.assertNoViolations();
      await plain.close();
    }
  });

  it("commits the fix to the pull request's branch as one commit, expecting the analysed head", async () => {
    seedPull(app.repo);
    app.repo.permission("bob", "write");
    await pressFix("bob");
    expect(mutations()).toHaveLength(1);
    const input = (mutations()[0]!.body as { variables: { input: Record<string, any> } }).variables.input;
    expect(input.expectedHeadOid).toBe(HEAD1);
    expect(input.branch).toEqual({ repositoryNameWithOwner: "acme/shop", branchName: "topic-7" });
    expect(app.repo.createdCommits).toHaveLength(1);
    const commit = app.repo.createdCommits[0]!;
    expect(commit.parent).toBe(HEAD1);
    expect(commit.headline).toBe("Stop sharing startup database connections between workers (forksafe fix)");
    expect(commit.body).toBe("- shop/apps.py:9: the query moves out of startup\n\nRequested by @bob with the Apply fix button on #7.");
    expect(commit.files).toEqual({ "shop/apps.py": FIXED_APPS_PY });
    expect(app.repo.branches.get("topic-7")).toBe(commit.oid);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]).toContain(`Committed [${commit.oid.slice(0, 7)}](https://github.com/acme/shop/commit/${commit.oid}) to \`topic-7\``);
  });
});

describe("/forksafe fix", () => {
  it("commits the fix for someone with write access, reacting eyes then rocket", async () => {
    seedPull(app.repo);
    app.repo.permission("bob", "maintain");
    await commentFix("bob");
    expect(app.repo.createdCommits.map((c) => c.files)).toEqual([{ "shop/apps.py": FIXED_APPS_PY }]);
    expect(app.repo.createdCommits[0]!.body).toContain("Requested by @bob with `/forksafe fix` on #7.");
    expect(reactions()).toEqual(["eyes", "rocket"]);
  });

  it("with rule ids, fixes only those rules' findings", async () => {
    seedPull(app.repo);
    app.repo.permission("bob", "write");
    await commentFix("bob", "/forksafe fix FS102");
    expect(app.repo.createdCommits).toHaveLength(0);
    expect(replies()[0]).toContain("Forksafe has no automatic fix for the findings");
    await commentFix("bob", "/forksafe fix fs101, FS203");
    expect(app.repo.createdCommits.map((c) => c.files)).toEqual([{ "shop/apps.py": FIXED_APPS_PY }]);
    expect(app.repo.createdCommits[0]!.body).toContain("with `/forksafe fix FS101 FS203`");
  });

  it("is refused, with a reply and nothing written, to someone without write access (even the author)", async () => {
    seedPull(app.repo);
    app.repo.permission("eve", "read").permission("alice", "triage");
    await commentFix("eve");
    await pressFix("alice");
    expect(replies()).toEqual([
      "@eve Only people with write access to acme/shop can ask Forksafe to fix a pull request. Nothing was changed.",
      "@alice Only people with write access to acme/shop can ask Forksafe to fix a pull request. Nothing was changed.",
    ]);
    expect(reactions()).toEqual(["eyes", "confused"]);
    expect(app.repo.createdCommits).toHaveLength(0);
    expect(app.fake.requests.filter((r) => r.operation === "graphql" || r.operation === "pulls/get")).toHaveLength(0);
  });

  it("says so when there is nothing to fix, listing what it will not fix", async () => {
    seedPull(app.repo, HEAD1, APPS_PY.replace(".count()", ".exists()"));
    app.repo.permission("bob", "write");
    await commentFix("bob");
    expect(replies()).toEqual([
      `Forksafe has no automatic fix for the findings at ${HEAD1.slice(0, 7)}; the check run explains how to fix each by hand.\n\n` +
        "Not fixed automatically (fix these by hand):\n\n- FS102 at `shop/apps.py:9`: an exists() check has no mechanical fix",
    ]);
    expect(mutations()).toHaveLength(0);
  });
});

describe("when the App cannot push", () => {
  it("a pull request from a fork gets the fix as suggestion comments on its diff", async () => {
    seedPull(app.repo);
    app.repo.pulls.get(7)!.forkOwner = "mallory";
    app.repo.permission("bob", "write");
    await pressFix("bob");
    expect(mutations()).toHaveLength(0);
    expect(app.repo.reviews).toHaveLength(1);
    expect(app.repo.reviews[0]!.body).toContain("comes from a fork, where Forksafe cannot push");
    expect(app.repo.reviewComments.map((c) => [c.path, c.line, c.body.slice(c.body.indexOf("```"))])).toEqual([
      ["shop/apps.py", 9, expect.stringMatching(/^```suggestion\n {8}pass\n```\n\n<!-- forksafe-fix:[0-9a-f]{16} -->$/)],
    ]);
  });

  it("asking again does not post the same suggestions twice", async () => {
    seedPull(app.repo);
    app.repo.pulls.get(7)!.forkOwner = "mallory";
    app.repo.permission("bob", "write");
    await pressFix("bob");
    await commentFix("bob");
    expect(app.repo.reviews).toHaveLength(1);
    expect(app.repo.reviewComments).toHaveLength(1);
    expect(replies()).toEqual(["Forksafe's suggestions for 1111111 are already on this pull request: #7 comes from a fork, where Forksafe cannot push."]);
  });

  it("an installation without contents: write gets suggestions, without trying to commit", async () => {
    seedPull(app.repo);
    app.fake.installationPermissions = { checks: "write", pull_requests: "write", contents: "read", issues: "write", metadata: "read" };
    app.repo.permission("bob", "write");
    await commentFix("bob");
    expect(mutations()).toHaveLength(0);
    expect(app.repo.reviews[0]!.body).toContain("has not been granted `contents: write`");
    expect(app.repo.reviewComments).toHaveLength(1);
  });

  it("GitHub refusing the commit for want of permission falls back to suggestions", async () => {
    seedPull(app.repo);
    app.fake.installationPermissions = { metadata: "read" };
    app.repo.permission("bob", "write");
    await commentFix("bob");
    expect(mutations()).toHaveLength(1);
    expect(app.repo.reviews[0]!.body).toContain("Resource not accessible by integration");
    expect(app.repo.reviewComments[0]!.body).toContain("```suggestion\n        pass\n```");
    expect(reactions()).toEqual(["eyes", "rocket"]);
  });

  it("more suggestions than a review should hold are shown as one unified diff instead", async () => {
    const many = APPS_PY.replace("        User.objects.count()\n", "        User.objects.count()\n        x = 1\n".repeat(31));
    seedPull(app.repo, HEAD1, many);
    app.repo.pulls.get(7)!.forkOwner = "mallory";
    app.repo.permission("bob", "write");
    await commentFix("bob");
    expect(app.repo.reviews).toHaveLength(0);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]!.match(/^\+ {8}pass$/gm)).toHaveLength(31);
  });

  it("a change outside the diff is shown as a unified diff", async () => {
    seedPull(app.repo);
    app.repo.pulls.get(7)!.files = [file("shop/apps.py", APPS_PY, { patch: partialPatch(APPS_PY, 1, 3) })];
    app.repo.pulls.get(7)!.forkOwner = "mallory";
    app.repo.permission("bob", "write");
    await commentFix("bob");
    expect(app.repo.reviews).toHaveLength(0);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]).toContain(
      "```diff\ndiff --git a/shop/apps.py b/shop/apps.py\n--- a/shop/apps.py\n+++ b/shop/apps.py\n@@ -6,4 +6,4 @@\n \n     def ready(self):\n         from django.contrib.auth.models import User\n-        User.objects.count()\n+        pass\n```",
    );
  });
});

describe("when GitHub refuses the commit", () => {
  it("a branch that moved since the analysis gets a clear reply after exactly one attempt", async () => {
    seedPull(app.repo);
    app.repo.permission("bob", "write");
    app.repo.branches.set("topic-7", HEAD2);
    await commentFix("bob");
    expect(mutations()).toHaveLength(1);
    expect(app.repo.createdCommits).toHaveLength(0);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]).toMatch(/^The branch `topic-7` moved since Forksafe analysed 1111111, so nothing was committed/);
    expect(replies()[0]).toContain("Run `/forksafe fix` again");
    expect(reactions()).toEqual(["eyes", "confused"]);
  });

  it("the button on an older commit's check run changes nothing, and says where to press", async () => {
    seedPull(app.repo, HEAD2);
    app.repo.permission("bob", "write");
    const press = checkRunEvent(app.repo, "requested_action", HEAD1, FIX_ACTION, "Forksafe", "bob");
    const hint = { number: 7, id: 7, url: "", head: { ref: "t", sha: HEAD1, repo: { id: app.repo.id, url: "", name: "shop" } } };
    press.check_run.pull_requests = [{ ...hint, base: { ref: "main", sha: "0".repeat(40), repo: { id: app.repo.id, url: "", name: "shop" } } }];
    await app.deliver("check_run", press);
    expect(mutations()).toHaveLength(0);
    expect(replies()).toEqual([
      "That check run is for 1111111, but the head of #7 is now 2222222: nothing was changed. Press Apply fix on the newest Forksafe check run, or comment `/forksafe fix`.",
    ]);
  });

  it("a protected branch: GitHub's message is reported and nothing is written", async () => {
    seedPull(app.repo);
    app.repo.permission("bob", "write");
    app.repo.protect("topic-7");
    await pressFix("bob");
    expect(mutations()).toHaveLength(1);
    expect(app.repo.createdCommits).toHaveLength(0);
    expect(app.repo.reviews).toHaveLength(0);
    expect(replies()).toEqual([
      "GitHub refused the fix commit to `topic-7`: Repository rule violations found\n\nChanges must be made through a pull request.\n\nNothing was written.",
    ]);
  });
});

it("the push of the fix commit is reviewed as usual, and the finding is gone", async () => {
  seedPull(app.repo);
  app.repo.permission("bob", "write");
  await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
  expect(app.repo.checkRuns[0]!.conclusion).toBe("failure");
  expect(app.repo.threads.filter((t) => !t.isResolved)).toHaveLength(1);

  await pressFix("bob");
  const fixed = app.repo.createdCommits[0]!.oid;
  expect(app.repo.pulls.get(7)!.head).toBe(fixed);
  // GitHub sends `synchronize` for the push the commit made.
  await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, fixed, "2026-01-02T00:00:00Z"));
  const after = app.repo.checkRuns.find((r) => r.headSha === fixed)!;
  expect(after.conclusion).toBe("success");
  expect((after.actions as { identifier: string }[]).map((a) => a.identifier)).toEqual([RERUN_ACTION]);
  expect(app.repo.threads.filter((t) => !t.isResolved)).toHaveLength(0);
});
