// The GitHub client the work functions take: an installation-authenticated Probot octokit.
import type { ProbotOctokit } from "probot";

export type GitHub = InstanceType<typeof ProbotOctokit>;

/** The repository a piece of work is about. */
export interface RepoRef {
  owner: string;
  repo: string;
}
