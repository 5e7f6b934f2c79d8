import { Octokit } from "@octokit/rest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REVIEW_LINE_NOT_IN_DIFF } from "../../src/github/limits.js";
import { startFakeGitHub, type FakeGitHub } from "./fake-github.js";

let fake: FakeGitHub;
let octokit: Octokit;
const HEAD = "a".repeat(40);

beforeEach(async () => {
  fake = await startFakeGitHub();
  octokit = new Octokit({ baseUrl: fake.url, auth: "token", log: { debug() {}, info() {}, warn() {}, error() {} } });
  const repo = fake.repo("acme", "shop");
  repo.commit(HEAD, { "shop/apps.py": "class ShopConfig: pass\n", "shop/models.py": "x = 1\n", "README.md": "hi\n" });
  repo.pull({ number: 7, head: HEAD, files: [{ filename: "shop/apps.py", status: "modified", patch: "@@ -1,1 +1,2 @@\n a\n+b" }] });
});
afterEach(async () => {
  await fake.close();
});

describe("the fake's request validation", () => {
  it("accepts a request GitHub accepts and records it", async () => {
    await octokit.rest.pulls.createReview({
      owner: "acme",
      repo: "shop",
      pull_number: 7,
      event: "COMMENT",
      body: "b",
      comments: [{ path: "shop/apps.py", line: 2, side: "RIGHT", body: "c" }],
    });
    fake.assertNoViolations();
    expect(fake.counts()).toEqual({ "pulls/create-review": 1 });
    expect(fake.repo("acme", "shop").reviewComments.map((c) => [c.path, c.line])).toEqual([["shop/apps.py", 2]]);
  });

  it("catches a body that does not match the operation's schema", async () => {
    const bad = octokit.request("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
      owner: "acme",
      repo: "shop",
      pull_number: 7,
      event: "COMMENTED",
      comments: [{ path: "shop/apps.py", line: "2", body: "c" }],
    } as never);
    await expect(bad).rejects.toMatchObject({ status: 422 });
    expect(fake.violations.join("\n")).toMatch(/\/event must be equal to one of the allowed values/);
    expect(fake.violations.join("\n")).toMatch(/\/comments\/0\/line must be integer/);
    expect(() => fake.assertNoViolations()).toThrow(/Requests GitHub would reject/);
  });

  it("catches a method and path that name no operation", async () => {
    await expect(octokit.request("DELETE /repos/{owner}/{repo}/pulls/{pull_number}", { owner: "acme", repo: "shop", pull_number: 7 })).rejects.toMatchObject({
      status: 404,
    });
    expect(fake.violations).toEqual(["DELETE /repos/acme/shop/pulls/7: no such operation in GitHub's REST API"]);
  });

  it("catches a GraphQL query that GitHub's schema rejects, and one with no query string", async () => {
    await expect(octokit.graphql(`{ repository(owner: "acme", name: "shop") { nope } }`)).rejects.toThrow(/nope/);
    await octokit.request("POST /graphql", { variables: {} } as never).catch(() => undefined);
    expect(fake.violations).toHaveLength(2);
    expect(fake.violations[0]).toMatch(/Cannot query field "nope" on type "Repository"/);
    expect(fake.violations[1]).toMatch(/no `query` string/);
  });
});

describe("the fake's createCommitOnBranch", () => {
  const mutation = `mutation($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid url } } }`;
  const input = (extra: Record<string, unknown> = {}) => ({
    branch: { repositoryNameWithOwner: "acme/shop", branchName: "topic-7" },
    message: { headline: "Fix" },
    expectedHeadOid: HEAD,
    fileChanges: { additions: [{ path: "shop/apps.py", contents: Buffer.from("fixed\n").toString("base64") }] },
    ...extra,
  });

  it("commits on the branch when the head is as expected, and moves the pull request's head", async () => {
    const data = await octokit.graphql<{ createCommitOnBranch: { commit: { oid: string } } }>(mutation, { input: input() });
    fake.assertNoViolations();
    const repo = fake.repo("acme", "shop");
    expect(repo.branches.get("topic-7")).toBe(data.createCommitOnBranch.commit.oid);
    expect(repo.pulls.get(7)!.head).toBe(data.createCommitOnBranch.commit.oid);
    expect(repo.filesAt(data.createCommitOnBranch.commit.oid)?.get("shop/apps.py")?.text).toBe("fixed\n");
    expect(repo.filesAt(data.createCommitOnBranch.commit.oid)?.get("README.md")?.text).toBe("hi\n");
  });

  it("answers STALE_DATA when the branch moved, FORBIDDEN without contents: write", async () => {
    const stale = await octokit.graphql(mutation, { input: input({ expectedHeadOid: "b".repeat(40) }) }).catch((e: { errors: unknown }) => e.errors);
    expect(stale).toEqual([
      { type: "STALE_DATA", path: ["createCommitOnBranch"], message: `Expected branch to point to "${"b".repeat(40)}" but it did not. Pull and try again.` },
    ]);
    fake.installationPermissions = { contents: "read" };
    const forbidden = await octokit.graphql(mutation, { input: input() }).catch((e: { errors: { type: string }[] }) => e.errors.map((x) => x.type));
    expect(forbidden).toEqual(["FORBIDDEN"]);
    fake.assertNoViolations();
  });

  it("catches an input GitHub's schema rejects, and contents that are not base64", async () => {
    await octokit.graphql(mutation, { input: { ...input(), expectedHeadOid: undefined } }).catch(() => undefined);
    expect(fake.violations).toEqual([expect.stringContaining('Field "expectedHeadOid" of required type "GitObjectID!" was not provided')]);
    fake.violations.length = 0;
    await octokit.graphql(mutation, { input: input({ fileChanges: { additions: [{ path: "a.py", contents: "not base64!" }] } }) });
    expect(fake.violations).toEqual(["POST /graphql: GraphQL: createCommitOnBranch: contents of a.py is not base64"]);
  });
});

describe("the fake's answers", () => {
  it("pages a pull request's files with Link headers, up to 3,000", async () => {
    const files = Array.from({ length: 3100 }, (_, i) => ({ filename: `f${i}.py`, status: "added" as const }));
    fake.repo("acme", "shop").pull({ number: 8, head: HEAD, files });
    const listed = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: "acme", repo: "shop", pull_number: 8, per_page: 100 });
    expect(listed).toHaveLength(3000);
    expect(fake.requests).toHaveLength(30);
    fake.assertNoViolations();
  });

  it("rejects a whole review when one comment is outside the diff, or on a line set to be refused", async () => {
    const post = (line: number) =>
      octokit.rest.pulls.createReview({
        owner: "acme",
        repo: "shop",
        pull_number: 7,
        event: "COMMENT",
        body: "b",
        comments: [{ path: "shop/apps.py", line, side: "RIGHT", body: "c" }],
      });
    await expect(post(5)).rejects.toMatchObject({ status: 422, message: expect.stringContaining(REVIEW_LINE_NOT_IN_DIFF) });
    fake.repo("acme", "shop").rejectReviewLine("shop/apps.py", 2);
    await expect(post(2)).rejects.toMatchObject({ status: 422 });
    await expect(post(1)).resolves.toMatchObject({ status: 200 });
    expect(fake.repo("acme", "shop").reviews).toHaveLength(1);
  });

  it("truncates a recursive tree where seeded, and lists subtrees on their own", async () => {
    fake.repo("acme", "big").commit(HEAD, { "a/x.py": "", "b/y.py": "", "c/z.py": "" }, { treeLimit: 2 });
    const { data } = await octokit.rest.git.getTree({ owner: "acme", repo: "big", tree_sha: HEAD, recursive: "1" });
    expect(data.truncated).toBe(true);
    expect(data.tree.map((e) => e.path)).toEqual(["a", "a/x.py"]);
    const root = await octokit.rest.git.getTree({ owner: "acme", repo: "big", tree_sha: HEAD });
    const c = root.data.tree.find((e) => e.path === "c")!;
    const sub = await octokit.rest.git.getTree({ owner: "acme", repo: "big", tree_sha: c.sha! });
    expect(sub.data.tree.map((e) => e.path)).toEqual(["z.py"]);
  });

  it("serves config files raw, and 404 where absent", async () => {
    fake.repo("acme", ".github").file(".github/forksafe.yml", "fail_on: error\n");
    const org = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner: "acme",
      repo: ".github",
      path: ".github/forksafe.yml",
      mediaType: { format: "raw" },
    });
    expect(org.data).toBe("fail_on: error\n");
    await expect(octokit.rest.repos.getContent({ owner: "acme", repo: "shop", path: ".github/forksafe.yml" })).rejects.toMatchObject({ status: 404 });
  });

  it("answers file batches and review threads over GraphQL", async () => {
    const repo = fake.repo("acme", "shop");
    repo.thread(7, { path: "shop/apps.py", line: 2, body: "old finding" });
    const data = await octokit.graphql<any>(
      `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) {
        f0: object(expression: "${HEAD}:shop/apps.py") { ... on Blob { text isBinary byteSize } }
        f1: object(expression: "${HEAD}:missing.py") { ... on Blob { text } }
        pullRequest(number: 7) { reviewThreads(first: 100) { nodes { id isResolved comments(first: 20) { nodes { body viewerDidAuthor } } } } } } }`,
      { owner: "acme", name: "shop" },
    );
    expect(data.repository.f0).toEqual({ text: "class ShopConfig: pass\n", isBinary: false, byteSize: 23 });
    expect(data.repository.f1).toBeNull();
    const thread = data.repository.pullRequest.reviewThreads.nodes[0];
    expect(thread.comments.nodes[0]).toEqual({ body: "old finding", viewerDidAuthor: true });
    await octokit.graphql(`mutation($id: ID!) { resolveReviewThread(input: { threadId: $id }) { thread { isResolved } } }`, { id: thread.id });
    expect(repo.threads[0]!.isResolved).toBe(true);
    fake.assertNoViolations();
  });

  it("injects a server error once, a secondary rate limit with retry-after, and a timeout", async () => {
    fake.fail({ operation: "pulls/get", status: 502 });
    await expect(octokit.rest.pulls.get({ owner: "acme", repo: "shop", pull_number: 7 })).rejects.toMatchObject({ status: 502 });
    await expect(octokit.rest.pulls.get({ owner: "acme", repo: "shop", pull_number: 7 })).resolves.toMatchObject({ data: { head: { sha: HEAD } } });

    fake.fail({ operation: "issues/create-comment", secondaryRateLimit: { retryAfter: 7 } });
    const limited = await octokit.rest.issues.createComment({ owner: "acme", repo: "shop", issue_number: 7, body: "x" }).catch((e) => e);
    expect(limited.status).toBe(403);
    expect(limited.response.headers["retry-after"]).toBe("7");

    fake.fail({ operation: "graphql", timeoutMs: 50 });
    await expect(octokit.graphql(`{ viewer { login } }`)).rejects.toThrow();
  });
});
