// `/forksafe recheck`, `/forksafe fix` and `/forksafe help` in pull request comments.
import type { GitHub, RepoRef } from "./octokit.js";

export type SlashCommand =
  | { name: "recheck" }
  /** `rules`: `/forksafe fix FS110 FS203` fixes only those rules' findings, as `forksafe fix --rule` does. */
  | { name: "fix"; rules?: string[] }
  | { name: "help" }
  | { name: "unknown"; word: string };

const PREFIX = /^\/forksafe(?:[ \t]+(\S+))?((?:[ \t]+\S+)*)[ \t]*$/im;
const RULE_ID = /^FS\d{3}$/;

/** The command on a line of its own starting with `/forksafe`, if any. */
export function parseSlashCommand(body: string): SlashCommand | undefined {
  const match = PREFIX.exec(body);
  if (!match) return undefined;
  const word = (match[1] ?? "help").toLowerCase();
  const rest = (match[2] ?? "").split(/[\s,]+/).filter(Boolean);
  if (word === "fix") {
    const rules = rest.map((r) => r.toUpperCase());
    const odd = rules.find((r) => !RULE_ID.test(r));
    if (odd !== undefined) return { name: "unknown", word: `fix ${odd}` };
    return rules.length > 0 ? { name: "fix", rules } : { name: "fix" };
  }
  if (rest.length > 0) return { name: "unknown", word: `${word} ${rest.join(" ")}` };
  if (word === "recheck" || word === "help") return { name: word };
  return { name: "unknown", word };
}

export const HELP_TEXT = [
  "Forksafe commands (comment on the pull request):",
  "",
  "- `/forksafe recheck`: analyse the pull request's head commit again",
  "- `/forksafe fix`: commit Forksafe's fix to the pull request's branch (suggestions for a fork);",
  "  `/forksafe fix FS110 FS203` fixes only those rules' findings",
  "- `/forksafe help`: show this list",
  "",
  "Anyone with write access to the repository, and the pull request's author, can run `recheck`;",
  "only people with write access can run `fix`.",
].join("\n");

/** The pull request's author, or someone with write, maintain or admin permission. */
export async function canTrigger(octokit: GitHub, repo: RepoRef, login: string, author: string | undefined): Promise<boolean> {
  return login === author || hasWriteAccess(octokit, repo, login);
}

/** Someone with write, maintain or admin permission on the repository. */
export async function hasWriteAccess(octokit: GitHub, repo: RepoRef, login: string): Promise<boolean> {
  const answer = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: login }).catch((error: { status?: number }) => {
    if (error.status === 404) return undefined;
    throw error;
  });
  if (!answer) return false;
  const { data } = answer;
  return data.permission === "admin" || data.permission === "write" || data.role_name === "maintain";
}

export type Reaction = "eyes" | "rocket" | "confused";

export async function react(octokit: GitHub, repo: RepoRef, commentId: number, content: Reaction): Promise<void> {
  await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: commentId, content });
}

export async function reply(octokit: GitHub, repo: RepoRef, issueNumber: number, body: string): Promise<void> {
  await octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body });
}
