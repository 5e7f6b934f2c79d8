// Forksafe's earlier inline comments on a pull request, found by the fingerprint hidden in each,
// and resolving the threads whose finding is gone (one GraphQL request for all of them).
import { fingerprintIn } from "../report/review-comment.js";
import type { GitHub, RepoRef } from "./octokit.js";

export interface ReviewThread {
  id: string;
  fingerprint: string;
  isResolved: boolean;
}

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        nodes: { id: string; isResolved: boolean; comments: { nodes: { body: string; viewerDidAuthor: boolean }[] } }[];
      };
    } | null;
  } | null;
}

const THREADS_QUERY = `query($owner: String!, $repo: String!, $number: Int!, $cursor: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved comments(first: 1) { nodes { body viewerDidAuthor } } }
      }
    }
  }
}`;

/** Threads opened by this app whose first comment carries a Forksafe fingerprint. */
export async function listForksafeThreads(octokit: GitHub, repo: RepoRef, number: number): Promise<ReviewThread[]> {
  const threads: ReviewThread[] = [];
  let cursor: string | null = null;
  do {
    const page: ThreadsPage = await octokit.graphql<ThreadsPage>(THREADS_QUERY, { ...repo, number, cursor });
    const connection = page.repository?.pullRequest?.reviewThreads;
    if (!connection) break;
    for (const node of connection.nodes) {
      const first = node.comments.nodes[0];
      const fingerprint = first?.viewerDidAuthor ? fingerprintIn(first.body) : undefined;
      if (fingerprint) threads.push({ id: node.id, fingerprint, isResolved: node.isResolved });
    }
    cursor = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
  } while (cursor);
  return threads;
}

/** Replies to each thread with its note and resolves it, in one mutation. */
export async function resolveThreads(octokit: GitHub, threads: { id: string; reply: string }[]): Promise<void> {
  if (threads.length === 0) return;
  const variables: Record<string, string> = {};
  const declared: string[] = [];
  const fields: string[] = [];
  threads.forEach((thread, i) => {
    variables[`thread${i}`] = thread.id;
    variables[`body${i}`] = thread.reply;
    declared.push(`$thread${i}: ID!`, `$body${i}: String!`);
    fields.push(
      `reply${i}: addPullRequestReviewThreadReply(input: { pullRequestReviewThreadId: $thread${i}, body: $body${i} }) { comment { id } }`,
      `resolve${i}: resolveReviewThread(input: { threadId: $thread${i} }) { thread { id isResolved } }`,
    );
  });
  await octokit.graphql(`mutation(${declared.join(", ")}) {\n  ${fields.join("\n  ")}\n}`, variables);
}
