import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, expect, it } from "vitest";
import { atFileLimit, listPullFiles } from "../../src/github/pull-files.js";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.js";

let fake: FakeGitHub;
let octokit: Octokit;
beforeEach(async () => {
  fake = await startFakeGitHub();
  octokit = new Octokit({ baseUrl: fake.url, auth: "t" });
});
afterEach(() => fake.close());

it("lists each status, keeps a rename's old path, and leaves out a missing patch", async () => {
  fake.repo("acme", "shop").pull({
    number: 1,
    head: "a".repeat(40),
    files: [
      { filename: "shop/apps.py", status: "modified", patch: "@@ -1 +1 @@\n-a\n+b", additions: 1, deletions: 1 },
      { filename: "shop/new.py", status: "added", patch: "@@ -0,0 +1 @@\n+x", additions: 1 },
      { filename: "shop/old.py", status: "removed", patch: "@@ -1 +0,0 @@\n-x", deletions: 1 },
      { filename: "shop/moved.py", status: "renamed", previous_filename: "shop/was.py" },
      { filename: "data/huge.json", status: "modified", patch: null, additions: 90000 },
    ],
  });
  const files = await listPullFiles(octokit, { owner: "acme", repo: "shop", number: 1 });
  expect(files.map((f) => [f.filename, f.status])).toEqual([
    ["shop/apps.py", "modified"],
    ["shop/new.py", "added"],
    ["shop/old.py", "removed"],
    ["shop/moved.py", "renamed"],
    ["data/huge.json", "modified"],
  ]);
  expect(files[3]!.previousFilename).toBe("shop/was.py");
  expect(files[4]).not.toHaveProperty("patch");
  expect(files[0]!.patch).toContain("+b");
  expect(atFileLimit(files)).toBe(false);
  fake.assertNoViolations();
});

it("pages 100 at a time and stops at GitHub's 3,000-file limit", async () => {
  const files = Array.from({ length: 3200 }, (_, i) => ({ filename: `src/m${i}.py`, status: "added" as const }));
  fake.repo("acme", "shop").pull({ number: 2, head: "a".repeat(40), files });
  const listed = await listPullFiles(octokit, { owner: "acme", repo: "shop", number: 2 });
  expect(listed).toHaveLength(3000);
  expect(atFileLimit(listed)).toBe(true);
  expect(fake.requests).toHaveLength(30);
  expect(fake.requests.every((r) => r.query.per_page === "100")).toBe(true);
  fake.assertNoViolations();
});

it("costs one request for a small pull request", async () => {
  fake.repo("acme", "shop").pull({ number: 3, head: "a".repeat(40), files: [{ filename: "a.py" }] });
  await listPullFiles(octokit, { owner: "acme", repo: "shop", number: 3 });
  expect(fake.counts()).toEqual({ "pulls/list-files": 1 });
});
