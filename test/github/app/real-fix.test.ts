// The fix flow end to end with the real analysis and the real planner, on a fixture repository
// served by the fake GitHub: gunicorn.conf.py with `preload_app = True` and a query in ready().
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, expect, it } from "vitest";
import { analyze } from "../../../src/analysis/analyze.js";
import { FIX_ACTION, RERUN_ACTION } from "../../../src/github/check-run-api.js";
import { planFixes } from "../../../src/fix/plan.js";
import { HEAD1, HEAD2, file } from "./fixtures.js";
import { checkRunEvent, commentEvent, pullRequestEvent, startApp, type TestApp } from "./harness.js";
import { loadProject } from "../../helpers/fixture-project.js";

const project = loadProject(fileURLToPath(new URL("../../fixtures/", import.meta.url)), "servers/gunicorn-config");
const buttons = (run: { actions: unknown[] }) => (run.actions as { identifier: string }[]).map((a) => a.identifier);

let app: TestApp;
beforeEach(async () => {
  app = await startApp({ analyze, plan: planFixes });
  app.repo.commit(HEAD1, project.files);
  app.repo.pull({
    number: 7,
    head: HEAD1,
    author: "alice",
    files: [file("shop/apps.py", project.files["shop/apps.py"]!), file("gunicorn.conf.py", project.files["gunicorn.conf.py"]!)],
  });
  app.repo.permission("bob", "write");
});
afterEach(async () => {
  app.fake.assertNoViolations();
  await app.close();
});

it("the button commits the planner's gunicorn hook, and the review of that push shows FS110 gone", async () => {
  const local = await planFixes(project.tree, await analyze(project.tree, project.config));
  expect(local.changes.map((c) => c.path)).toEqual(["gunicorn.conf.py"]);

  await app.deliver("pull_request", pullRequestEvent(app.repo, "opened", 7, HEAD1));
  const first = app.repo.checkRuns[0]!;
  expect(first.conclusion).toBe("failure");
  expect(first.output?.summary).toContain("FS110");
  expect(buttons(first)).toEqual([RERUN_ACTION, FIX_ACTION]);
  // Planning the fix during the review reads from the files the analysis already fetched: the
  // review costs the 7 requests it costs without the planner (real-analysis.test.ts).
  expect(app.fake.requests.length).toBe(7);

  app.fake.clearRequests();
  await app.deliver("check_run", checkRunEvent(app.repo, "requested_action", HEAD1, FIX_ACTION, "Forksafe", "bob"));
  // The installation token is cached from the review. The button's commit to the pull request,
  // who pressed it, the pull request, the tree, one batch of files with the repository's and the
  // organisation's config, the commit, the reply: 7 requests.
  expect(app.fake.counts()).toEqual({
    "repos/get-collaborator-permission-level": 1,
    "pulls/list": 1,
    "pulls/get": 1,
    "git/get-tree": 1,
    "graphql repository+repository": 1,
    "graphql createCommitOnBranch": 1,
    "issues/create-comment": 1,
  });
  expect(app.repo.createdCommits).toHaveLength(1);
  const commit = app.repo.createdCommits[0]!;
  expect(commit.files).toEqual({ "gunicorn.conf.py": local.changes[0]!.after });
  expect(commit.files["gunicorn.conf.py"]).toMatch(/def when_ready\(server\):[\s\S]*close_all\(\)/);
  expect(commit.headline).toBe("Stop sharing startup database connections between workers (forksafe fix)");
  expect(commit.body).toBe(
    "- gunicorn.conf.py: when_ready closes Django's database connections in the master, before workers fork\n\nRequested by @bob with the Apply fix button on #7.",
  );

  await app.deliver("pull_request", pullRequestEvent(app.repo, "synchronize", 7, commit.oid, "2026-01-02T00:00:00Z"));
  const after = app.repo.checkRuns.find((r) => r.headSha === commit.oid)!;
  expect(after.status).toBe("completed");
  expect(after.output?.summary).not.toContain("FS110");
  expect(after.output?.summary).toContain("connections closed before fork");
  expect(buttons(after)).toEqual([RERUN_ACTION]);
});

it("a fork's pull request gets the same hook as a suggestion on gunicorn.conf.py", async () => {
  app.repo.pulls.get(7)!.forkOwner = "mallory";
  await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe fix", "bob"));
  expect(app.repo.createdCommits).toHaveLength(0);
  const suggestions = app.repo.reviewComments.filter((c) => c.path === "gunicorn.conf.py");
  expect(suggestions).toHaveLength(1);
  expect(suggestions[0]!.body).toMatch(/```suggestion\n[\s\S]*def when_ready\(server\):[\s\S]*```/);
});

it("bad input: a config that does not parse, or is binary, gets the reason and nothing is written", async () => {
  const broken = project.files["gunicorn.conf.py"]!.replace("timeout = 30", "def on_starting(server:\n    pass");
  app.repo.commit(HEAD1, { ...project.files, "gunicorn.conf.py": broken });
  await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe fix", "bob"));
  app.repo.commit(HEAD1, { ...project.files, "gunicorn.conf.py": { binary: true, size: 300 } });
  await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe fix", "bob"));
  expect(app.repo.createdCommits).toHaveLength(0);
  expect(app.repo.reviews).toHaveLength(0);
  expect(app.repo.issueComments.map((c) => c.body)).toEqual([
    "Forksafe has no automatic fix for the findings at 1111111; the check run explains how to fix each by hand.\n\n" +
      "Not fixed automatically (fix these by hand):\n\n" +
      "- FS110 at `gunicorn.conf.py:6`: gunicorn.conf.py does not parse as Python (line 7)\n" +
      "- FS101 at `shop/apps.py:11`: gunicorn.conf.py does not parse as Python (line 7)",
    "Forksafe has no automatic fix for the findings at 1111111; the check run explains how to fix each by hand.\n\n" +
      "Files Forksafe could not read, so could not fix:\n\n- `gunicorn.conf.py`: binary file",
  ]);
});

it("bad input: a config reached through a symbolic link is fixed in its target; one pointing out of the repository is refused", async () => {
  const conf = project.files["gunicorn.conf.py"]!;
  app.repo.commit(HEAD1, { ...project.files, "gunicorn.conf.py": { symlink: "deploy/gunicorn.conf.py" }, "deploy/gunicorn.conf.py": conf });
  await app.deliver("issue_comment", commentEvent(app.repo, 7, "/forksafe fix", "bob"));
  expect(app.repo.createdCommits.map((c) => Object.keys(c.files))).toEqual([["deploy/gunicorn.conf.py"]]);
  expect(app.repo.createdCommits[0]!.files["deploy/gunicorn.conf.py"]).toMatch(/^import multiprocessing[\s\S]*def when_ready\(server\):/);

  app.repo.commit(HEAD2, { ...project.files, "gunicorn.conf.py": { symlink: "../../etc/gunicorn.conf.py" } });
  app.repo.pull({ number: 8, head: HEAD2, author: "alice", files: [file("shop/apps.py", project.files["shop/apps.py"]!)] });
  await app.deliver("issue_comment", commentEvent(app.repo, 8, "/forksafe fix", "bob"));
  expect(app.repo.createdCommits).toHaveLength(1);
  expect(app.repo.issueComments.at(-1)!.body).toContain("- `gunicorn.conf.py`: symbolic link to a file outside the repository: not read");
});
