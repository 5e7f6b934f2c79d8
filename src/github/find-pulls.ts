// A check run or check suite names a commit; the pull requests it belongs to are found through
// the head SHA (for fork pull requests the suite's `pull_requests` list is empty).
import type { GitHub, RepoRef } from "./octokit.js";

export interface PullAtCommit {
  number: number;
  headSha: string;
  /** Whether the commit is still the pull request's head. */
  isHead: boolean;
}

/** Open pull requests whose head is `sha`; else the hinted ones (from the payload) as not-head. */
export async function pullsForCommit(octokit: GitHub, repo: RepoRef, sha: string, hinted: number[] = []): Promise<PullAtCommit[]> {
  const found: PullAtCommit[] = [];
  await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: "open", per_page: 100 }, (response) => {
    for (const pull of response.data) if (pull.head.sha === sha) found.push({ number: pull.number, headSha: sha, isHead: true });
    return [];
  });
  if (found.length > 0) return found;
  return hinted.map((number) => ({ number, headSha: sha, isHead: false }));
}
