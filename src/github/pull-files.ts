// A pull request's changed files, 100 a page, up to GitHub's 3,000-file limit. A file whose diff
// is too large comes without `patch`: it is still listed, with no lines a comment can target.
import type { Octokit } from "@octokit/rest";
import { PER_PAGE_MAX, PULL_FILES_MAX } from "./limits.js";

/** What these modules need of a client: @octokit/rest's Octokit, or Probot's, which extends it. */
export type GitHubClient = Pick<Octokit, "rest" | "paginate" | "graphql" | "request">;

export type PullFileStatus = "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

export interface PullFile {
  filename: string;
  status: PullFileStatus;
  /** The path before a rename or copy. */
  previousFilename?: string;
  /** The unified-diff hunks; absent when GitHub leaves a large or binary diff out. */
  patch?: string;
  additions: number;
  deletions: number;
}

export interface PullRef {
  owner: string;
  repo: string;
  number: number;
}

export async function listPullFiles(octokit: GitHubClient, pull: PullRef): Promise<PullFile[]> {
  const files: PullFile[] = [];
  const pages = octokit.paginate.iterator(octokit.rest.pulls.listFiles, {
    owner: pull.owner,
    repo: pull.repo,
    pull_number: pull.number,
    per_page: PER_PAGE_MAX,
  });
  for await (const { data } of pages) {
    for (const file of data) {
      files.push({
        filename: file.filename,
        status: file.status,
        ...(file.previous_filename ? { previousFilename: file.previous_filename } : {}),
        ...(file.patch ? { patch: file.patch } : {}),
        additions: file.additions,
        deletions: file.deletions,
      });
    }
    if (files.length >= PULL_FILES_MAX) break;
  }
  return files.slice(0, PULL_FILES_MAX);
}

/** True when the list stopped at GitHub's limit: the pull request may change more files. */
export function atFileLimit(files: readonly PullFile[]): boolean {
  return files.length >= PULL_FILES_MAX;
}
