// The fake's GraphQL endpoint: queries are parsed and validated against GitHub's published
// schema (@octokit/graphql-schema) and executed with graphql-js over the seeded state.
import { schema as github } from "@octokit/graphql-schema";
import { buildSchema, execute, parse, validate, type DocumentNode, type GraphQLSchema, Kind } from "graphql";
import { actor, type FakeRepo, type FakeReviewComment, type FakeThread } from "./state.js";
import { treesOf, type CommitTrees } from "./trees.js";

let schema: GraphQLSchema | undefined;
function githubSchema(): GraphQLSchema {
  // The published SDL repeats two enterprise fields; the rest is what api.github.com serves.
  schema ??= buildSchema(github.idl, { assumeValidSDL: true });
  return schema;
}

export interface GraphqlOutcome {
  status: number;
  body: unknown;
  /** Why the request is not one GitHub would accept, if it is not. */
  violation?: string;
  /** The top-level fields asked for, e.g. ["repository"] or ["resolveReviewThread"]. */
  fields: string[];
}

/** An error GitHub answers with a `type` (FORBIDDEN, STALE_DATA, NOT_FOUND, UNPROCESSABLE...). */
class TypedError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** What the installation's token may do, as the token's `permissions`. */
export type Permissions = Record<string, string>;

export function serveGraphql(body: unknown, repos: Iterable<FakeRepo>, viewer: string, permissions: Permissions = {}): GraphqlOutcome {
  const request = body as { query?: unknown; variables?: unknown };
  if (typeof request?.query !== "string") {
    return { status: 400, body: { message: "Problems parsing JSON" }, violation: "GraphQL body has no `query` string", fields: [] };
  }
  if (request.variables !== undefined && (typeof request.variables !== "object" || request.variables === null)) {
    return { status: 400, body: { message: "Variables are invalid JSON." }, violation: "GraphQL `variables` is not an object", fields: [] };
  }
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return { status: 200, body: { errors: [{ message: String(error) }] }, violation: `GraphQL syntax: ${error}`, fields: [] };
  }
  const fields = topFields(document);
  const errors = validate(githubSchema(), document);
  if (errors.length > 0) {
    const message = errors.map((e) => e.message).join("; ");
    return { status: 200, body: { errors: errors.map((e) => ({ message: e.message })) }, violation: `GraphQL: ${message}`, fields };
  }
  const problems: string[] = [];
  const result = execute({
    schema: githubSchema(),
    document,
    rootValue: root([...repos], viewer, permissions, (problem) => problems.push(problem)),
    variableValues: request.variables as Record<string, unknown> | undefined,
  }) as { data?: unknown; errors?: readonly { message: string; path?: readonly (string | number)[]; originalError?: unknown }[] };
  // An error without a path is the request's own (variables that do not match their types).
  for (const e of result.errors ?? []) if (!e.path) problems.push(e.message);
  const answered = result.errors?.map((e) => ({
    message: e.message,
    type: e.originalError instanceof TypedError ? e.originalError.type : "NOT_FOUND",
    ...(e.path ? { path: e.path } : {}),
  }));
  const out = { data: result.data ?? null, ...(answered ? { errors: answered } : {}) };
  return { status: 200, body: out, fields, ...(problems.length > 0 ? { violation: `GraphQL: ${problems.join("; ")}` } : {}) };
}

function topFields(document: DocumentNode): string[] {
  const out: string[] = [];
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const sel of def.selectionSet.selections) if (sel.kind === Kind.FIELD) out.push(sel.name.value);
  }
  return out;
}

function root(repos: FakeRepo[], viewer: string, permissions: Permissions, violation: (problem: string) => void) {
  const commentJson = (c: FakeReviewComment) => commentNode(c, viewer);
  const threadJson = (repo: FakeRepo, t: FakeThread) => threadNode(repo, t, commentJson);
  const findThread = (id: string) => {
    for (const repo of repos) {
      const thread = repo.threads.find((t) => t.id === id);
      if (thread) return { repo, thread };
    }
    return undefined;
  };
  const findComment = (id: string) => {
    for (const repo of repos) {
      const comment = repo.reviewComments.find((c) => c.nodeId === id);
      if (comment) return { repo, comment };
    }
    return undefined;
  };
  const setResolved = (threadId: string, resolved: boolean) => {
    const found = findThread(threadId);
    if (!found) throw new Error(`Could not resolve to a node with the global id of '${threadId}'`);
    found.thread.isResolved = resolved;
    return { thread: threadJson(found.repo, found.thread) };
  };
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = repos.find((r) => r.owner === owner && r.name === name);
      return repo ? repositoryJson(repo, threadJson) : null;
    },
    node: ({ id }: { id: string }) => {
      const thread = findThread(id);
      if (thread) return threadJson(thread.repo, thread.thread);
      const comment = findComment(id);
      return comment ? commentJson(comment.comment) : null;
    },
    resolveReviewThread: ({ input }: { input: { threadId: string } }) => setResolved(input.threadId, true),
    unresolveReviewThread: ({ input }: { input: { threadId: string } }) => setResolved(input.threadId, false),
    addPullRequestReviewThreadReply: ({ input }: { input: { pullRequestReviewThreadId: string; body: string } }) => {
      const found = findThread(input.pullRequestReviewThreadId);
      if (!found) throw new Error(`Could not resolve to a node with the global id of '${input.pullRequestReviewThreadId}'`);
      const first = found.repo.reviewComments.find((c) => c.id === found.thread.commentIds[0])!;
      const reply = found.repo.addReviewComment({ ...first, reviewId: null, inReplyTo: first.id, body: input.body, user: actor(viewer) });
      found.thread.commentIds.push(reply.id);
      return { comment: commentJson(reply) };
    },
    createCommitOnBranch: ({ input }: { input: CommitInput }) => {
      const commit = createCommit(repos, permissions, input, violation);
      return { clientMutationId: null, commit: { oid: commit.oid, url: `https://github.com/${input.branch.repositoryNameWithOwner}/commit/${commit.oid}` } };
    },
    minimizeComment: ({ input }: { input: { subjectId: string; classifier: string } }) => {
      const found = findComment(input.subjectId);
      if (!found) throw new Error(`Could not resolve to a node with the global id of '${input.subjectId}'`);
      found.comment.minimized = input.classifier;
      return { minimizedComment: { __typename: "PullRequestReviewComment", isMinimized: true, minimizedReason: input.classifier.toLowerCase() } };
    },
  };
}

function repositoryJson(repo: FakeRepo, threadJson: (repo: FakeRepo, t: FakeThread) => unknown) {
  return {
    id: `R_${repo.id}`,
    name: repo.name,
    nameWithOwner: repo.fullName,
    object: ({ expression }: { expression: string }) => {
      const colon = expression.indexOf(":");
      if (colon < 0) return null;
      const commit = expression.slice(0, colon);
      const files = repo.filesAt(commit);
      if (!files) return null;
      return gitObject(commit, treesOf(commit, files), files, expression.slice(colon + 1).replace(/\/$/, ""));
    },
    pullRequest: ({ number }: { number: number }) => {
      const pull = repo.pulls.get(number);
      if (!pull) return null;
      return {
        id: `PR_${number}`,
        number,
        reviewThreads: (args: ConnArgs) =>
          connection(
            repo.threads.filter((t) => t.pull === number).map((t) => threadJson(repo, t)),
            args,
          ),
      };
    },
  };
}

function gitObject(
  commit: string,
  trees: CommitTrees,
  files: Map<string, { text: string | null; size: number; binary: boolean; truncated: boolean; sha: string }>,
  path: string,
): unknown {
  const file = files.get(path);
  if (file) {
    return {
      __typename: "Blob",
      oid: file.sha,
      abbreviatedOid: file.sha.slice(0, 7),
      byteSize: file.size,
      isBinary: file.binary,
      isTruncated: file.truncated,
      text: file.binary ? null : file.text,
    };
  }
  const entries = trees.dirs.get(path);
  if (!entries) return null;
  return {
    __typename: "Tree",
    oid: trees.shaOf.get(path),
    abbreviatedOid: trees.shaOf.get(path)!.slice(0, 7),
    entries: entries.map((e) => ({
      name: e.name,
      path: e.path,
      type: e.type,
      oid: e.sha,
      mode: e.type === "tree" ? 0o40000 : e.link ? 0o120000 : 0o100644,
      size: e.size ?? 0,
      object: () => gitObject(commit, trees, files, e.path),
    })),
  };
}

type ConnArgs = { first?: number; after?: string };

function connection<T>(items: T[], { first = 100, after }: ConnArgs) {
  const start = after ? Number(Buffer.from(after, "base64").toString()) + 1 : 0;
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length - 1;
  return {
    totalCount: items.length,
    nodes,
    pageInfo: {
      hasNextPage: end + 1 < items.length,
      endCursor: nodes.length ? Buffer.from(String(end)).toString("base64") : null,
      hasPreviousPage: start > 0,
      startCursor: null,
    },
  };
}

function threadNode(repo: FakeRepo, thread: FakeThread, commentJson: (c: FakeReviewComment) => unknown) {
  return {
    __typename: "PullRequestReviewThread",
    id: thread.id,
    isResolved: thread.isResolved,
    isOutdated: thread.isOutdated,
    path: thread.path,
    line: thread.line,
    comments: (args: ConnArgs) =>
      connection(
        thread.commentIds
          .map((id) => repo.reviewComments.find((c) => c.id === id))
          .filter((c) => c !== undefined)
          .map(commentJson),
        args,
      ),
  };
}

function commentNode(c: FakeReviewComment, viewer: string) {
  return {
    __typename: "PullRequestReviewComment",
    id: c.nodeId,
    databaseId: c.id,
    body: c.body,
    path: c.path,
    line: c.line,
    originalLine: c.line,
    isMinimized: c.minimized !== undefined,
    minimizedReason: c.minimized?.toLowerCase() ?? null,
    author: { __typename: c.user.type, login: c.user.login },
    viewerDidAuthor: c.user.login === viewer,
  };
}

interface CommitInput {
  branch: { repositoryNameWithOwner?: string; branchName?: string; id?: string };
  message: { headline: string; body?: string };
  expectedHeadOid: string;
  fileChanges?: { additions?: { path: string; contents: string }[]; deletions?: { path: string }[] };
}

/** createCommitOnBranch as GitHub answers it: permission, branch, protection, then the head check. */
function createCommit(repos: FakeRepo[], permissions: Permissions, input: CommitInput, violation: (problem: string) => void) {
  if (permissions.contents !== "write") throw new TypedError("FORBIDDEN", "Resource not accessible by integration");
  const repo = repos.find((r) => r.fullName === input.branch.repositoryNameWithOwner);
  const name = input.branch.branchName ?? "";
  const head = repo?.branches.get(name);
  if (!repo || head === undefined) throw new TypedError("NOT_FOUND", `A ref named "refs/heads/${name}" does not exist.`);
  const files: Record<string, string> = {};
  for (const addition of input.fileChanges?.additions ?? []) {
    const text = Buffer.from(addition.contents, "base64");
    if (text.toString("base64") !== addition.contents) violation(`createCommitOnBranch: contents of ${addition.path} is not base64`);
    files[addition.path] = text.toString("utf8");
  }
  if (input.fileChanges?.deletions?.length) violation("createCommitOnBranch: the fake does not delete files");
  const refusal = repo.protectedBranches.get(name);
  if (refusal !== undefined) throw new TypedError("UNPROCESSABLE", refusal);
  if (input.expectedHeadOid !== head) {
    throw new TypedError("STALE_DATA", `Expected branch to point to "${input.expectedHeadOid}" but it did not. Pull and try again.`);
  }
  return repo.commitOnBranch(name, files, { headline: input.message.headline, body: input.message.body ?? "" });
}
