// Forksafe's earlier inline comments on a pull request, found by the fingerprint hidden in each,
// (read with the files, see repo-source.ts), and resolving the threads whose finding is gone
// (one GraphQL request for all of them).
import { fingerprintIn } from "../report/review-comment.js";
import type { GitHub } from "./octokit.js";
import type { ThreadNode } from "./repo-source.js";

export interface ReviewThread {
  id: string;
  fingerprint: string;
  isResolved: boolean;
}

/** Threads opened by this app whose first comment carries a Forksafe fingerprint. */
export function forksafeThreads(nodes: readonly ThreadNode[]): ReviewThread[] {
  return nodes.flatMap((node) => {
    const first = node.comments.nodes[0];
    const fingerprint = first?.viewerDidAuthor ? fingerprintIn(first.body) : undefined;
    return fingerprint ? [{ id: node.id, fingerprint, isResolved: node.isResolved }] : [];
  });
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
