// The base commit must be in the checkout for `git diff`. actions/checkout fetches one commit by
// default, so a missing base is fetched once from `origin`; if that fails, the error says how
// to check out enough history.
import { execFile } from "node:child_process";
import { UsageError } from "../sources/fs-tree.js";

export async function ensureCommit(root: string, sha: string): Promise<void> {
  if (await succeeds(root, ["cat-file", "-e", `${sha}^{commit}`])) return;
  if (await succeeds(root, ["remote", "get-url", "origin"])) {
    await succeeds(root, ["fetch", "--no-tags", "--quiet", "--depth=1", "origin", sha]);
    if (await succeeds(root, ["cat-file", "-e", `${sha}^{commit}`])) return;
  }
  throw new UsageError(
    `base ${sha}: this commit is not in the checkout and could not be fetched; ` +
      "check out with `actions/checkout` and `fetch-depth: 0`, or leave `base` empty to scan everything",
  );
}

function succeeds(cwd: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd }, (error) => resolve(!error));
  });
}
