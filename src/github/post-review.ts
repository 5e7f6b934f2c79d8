// Posting one review (event COMMENT). GitHub rejects a whole review with 422 when any comment's
// line is outside the diff, without naming it: then the comments are tried in halves as pending
// reviews (created and deleted again, never published) until the rejected ones are known, and
// the review is posted without them. The caller moves those findings into the check run.
import type { ReviewComment } from "../report/review-comment.js";
import type { GitHub, RepoRef } from "./octokit.js";

export interface ReviewTarget extends RepoRef {
  number: number;
  headSha: string;
}

export interface PostedReview {
  posted: ReviewComment[];
  rejected: ReviewComment[];
}

export async function postReview(octokit: GitHub, target: ReviewTarget, body: (dropped: number) => string, comments: ReviewComment[]): Promise<PostedReview> {
  try {
    await create(octokit, target, body(0), comments, "COMMENT");
    return { posted: comments, rejected: [] };
  } catch (error) {
    if (status(error) !== 422 || comments.length === 0) throw error;
    octokit.log.warn(`Review rejected (422: ${(error as Error).message}); finding the rejected comments`);
  }
  const rejected = await findRejected(octokit, target, comments);
  const posted = comments.filter((c) => !rejected.includes(c));
  if (posted.length > 0) await create(octokit, target, body(rejected.length), posted, "COMMENT");
  return { posted, rejected };
}

/** The comments GitHub refuses, found by halving; each trial is a pending review, deleted at once. */
async function findRejected(octokit: GitHub, target: ReviewTarget, comments: ReviewComment[]): Promise<ReviewComment[]> {
  if (comments.length === 0) return [];
  try {
    const id = await create(octokit, target, undefined, comments, undefined);
    await octokit.rest.pulls.deletePendingReview({ owner: target.owner, repo: target.repo, pull_number: target.number, review_id: id });
    return [];
  } catch (error) {
    if (status(error) !== 422) throw error;
    if (comments.length === 1) return comments;
  }
  const half = Math.ceil(comments.length / 2);
  return [...(await findRejected(octokit, target, comments.slice(0, half))), ...(await findRejected(octokit, target, comments.slice(half)))];
}

async function create(
  octokit: GitHub,
  target: ReviewTarget,
  body: string | undefined,
  comments: ReviewComment[],
  event: "COMMENT" | undefined,
): Promise<number> {
  const { data } = await octokit.rest.pulls.createReview({
    owner: target.owner,
    repo: target.repo,
    pull_number: target.number,
    commit_id: target.headSha,
    ...(body === undefined ? {} : { body }),
    ...(event ? { event } : {}),
    comments,
  });
  return data.id;
}

function status(error: unknown): number | undefined {
  return (error as { status?: number } | undefined)?.status;
}
