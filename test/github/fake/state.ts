// What the fake GitHub holds: repositories, commits with files, pull requests with their changed
// files, and everything the app posts (check runs, reviews, threads, comments, reactions).
import { createHash } from "node:crypto";

/** A file at a commit: its text, or a description of a file the API would not return as text. */
export type FileSeed = string | { text?: string; size?: number; binary?: boolean; truncated?: boolean } | { symlink: string };

export interface StoredFile {
  path: string;
  text: string | null;
  size: number;
  binary: boolean;
  truncated: boolean;
  sha: string;
  /** A symbolic link: `text` is its target, as git stores it. */
  link?: boolean;
}

export interface PullFileSeed {
  filename: string;
  status?: "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";
  /** The unified-diff hunks; `null` or absent models GitHub leaving out a large file's patch. */
  patch?: string | null;
  previous_filename?: string;
  additions?: number;
  deletions?: number;
}

export interface PullSeed {
  number: number;
  head: string;
  base?: string;
  headRef?: string;
  baseRef?: string;
  author?: string;
  title?: string;
  draft?: boolean;
  /** The owner of the fork the head comes from, for pull requests from forks. */
  forkOwner?: string;
  files?: PullFileSeed[];
}

export interface FakePull extends Required<Omit<PullSeed, "forkOwner" | "files">> {
  forkOwner?: string;
  files: PullFileSeed[];
}

export interface Actor {
  login: string;
  type: "User" | "Bot";
}

export interface FakeReviewComment {
  id: number;
  nodeId: string;
  pull: number;
  reviewId: number | null;
  threadId: string;
  inReplyTo?: number;
  path: string;
  line: number | null;
  startLine: number | null;
  side: string;
  body: string;
  commitId: string;
  user: Actor;
  minimized?: string;
}

export interface FakeThread {
  id: string;
  pull: number;
  path: string;
  line: number | null;
  isResolved: boolean;
  isOutdated: boolean;
  commentIds: number[];
}

export interface FakeReview {
  id: number;
  nodeId: string;
  pull: number;
  body: string;
  event: string;
  commitId: string;
  user: Actor;
  commentIds: number[];
}

export interface FakeCheckRun {
  id: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  externalId?: string;
  detailsUrl?: string;
  output?: { title?: string; summary?: string; text?: string };
  annotations: unknown[];
  actions: unknown[];
  /** Every body posted to create or update it, in order. */
  history: unknown[];
}

export interface FakeIssueComment {
  id: number;
  issue: number;
  body: string;
  user: Actor;
}

export interface FakeReaction {
  id: number;
  commentId: number;
  content: string;
  user: Actor;
}

export interface CreatedCommit {
  oid: string;
  parent: string;
  branch: string;
  headline: string;
  body: string;
  /** The files the commit added or changed, decoded. */
  files: Record<string, string>;
}

export interface ThreadSeed {
  path: string;
  line: number;
  body: string;
  author?: string;
  resolved?: boolean;
  outdated?: boolean;
  replies?: { body: string; author?: string }[];
}

let nextId = 1000;
export function newId(): number {
  return nextId++;
}

export function gitSha(kind: string, content: string): string {
  return createHash("sha1")
    .update(`${kind} ${Buffer.byteLength(content)}\0${content}`)
    .digest("hex");
}

export function actor(login: string): Actor {
  return { login, type: login.endsWith("[bot]") ? "Bot" : "User" };
}

export class FakeRepo {
  readonly id = newId();
  defaultBranch = "main";
  readonly commits = new Map<string, Map<string, StoredFile>>();
  /** Per commit: how many entries a recursive tree listing returns before `truncated: true`. */
  readonly treeLimits = new Map<string, number>();
  /** Files on the default branch, as the contents API serves them without `ref` (config files). */
  readonly branchFiles = new Map<string, string>();
  readonly pulls = new Map<number, FakePull>();
  readonly permissions = new Map<string, string>();
  readonly checkRuns: FakeCheckRun[] = [];
  readonly reviews: FakeReview[] = [];
  readonly reviewComments: FakeReviewComment[] = [];
  readonly threads: FakeThread[] = [];
  readonly issueComments: FakeIssueComment[] = [];
  readonly reactions: FakeReaction[] = [];
  /** `path:line` pairs on which a review comment is refused with 422, though inside the diff. */
  readonly rejectedLines = new Set<string>();
  /** Branch name → the commit it points at (a pull request's head branch is seeded with it). */
  readonly branches = new Map<string, string>();
  /** Branch name → the message GitHub refuses a push to it with (branch protection, rulesets). */
  readonly protectedBranches = new Map<string, string>();
  /** Commits made through createCommitOnBranch, in order. */
  readonly createdCommits: CreatedCommit[] = [];

  constructor(
    readonly owner: string,
    readonly name: string,
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  /** Seeds a commit. `treeLimit` makes the recursive tree listing stop there, truncated. */
  commit(sha: string, files: Record<string, FileSeed>, options: { treeLimit?: number } = {}): this {
    const stored = new Map<string, StoredFile>();
    for (const [path, seed] of Object.entries(files)) stored.set(path, storeFile(path, seed));
    this.commits.set(sha, stored);
    if (options.treeLimit !== undefined) this.treeLimits.set(sha, options.treeLimit);
    return this;
  }

  /** Seeds a file on the default branch (what Probot's config loader reads). */
  file(path: string, text: string): this {
    this.branchFiles.set(path, text);
    return this;
  }

  pull(seed: PullSeed): FakePull {
    const pull: FakePull = {
      base: "0".repeat(40),
      headRef: `topic-${seed.number}`,
      baseRef: this.defaultBranch,
      author: "octocat",
      title: `Pull request ${seed.number}`,
      draft: false,
      ...seed,
      files: seed.files ?? [],
    };
    this.pulls.set(seed.number, pull);
    if (!pull.forkOwner) this.branches.set(pull.headRef, pull.head);
    return pull;
  }

  permission(login: string, permission: "admin" | "maintain" | "write" | "triage" | "read" | "none"): this {
    this.permissions.set(login, permission);
    return this;
  }

  /** Seeds an existing review thread (its first comment and replies) on a pull request. */
  thread(pull: number, seed: ThreadSeed): FakeThread {
    const threadId = `PRRT_${newId()}`;
    const thread: FakeThread = {
      id: threadId,
      pull,
      path: seed.path,
      line: seed.line,
      isResolved: seed.resolved ?? false,
      isOutdated: seed.outdated ?? false,
      commentIds: [],
    };
    const head = this.pulls.get(pull)?.head ?? "0".repeat(40);
    const add = (body: string, author: string, inReplyTo?: number) => {
      const comment = this.addReviewComment({
        pull,
        reviewId: null,
        threadId,
        path: seed.path,
        line: seed.line,
        startLine: null,
        side: "RIGHT",
        body,
        commitId: head,
        user: actor(author),
        inReplyTo,
      });
      thread.commentIds.push(comment.id);
      return comment;
    };
    const first = add(seed.body, seed.author ?? "forksafe[bot]");
    for (const reply of seed.replies ?? []) add(reply.body, reply.author ?? "octocat", first.id);
    this.threads.push(thread);
    return thread;
  }

  addReviewComment(fields: Omit<FakeReviewComment, "id" | "nodeId">): FakeReviewComment {
    const id = newId();
    const comment = { id, nodeId: `PRRC_${id}`, ...fields };
    this.reviewComments.push(comment);
    return comment;
  }

  /** Refuses pushes to `branch` with GitHub's `message`. */
  protect(branch: string, message = "Repository rule violations found\n\nChanges must be made through a pull request."): this {
    this.protectedBranches.set(branch, message);
    return this;
  }

  /**
   * Appends a commit to `branch` (what createCommitOnBranch does): the parent's files with
   * `files` added or replaced; pull requests from that branch get it as their head.
   */
  commitOnBranch(branch: string, files: Record<string, string>, message: { headline: string; body: string }): CreatedCommit {
    const parent = this.branches.get(branch)!;
    const oid = gitSha("commit", `${parent}\n${message.headline}\n${JSON.stringify(files)}`);
    const stored = new Map(this.commits.get(parent) ?? []);
    for (const [path, text] of Object.entries(files)) stored.set(path, storeFile(path, text));
    this.commits.set(oid, stored);
    this.branches.set(branch, oid);
    for (const pull of this.pulls.values()) if (!pull.forkOwner && pull.headRef === branch) pull.head = oid;
    const created = { oid, parent, branch, ...message, files };
    this.createdCommits.push(created);
    return created;
  }

  rejectReviewLine(path: string, line: number): this {
    this.rejectedLines.add(`${path}:${line}`);
    return this;
  }

  /** The files at a commit sha or at a branch's head (a branch name resolves to its only commit). */
  filesAt(ref: string): Map<string, StoredFile> | undefined {
    if (ref === "HEAD" || ref === this.defaultBranch) {
      return new Map([...this.branchFiles].map(([path, text]) => [path, storeFile(path, text)]));
    }
    return this.commits.get(ref);
  }
}

function storeFile(path: string, seed: FileSeed): StoredFile {
  if (typeof seed === "object" && "symlink" in seed) {
    return { ...storeFile(path, seed.symlink), link: true, sha: gitSha("blob", `link:${seed.symlink}`) };
  }
  if (typeof seed === "string") {
    return { path, text: seed, size: Buffer.byteLength(seed), binary: false, truncated: false, sha: gitSha("blob", seed) };
  }
  const text = seed.binary ? null : (seed.text ?? "x".repeat(Math.min(seed.size ?? 0, 64)));
  const size = seed.size ?? Buffer.byteLength(text ?? "");
  return {
    path,
    text,
    size,
    binary: seed.binary ?? false,
    truncated: seed.truncated ?? false,
    sha: gitSha("blob", `${path}:${size}:${text ?? ""}`),
  };
}
