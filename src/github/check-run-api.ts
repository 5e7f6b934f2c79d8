// Creating and completing the "Forksafe" check run. Annotations go 50 a request: all but the
// last batch while the run is in progress, the last one with the conclusion, so the run is
// complete only once every annotation is in.
import type { CheckRunReport } from "../report/check-run.js";
import { ANNOTATIONS_PER_REQUEST } from "./limits.js";
import type { GitHub, RepoRef } from "./octokit.js";

export const CHECK_NAME = "Forksafe";
/** The identifier of the "Re-run" button (`check_run.requested_action`). */
export const RERUN_ACTION = "rerun";

export const RERUN_BUTTON = { label: "Re-run", description: "Analyse this commit again", identifier: RERUN_ACTION };

/** The identifier of the "Apply fix" button, offered only when the review found a fix to apply. */
export const FIX_ACTION = "apply-fix";
export const FIX_BUTTON = { label: "Apply fix", description: "Commit Forksafe's fix to this branch", identifier: FIX_ACTION };

/** The buttons of a completed run: Re-run always, Apply fix when there is something to fix. */
export function checkRunActions(fixable: boolean): (typeof RERUN_BUTTON)[] {
  return fixable ? [RERUN_BUTTON, FIX_BUTTON] : [RERUN_BUTTON];
}

export async function createCheckRun(octokit: GitHub, repo: RepoRef, headSha: string): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...repo,
    name: CHECK_NAME,
    head_sha: headSha,
    status: "in_progress",
    started_at: new Date().toISOString(),
  });
  return data.id;
}

export async function completeCheckRun(octokit: GitHub, repo: RepoRef, checkRunId: number, report: CheckRunReport, fixable = false): Promise<void> {
  const batches: CheckRunReport["annotations"][] = [];
  for (let i = 0; i < report.annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(report.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const last = batches.pop() ?? [];
  const output = (annotations: CheckRunReport["annotations"]) => ({
    title: report.title,
    summary: report.summary,
    ...(annotations.length > 0 ? { annotations } : {}),
  });
  for (const batch of batches) {
    await octokit.rest.checks.update({ ...repo, check_run_id: checkRunId, output: output(batch) });
  }
  await octokit.rest.checks.update({
    ...repo,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: report.conclusion,
    completed_at: new Date().toISOString(),
    output: output(last),
    actions: checkRunActions(fixable),
  });
}
