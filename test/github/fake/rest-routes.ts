// The REST operations the fake serves, keyed by GitHub's operationId. Each answers from the
// seeded state the way api.github.com does, in the fields the app reads.
import { diffLines } from "../../../src/github/diff-lines.js";
import { PULL_FILES_MAX, REVIEW_LINE_NOT_IN_DIFF, TREE_RECURSIVE_MAX_ENTRIES } from "../../../src/github/limits.js";
import { actor, newId, type FakePull, type FakeRepo, type FakeReviewComment } from "./state.js";
import { treesOf, walk } from "./trees.js";

export interface RestRequest {
  operationId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
  headers: Record<string, string | string[] | undefined>;
  url: URL;
}

export interface RestReply {
  status: number;
  body?: unknown;
  /** Sent as is, for the raw media type. */
  raw?: string;
  headers?: Record<string, string>;
}

export interface World {
  url: string;
  botLogin: string;
  /** The installation's permissions, returned with each access token. */
  permissions: Record<string, string>;
  repo(owner: string, name: string): FakeRepo | undefined;
}

type Handler = (req: RestRequest, repo: FakeRepo, world: World) => RestReply;

const notFound: RestReply = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };
const ok = (body: unknown, status = 200): RestReply => ({ status, body });

export function serveRest(req: RestRequest, world: World): RestReply | undefined {
  if (req.operationId === "apps/create-installation-access-token") {
    return ok(
      { token: `ghs_fake${newId()}`, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: world.permissions, repository_selection: "all" },
      201,
    );
  }
  const handler = HANDLERS[req.operationId];
  if (!handler) return undefined;
  const repo = world.repo(req.params.owner ?? "", req.params.repo ?? "");
  return repo ? handler(req, repo, world) : notFound;
}

/** One page of a list, with the Link header GitHub sends. */
function page<T>(req: RestRequest, items: T[]): RestReply {
  const perPage = Math.min(Number(req.query.get("per_page") ?? 30), 100);
  const pageNo = Math.max(Number(req.query.get("page") ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (n: number, rel: string) => {
    const u = new URL(req.url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(n));
    return `<${u}>; rel="${rel}"`;
  };
  const links = [];
  if (pageNo < last) links.push(link(pageNo + 1, "next"), link(last, "last"));
  if (pageNo > 1) links.push(link(1, "first"), link(pageNo - 1, "prev"));
  return {
    status: 200,
    body: items.slice((pageNo - 1) * perPage, pageNo * perPage),
    headers: links.length ? { link: links.join(", ") } : {},
  };
}

function pullOf(req: RestRequest, repo: FakeRepo): FakePull | undefined {
  return repo.pulls.get(Number(req.params.pull_number));
}

const HANDLERS: Record<string, Handler> = {
  "pulls/get": (req, repo, world) => {
    const pull = pullOf(req, repo);
    return pull ? ok(pullJson(pull, repo, world)) : notFound;
  },
  "pulls/list": (req, repo, world) =>
    page(
      req,
      [...repo.pulls.values()]
        .filter((p) => !req.query.get("head") || req.query.get("head") === `${p.forkOwner ?? repo.owner}:${p.headRef}`)
        .map((p) => pullJson(p, repo, world)),
    ),
  "repos/list-pull-requests-associated-with-commit": (req, repo, world) =>
    page(
      req,
      [...repo.pulls.values()].filter((p) => p.head === req.params.commit_sha).map((p) => pullJson(p, repo, world)),
    ),
  "pulls/list-files": (req, repo) => {
    const pull = pullOf(req, repo);
    if (!pull) return notFound;
    return page(
      req,
      pull.files.slice(0, PULL_FILES_MAX).map((f) => ({
        sha: "f".repeat(40),
        filename: f.filename,
        status: f.status ?? "modified",
        additions: f.additions ?? 0,
        deletions: f.deletions ?? 0,
        changes: (f.additions ?? 0) + (f.deletions ?? 0),
        blob_url: `https://github.com/${repo.fullName}/blob/${pull.head}/${f.filename}`,
        raw_url: `https://github.com/${repo.fullName}/raw/${pull.head}/${f.filename}`,
        contents_url: `https://api.github.com/repos/${repo.fullName}/contents/${f.filename}?ref=${pull.head}`,
        ...(f.patch ? { patch: f.patch } : {}),
        ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
      })),
    );
  },
  "git/get-tree": (req, repo) => {
    const sha = req.params.tree_sha!;
    for (const [commit, files] of repo.commits) {
      const trees = treesOf(commit, files);
      const dir = commit === sha ? "" : trees.dirOfSha.get(sha);
      if (dir === undefined) continue;
      const recursive = req.query.has("recursive");
      let entries = recursive ? walk(trees, dir) : (trees.dirs.get(dir) ?? []);
      const limit = recursive ? Math.min(repo.treeLimits.get(commit) ?? Infinity, TREE_RECURSIVE_MAX_ENTRIES) : Infinity;
      const truncated = entries.length > limit;
      if (truncated) entries = entries.slice(0, limit);
      const prefix = dir ? `${dir}/` : "";
      return ok({
        sha: trees.shaOf.get(dir),
        url: `https://api.github.com/repos/${repo.fullName}/git/trees/${sha}`,
        truncated,
        tree: entries.map((e) => ({
          path: e.path.slice(prefix.length),
          mode: e.type === "tree" ? "040000" : e.link ? "120000" : "100644",
          type: e.type,
          sha: e.sha,
          ...(e.size !== undefined ? { size: e.size } : {}),
        })),
      });
    }
    return { status: 404, body: { message: "Not Found" } };
  },
  "repos/get-content": (req, repo) => {
    const ref = req.query.get("ref");
    const path = req.params.path!;
    const text = ref ? repo.filesAt(ref)?.get(path)?.text : repo.branchFiles.get(path);
    if (text === undefined || text === null) return notFound;
    const accept = String(req.headers.accept ?? "");
    if (accept.includes("raw")) return { status: 200, raw: text, headers: { "content-type": "application/vnd.github.raw; charset=utf-8" } };
    return ok({
      type: "file",
      encoding: "base64",
      path,
      name: path.split("/").pop(),
      size: Buffer.byteLength(text),
      content: Buffer.from(text).toString("base64"),
      sha: "c".repeat(40),
    });
  },
  "checks/create": (req, repo) => {
    const run = {
      id: newId(),
      name: req.body.name,
      headSha: req.body.head_sha,
      status: req.body.status ?? "queued",
      conclusion: req.body.conclusion ?? null,
      annotations: [] as unknown[],
      actions: [] as unknown[],
      history: [] as unknown[],
    };
    repo.checkRuns.push(run);
    return ok(updateRun(run, req.body, repo), 201);
  },
  "checks/update": (req, repo) => {
    const run = repo.checkRuns.find((r) => r.id === Number(req.params.check_run_id));
    return run ? ok(updateRun(run, req.body, repo)) : notFound;
  },
  "checks/get": (req, repo) => {
    const run = repo.checkRuns.find((r) => r.id === Number(req.params.check_run_id));
    return run ? ok(runJson(run, repo)) : notFound;
  },
  "checks/list-for-ref": (req, repo) => {
    const name = req.query.get("check_name");
    const runs = repo.checkRuns.filter((r) => r.headSha === req.params.ref && (!name || r.name === name)).reverse();
    return ok({ total_count: runs.length, check_runs: runs.map((r) => runJson(r, repo)) });
  },
  "pulls/create-review": (req, repo, world) => createReview(req, repo, world),
  "pulls/delete-pending-review": (req, repo) => {
    const at = repo.reviews.findIndex((r) => r.id === Number(req.params.review_id) && r.event === "PENDING");
    if (at < 0) return notFound;
    const [review] = repo.reviews.splice(at, 1);
    const gone = new Set(review!.commentIds);
    for (let i = repo.threads.length - 1; i >= 0; i--) if (repo.threads[i]!.commentIds.some((id) => gone.has(id))) repo.threads.splice(i, 1);
    for (let i = repo.reviewComments.length - 1; i >= 0; i--) if (gone.has(repo.reviewComments[i]!.id)) repo.reviewComments.splice(i, 1);
    return ok({ id: review!.id, node_id: review!.nodeId, body: review!.body, state: "PENDING", commit_id: review!.commitId });
  },
  "pulls/list-reviews": (req, repo) =>
    page(
      req,
      repo.reviews
        .filter((r) => r.pull === Number(req.params.pull_number))
        .map((r) => ({
          id: r.id,
          node_id: r.nodeId,
          user: userJson(r.user),
          body: r.body,
          state: r.event === "COMMENT" ? "COMMENTED" : r.event,
          commit_id: r.commitId,
        })),
    ),
  "pulls/list-review-comments": (req, repo) =>
    page(
      req,
      repo.reviewComments.filter((c) => c.pull === Number(req.params.pull_number)).map((c) => commentJson(c, repo)),
    ),
  "pulls/get-review-comment": (req, repo) => {
    const c = repo.reviewComments.find((x) => x.id === Number(req.params.comment_id));
    return c ? ok(commentJson(c, repo)) : notFound;
  },
  "pulls/update-review-comment": (req, repo) => {
    const c = repo.reviewComments.find((x) => x.id === Number(req.params.comment_id));
    if (!c) return notFound;
    c.body = req.body.body;
    return ok(commentJson(c, repo));
  },
  "pulls/delete-review-comment": (req, repo) => {
    const i = repo.reviewComments.findIndex((x) => x.id === Number(req.params.comment_id));
    if (i < 0) return notFound;
    repo.reviewComments.splice(i, 1);
    return { status: 204 };
  },
  "pulls/create-reply-for-review-comment": (req, repo, world) => {
    const parent = repo.reviewComments.find((x) => x.id === Number(req.params.comment_id));
    if (!parent) return notFound;
    const reply = repo.addReviewComment({ ...parent, reviewId: null, inReplyTo: parent.id, body: req.body.body, user: actor(world.botLogin) });
    repo.threads.find((t) => t.id === parent.threadId)?.commentIds.push(reply.id);
    return ok(commentJson(reply, repo), 201);
  },
  "issues/create-comment": (req, repo, world) => {
    const comment = { id: newId(), issue: Number(req.params.issue_number), body: req.body.body, user: actor(world.botLogin) };
    repo.issueComments.push(comment);
    return ok({ id: comment.id, node_id: `IC_${comment.id}`, body: comment.body, user: userJson(comment.user) }, 201);
  },
  "issues/list-comments": (req, repo) =>
    page(
      req,
      repo.issueComments
        .filter((c) => c.issue === Number(req.params.issue_number))
        .map((c) => ({ id: c.id, node_id: `IC_${c.id}`, body: c.body, user: userJson(c.user) })),
    ),
  "issues/update-comment": (req, repo) => {
    const c = repo.issueComments.find((x) => x.id === Number(req.params.comment_id));
    if (!c) return notFound;
    c.body = req.body.body;
    return ok({ id: c.id, node_id: `IC_${c.id}`, body: c.body, user: userJson(c.user) });
  },
  "reactions/create-for-issue-comment": (req, repo, world) => {
    const reaction = { id: newId(), commentId: Number(req.params.comment_id), content: req.body.content, user: actor(world.botLogin) };
    repo.reactions.push(reaction);
    return ok({ id: reaction.id, content: reaction.content, user: userJson(reaction.user) }, 201);
  },
  "repos/get-collaborator-permission-level": (req, repo) => {
    const permission = repo.permissions.get(req.params.username!) ?? "read";
    return ok({ permission, role_name: permission, user: userJson(actor(req.params.username!)) });
  },
};

function createReview(req: RestRequest, repo: FakeRepo, world: World): RestReply {
  const pull = pullOf(req, repo);
  if (!pull) return notFound;
  const comments: any[] = req.body.comments ?? [];
  for (const c of comments) {
    const file = pull.files.find((f) => f.filename === c.path);
    const lines = diffLines(file?.patch).commentable;
    const outside = [c.line, c.start_line].some((l) => l !== undefined && (!lines.has(l) || repo.rejectedLines.has(`${c.path}:${l}`)));
    if (!file || c.line === undefined || outside) {
      return {
        status: 422,
        body: {
          message: "Unprocessable Entity",
          errors: [REVIEW_LINE_NOT_IN_DIFF],
          documentation_url: "https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request",
          status: "422",
        },
      };
    }
  }
  const id = newId();
  const user = actor(world.botLogin);
  const review = {
    id,
    nodeId: `PRR_${id}`,
    pull: pull.number,
    body: req.body.body ?? "",
    event: req.body.event ?? "PENDING",
    commitId: req.body.commit_id ?? pull.head,
    user,
    commentIds: [] as number[],
  };
  for (const c of comments) {
    const threadId = `PRRT_${newId()}`;
    const comment = repo.addReviewComment({
      pull: pull.number,
      reviewId: id,
      threadId,
      path: c.path,
      line: c.line,
      startLine: c.start_line ?? null,
      side: c.side ?? "RIGHT",
      body: c.body,
      commitId: review.commitId,
      user,
    });
    repo.threads.push({ id: threadId, pull: pull.number, path: c.path, line: c.line, isResolved: false, isOutdated: false, commentIds: [comment.id] });
    review.commentIds.push(comment.id);
  }
  repo.reviews.push(review);
  return ok({
    id,
    node_id: review.nodeId,
    user: userJson(user),
    body: review.body,
    state: review.event === "COMMENT" ? "COMMENTED" : review.event,
    commit_id: review.commitId,
  });
}

function updateRun(run: FakeRepo["checkRuns"][number], body: any, repo: FakeRepo) {
  run.history.push(body);
  for (const key of ["name", "status", "conclusion"] as const) if (body[key] !== undefined) run[key] = body[key];
  if (body.conclusion) run.status = "completed";
  if (body.external_id !== undefined) run.externalId = body.external_id;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.output) {
    const { annotations, images: _images, ...rest } = body.output;
    run.output = { ...run.output, ...rest };
    if (annotations) run.annotations.push(...annotations);
  }
  if (body.actions) run.actions = body.actions;
  return runJson(run, repo);
}

function runJson(run: FakeRepo["checkRuns"][number], repo: FakeRepo) {
  return {
    id: run.id,
    name: run.name,
    head_sha: run.headSha,
    status: run.status,
    conclusion: run.conclusion,
    external_id: run.externalId ?? null,
    details_url: run.detailsUrl ?? null,
    output: {
      title: run.output?.title ?? null,
      summary: run.output?.summary ?? null,
      text: run.output?.text ?? null,
      annotations_count: run.annotations.length,
    },
    html_url: `https://github.com/${repo.fullName}/runs/${run.id}`,
    app: { slug: "forksafe" },
  };
}

function commentJson(c: FakeReviewComment, repo: FakeRepo) {
  return {
    id: c.id,
    node_id: c.nodeId,
    pull_request_review_id: c.reviewId,
    path: c.path,
    line: c.line,
    start_line: c.startLine,
    side: c.side,
    body: c.body,
    commit_id: c.commitId,
    user: userJson(c.user),
    ...(c.inReplyTo ? { in_reply_to_id: c.inReplyTo } : {}),
    html_url: `https://github.com/${repo.fullName}/pull/${c.pull}#discussion_r${c.id}`,
  };
}

function userJson(user: { login: string; type: string }) {
  return { login: user.login, type: user.type, id: 1 };
}

function pullJson(pull: FakePull, repo: FakeRepo, world: World) {
  const headOwner = pull.forkOwner ?? repo.owner;
  const repoJson = (owner: string) => ({
    name: repo.name,
    full_name: `${owner}/${repo.name}`,
    owner: { login: owner },
    fork: owner !== repo.owner,
    default_branch: repo.defaultBranch,
  });
  return {
    number: pull.number,
    state: "open",
    title: pull.title,
    draft: pull.draft,
    user: userJson(actor(pull.author)),
    head: { sha: pull.head, ref: pull.headRef, label: `${headOwner}:${pull.headRef}`, repo: repoJson(headOwner) },
    base: { sha: pull.base, ref: pull.baseRef, label: `${repo.owner}:${pull.baseRef}`, repo: repoJson(repo.owner) },
    changed_files: pull.files.length,
    html_url: `https://github.com/${repo.fullName}/pull/${pull.number}`,
    url: `${world.url}/repos/${repo.fullName}/pulls/${pull.number}`,
  };
}
