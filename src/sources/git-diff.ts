// `--base REF`: the lines `git diff REF` adds or changes in the scan root.
import { execFile } from "node:child_process";
import { changedLines, type ChangedLines } from "../report/diff-filter.js";
import { UsageError } from "../sources/fs-tree.js";

/** git's output can be large on a big diff; past this the run fails with a clear error. */
const MAX_DIFF_BYTES = 256 * 1024 * 1024;

/**
 * Runs `git diff` against `ref` in `root` and adds untracked files as changed throughout; an
 * unknown ref or a non-repository is a UsageError.
 */
export async function gitChangedLines(root: string, ref: string): Promise<ChangedLines> {
  if (ref.startsWith("-")) throw new UsageError(`--base: "${ref}" is not a git ref`);
  await git(root, ref, ["rev-parse", "--is-inside-work-tree"]);
  const output = await git(root, ref, ["-c", "core.quotepath=off", "diff", "--unified=0", "--no-color", "--no-ext-diff", "--relative", ref, "--"]);
  const changed = changedLines(output);
  // Files not yet added are not in `git diff`, but a pull request would bring them whole.
  const untracked = await git(root, ref, ["-c", "core.quotepath=off", "ls-files", "--others", "--exclude-standard"]);
  for (const file of untracked.split("\n")) if (file !== "") changed.set(file, "all");
  return changed;
}

function git(root: string, ref: string, args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile("git", args, { cwd: root, maxBuffer: MAX_DIFF_BYTES, encoding: "utf8" }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const lines = stderr.trim().split("\n");
      const reason = lines.find((l) => l.startsWith("fatal:")) ?? lines[0] ?? error.message;
      reject(new UsageError(`--base ${ref}: ${reason || error.message}`));
    });
  });
}
