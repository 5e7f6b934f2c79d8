// "Apply fix" and `/forksafe fix`: Forksafe's fix for a pull request, committed to its branch
// when the App may push there, else offered as suggestions. Nothing is committed unasked.
//  1. Only someone with write access may ask; anyone else gets a reply saying so.
//  2. Read the pull request: open, its head commit (still the one the button was pressed on),
//     branch and repository (a fork or not).
//  3. Analyse the head as the review does (the config first), then plan the fixes.
//  4. No change to make: say so, with the findings the planner refused and why.
//  5. A fork's branch, or an installation without `contents: write`: suggestions (fix-suggestions.ts).
//  6. Else one commit on the branch, expected to still point at the analysed head: a branch that
//     moved, or any refusal (branch protection...), is reported back and nothing is written.
//     GitHub answering "Resource not accessible by integration" falls back to suggestions.
// The push then triggers the normal review of the new head, which shows the findings gone.
import { analyze as coreAnalyze } from "../analysis/analyze.js";
import type { SourceTree } from "../analysis/source-tree.js";
import type { AnalysisResult } from "../analysis/types.js";
import type { FileChange, FixPlan } from "../fix/types.js";
import { unifiedDiff } from "../report/fix-diff.js";
import { changeList, commitMessage, fenced, refusalsBlock } from "../report/fix-text.js";
import { COMMENT_BODY_MAX_CHARS } from "../report/limits.js";
import { commitOnBranch } from "./commit-on-branch.js";
import { diffLines } from "./diff-lines.js";
import { fixSuggestions, suggestionMarkerIn } from "./fix-suggestions.js";
import type { GitHub, RepoRef } from "./octokit.js";
import { postReview } from "./post-review.js";
import { listPullFiles } from "./pull-files.js";
import { CONFIG_PATH, readConfig } from "./read-config.js";
import { repoSource, type RepoSource } from "./repo-source.js";
import { MAX_COMMENTS_PER_REVIEW, type Analyzer } from "./review-pull-request.js";
import { hasWriteAccess, reply } from "./slash-command.js";

/** The fix planner's signature (src/fix/plan.ts); tests may pass another. */
export type Planner = (tree: SourceTree, result: AnalysisResult, options?: { rules?: readonly string[] }) => Promise<FixPlan>;

export interface FixRequest extends RepoRef {
  number: number;
  /** Who pressed the button or wrote the command. */
  requester: string;
  /** "the Apply fix button", "`/forksafe fix`": named in the commit message. */
  via: string;
  /** The commit the button was pressed on: the fix applies only while it is still the head. */
  pressedOn?: string;
  /** Only these rules' findings (`/forksafe fix FS110`); every rule's when unset. */
  rules?: string[];
}

export interface FixDeps {
  plan: Planner;
  analyze?: Analyzer;
}

export type FixOutcome = "committed" | "suggested" | "nothing" | "moved" | "refused" | "not-allowed" | "closed" | "invalid-config";

export async function applyFix(octokit: GitHub, request: FixRequest, deps: FixDeps): Promise<FixOutcome> {
  const repo = { owner: request.owner, repo: request.repo };
  const say = (body: string) => reply(octokit, repo, request.number, fitComment(body));

  if (!(await hasWriteAccess(octokit, repo, request.requester))) {
    await say(`@${request.requester} Only people with write access to ${repo.owner}/${repo.repo} can ask Forksafe to fix a pull request. Nothing was changed.`);
    return "not-allowed";
  }

  const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: request.number });
  if (pull.state !== "open") {
    await say(`#${request.number} is ${pull.state}: Forksafe fixes only open pull requests. Nothing was changed.`);
    return "closed";
  }
  const head = pull.head.sha;
  const short = head.slice(0, 7);
  if (request.pressedOn !== undefined && request.pressedOn !== head) {
    await say(
      `That check run is for ${request.pressedOn.slice(0, 7)}, but the head of #${request.number} is now ${short}: nothing was changed. Press Apply fix on the newest Forksafe check run, or comment \`/forksafe fix\`.`,
    );
    return "moved";
  }

  // The review threads come with the first read: suggestions already posted are not posted again.
  const tree = repoSource(octokit, { ...repo, sha: head, configPath: CONFIG_PATH, pullNumber: request.number });
  const config = await readConfig(octokit, repo, await tree.configTexts());
  if (!config.ok) {
    await say(`Forksafe cannot fix ${short}: its configuration is invalid.\n\n${config.problem}\n\nNothing was changed.`);
    return "invalid-config";
  }
  const result = await (deps.analyze ?? coreAnalyze)(tree, config.config);
  const active = { ...result, findings: result.findings.filter((f) => !f.suppressed) };
  const planned = active.findings.length === 0 ? { changes: [], refusals: [] } : await deps.plan(tree, active, request.rules ? { rules: request.rules } : {});
  // A symbolic link was read as the file it points at: the fix goes to that file, never over the link.
  const plan = { ...planned, changes: planned.changes.map((c) => ({ ...c, path: tree.linkTarget(c.path) ?? c.path })) };
  const paths = plan.changes.map((c) => c.path);
  if (new Set(paths).size !== paths.length) {
    await say(`Forksafe's fix would change one file twice, through a symbolic link and its target (${paths.join(", ")}): nothing was changed.`);
    return "refused";
  }
  const refusals = refusalsBlock(plan);

  if (plan.changes.length === 0) {
    const what =
      active.findings.length === 0
        ? `Forksafe finds nothing to fix at ${short}.`
        : `Forksafe has no automatic fix for the findings at ${short}; the check run explains how to fix each by hand.`;
    await say([what, refusals, skippedBlock(result)].filter(Boolean).join("\n\n"));
    return "nothing";
  }

  const headRepo = pull.head.repo?.full_name;
  const fork = headRepo !== pull.base.repo.full_name;
  if (fork || (await contentsWrite(octokit)) === false) {
    const why = fork
      ? `#${request.number} comes from a fork, where Forksafe cannot push`
      : "this installation of Forksafe has not been granted `contents: write`, which committing needs";
    await suggest(octokit, tree, { ...repo, number: request.number, head }, plan, why);
    return "suggested";
  }

  const message = commitMessage(plan.changes, `Requested by @${request.requester} with ${request.via} on #${request.number}.`);
  const outcome = await commitOnBranch(octokit, {
    repositoryNameWithOwner: headRepo!,
    branchName: pull.head.ref,
    expectedHeadOid: head,
    headline: message.headline,
    body: message.body,
    changes: plan.changes,
  });
  const branch = `\`${pull.head.ref}\``;
  switch (outcome.kind) {
    case "committed":
      await say(
        [
          `Committed [${outcome.oid.slice(0, 7)}](${outcome.url}) to ${branch}: ${message.headline}`,
          changeList(plan.changes),
          "Forksafe reviews the new commit as usual.",
          refusals,
        ]
          .filter(Boolean)
          .join("\n\n"),
      );
      return "committed";
    case "moved":
      await say(
        `The branch ${branch} moved since Forksafe analysed ${short}, so nothing was committed (GitHub: ${outcome.message}). Run \`/forksafe fix\` again to fix the new head.`,
      );
      return "moved";
    case "refused":
      await say(`GitHub refused the fix commit to ${branch}: ${outcome.message}\n\nNothing was written.`);
      return "refused";
    case "forbidden":
      await suggest(
        octokit,
        tree,
        { ...repo, number: request.number, head },
        plan,
        `GitHub refused the commit (${outcome.message}): this installation of Forksafe may not write to the repository's contents`,
      );
      return "suggested";
  }
}

/**
 * Whether the installation's token may write contents: its permissions come with the token
 * (Probot's auth caches them). Undefined when unknown: then the commit is tried, and a refusal
 * for want of permission falls back to suggestions.
 */
async function contentsWrite(octokit: GitHub): Promise<boolean | undefined> {
  try {
    const auth = (await octokit.auth({ type: "installation" })) as { permissions?: Record<string, string> };
    const contents = auth.permissions?.contents;
    return contents === undefined ? undefined : contents === "write";
  } catch {
    return undefined;
  }
}

/** One review of suggestions where the diff allows them; the rest of the fix as a unified diff. */
async function suggest(octokit: GitHub, tree: RepoSource, target: RepoRef & { number: number; head: string }, plan: FixPlan, why: string): Promise<void> {
  const files = await listPullFiles(octokit, target);
  const lines = new Map(files.map((f) => [f.filename, diffLines(f.patch).commentable]));
  const posted = new Set(
    (await tree.reviewThreads()).flatMap((t) => t.comments.nodes.filter((c) => c.viewerDidAuthor).flatMap((c) => suggestionMarkerIn(c.body) ?? [])),
  );
  const suggested = fixSuggestions(plan.changes, lines, posted);
  // Past the review's comment cap a fix is noise as suggestions: it is shown whole instead.
  const { comments, elsewhere } = suggested.comments.length > MAX_COMMENTS_PER_REVIEW ? { comments: [], elsewhere: plan.changes } : suggested;
  if (comments.length === 0 && elsewhere.length === 0) {
    return reply(octokit, target, target.number, `Forksafe's suggestions for ${target.head.slice(0, 7)} are already on this pull request: ${why}.`);
  }
  const text = (shown: readonly FileChange[]) =>
    fitComment(
      [
        `Forksafe's fix for ${target.head.slice(0, 7)}, as suggestions to apply: ${why}.`,
        changeList(plan.changes),
        ...(shown.length > 0
          ? ["Not on the lines of this diff, so here in full:", fenced("diff", unifiedDiff({ changes: [...shown], refusals: [] }).trimEnd())]
          : []),
        refusalsBlock(plan),
      ]
        .filter(Boolean)
        .join("\n\n"),
    );
  if (comments.length === 0) return reply(octokit, target, target.number, text(elsewhere));
  // A suggestion GitHub rejects (422) is dropped from the review: its file then goes in full in the body.
  await postReview(octokit, { ...target, headSha: target.head }, (dropped) => text(dropped > 0 ? plan.changes : elsewhere), comments);
}

/** The files the analysis could not read (binary, too large...): a fix there cannot be planned. */
function skippedBlock(result: AnalysisResult): string {
  if (result.skipped.length === 0) return "";
  return `Files Forksafe could not read, so could not fix:\n\n${result.skipped.map((s) => `- \`${s.path}\`: ${s.reason}`).join("\n")}`;
}

/** Keeps a comment within GitHub's body limit, saying so when it cuts. */
function fitComment(body: string): string {
  if (body.length <= COMMENT_BODY_MAX_CHARS) return body;
  const note = "\n\n_Cut to fit GitHub's comment limit: run `forksafe fix` locally for the whole diff._";
  return body.slice(0, COMMENT_BODY_MAX_CHARS - note.length) + note;
}
