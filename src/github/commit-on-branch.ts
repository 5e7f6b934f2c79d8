// One commit on a branch through GraphQL `createCommitOnBranch`: no blobs or trees to create,
// the commit is signed by GitHub (shown as verified), and `expectedHeadOid` makes it fail rather
// than overwrite when the branch moved. One attempt, never a retry loop: a branch that moved
// means someone pushed, and they should see the fix planned against their new code.
import type { FileChange } from "../fix/types.js";
import { GRAPHQL_FORBIDDEN, GRAPHQL_STALE_DATA, RESOURCE_NOT_ACCESSIBLE } from "./limits.js";
import type { GitHub } from "./octokit.js";

export interface CommitRequest {
  /** `owner/name` of the repository holding the branch. */
  repositoryNameWithOwner: string;
  branchName: string;
  /** The commit the fix was planned against; the branch must still point there. */
  expectedHeadOid: string;
  headline: string;
  body: string;
  changes: readonly FileChange[];
}

export type CommitOutcome =
  | { kind: "committed"; oid: string; url: string }
  /** The branch no longer points at `expectedHeadOid`. */
  | { kind: "moved"; message: string }
  /** The installation may not write contents (permission not granted). */
  | { kind: "forbidden"; message: string }
  /** Anything else GitHub refused (branch protection, rulesets...): its message, verbatim. */
  | { kind: "refused"; message: string };

const MUTATION = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit { oid url }
  }
}`;

interface GraphqlError {
  type?: string;
  message: string;
}

export async function commitOnBranch(octokit: GitHub, request: CommitRequest): Promise<CommitOutcome> {
  const input = {
    branch: { repositoryNameWithOwner: request.repositoryNameWithOwner, branchName: request.branchName },
    message: { headline: request.headline, body: request.body },
    expectedHeadOid: request.expectedHeadOid,
    fileChanges: { additions: request.changes.map((c) => ({ path: c.path, contents: Buffer.from(c.after, "utf8").toString("base64") })) },
  };
  try {
    const data = await octokit.graphql<{ createCommitOnBranch: { commit: { oid: string; url: string } | null } | null }>(MUTATION, { input });
    const commit = data.createCommitOnBranch?.commit;
    if (!commit) return { kind: "refused", message: "GitHub created no commit and gave no reason" };
    return { kind: "committed", oid: commit.oid, url: commit.url };
  } catch (error) {
    return classify(error);
  }
}

/** GraphQL errors come in the answer (`errors`); a REST-style 403 can come as the status. */
function classify(error: unknown): CommitOutcome {
  const errors = (error as { errors?: GraphqlError[] }).errors;
  const status = (error as { status?: number }).status;
  const message = errors?.map((e) => e.message).join("; ") || (error instanceof Error ? error.message : String(error));
  if (errors?.some((e) => e.type === GRAPHQL_STALE_DATA)) return { kind: "moved", message };
  if (errors?.some((e) => e.type === GRAPHQL_FORBIDDEN) || (status === 403 && message.includes(RESOURCE_NOT_ACCESSIBLE))) {
    return { kind: "forbidden", message };
  }
  if (errors === undefined && status === undefined) throw error;
  return { kind: "refused", message };
}
