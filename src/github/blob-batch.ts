// Reads many files at one commit in one GraphQL request: each file is an aliased
// `repository.object(expression: "SHA:path")`. Optionally carries the pull request's review
// threads in the same request, so the app learns its earlier comments at no extra cost.
import type { ReadResult } from "../analysis/source-tree.js";
import { MAX_FILE_BYTES } from "../analysis/source-tree.js";
import type { GitHubClient } from "./pull-files.js";

export interface ThreadComment {
  id: string;
  databaseId: number | null;
  body: string;
  path: string;
  line: number | null;
  viewerDidAuthor: boolean;
  author: { login: string } | null;
}

export interface ThreadNode {
  id: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
  line: number | null;
  comments: { nodes: ThreadComment[] };
}

export interface ThreadsPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: ThreadNode[];
}

export const THREADS_FIELDS = `reviewThreads(first: 100, after: $cursor) {
      pageInfo { hasNextPage endCursor }
      nodes { id isResolved isOutdated path line
        comments(first: 20) { nodes { id databaseId body path line viewerDidAuthor author { login } } } }
    }`;

interface BlobNode {
  text: string | null;
  isBinary: boolean | null;
  isTruncated: boolean;
  byteSize: number;
}

export interface BatchRequest {
  owner: string;
  repo: string;
  sha: string;
  paths: string[];
  /** Also fetch the first page of this pull request's review threads. */
  threadsOf?: number;
  /** Also fetch this config file from the default branch of the repository and of the owner's `.github` repository. */
  configPath?: string;
}

/** The config file's text in the repository and in the owner's `.github` repository, where present. */
export interface ConfigTexts {
  own?: string;
  org?: string;
}

export interface BatchAnswer {
  files: ReadResult[];
  threads?: ThreadsPage;
  config?: ConfigTexts;
}

export async function readBlobBatch(octokit: GitHubClient, request: BatchRequest): Promise<BatchAnswer> {
  const declared = ["$owner: String!", "$name: String!"];
  const variables: Record<string, unknown> = { owner: request.owner, name: request.repo };
  const fields = request.paths.map((path, i) => {
    declared.push(`$e${i}: String!`);
    variables[`e${i}`] = `${request.sha}:${path}`;
    return `f${i}: object(expression: $e${i}) { ... on Blob { text isBinary isTruncated byteSize } }`;
  });
  if (request.threadsOf !== undefined) {
    declared.push("$number: Int!", "$cursor: String");
    variables.number = request.threadsOf;
    variables.cursor = null;
    fields.push(`pullRequest(number: $number) {\n    ${THREADS_FIELDS}\n  }`);
  }
  let orgField = "";
  if (request.configPath !== undefined) {
    declared.push("$config: String!");
    variables.config = `HEAD:${request.configPath}`;
    fields.push("config: object(expression: $config) { ... on Blob { text } }");
    orgField = `\n  org: repository(owner: $owner, name: ".github") {\n    config: object(expression: $config) { ... on Blob { text } }\n  }`;
  }
  const query = `query(${declared.join(", ")}) {\n  repository(owner: $owner, name: $name) {\n  ${fields.join("\n  ")}\n  }${orgField}\n}`;
  const data = await graphqlWithPartialData(octokit, query, variables);
  const repository = (data?.repository ?? {}) as Record<string, unknown>;
  const files = request.paths.map((path, i) => blobResult(path, repository[`f${i}`] as BlobNode | null | undefined));
  const pullRequest = repository.pullRequest as { reviewThreads?: ThreadsPage } | null | undefined;
  return {
    files,
    ...(request.threadsOf !== undefined ? { threads: pullRequest?.reviewThreads ?? emptyThreads() } : {}),
    ...(request.configPath !== undefined ? { config: configTexts(repository.config, (data?.org as Record<string, unknown> | null | undefined)?.config) } : {}),
  };
}

export function emptyThreads(): ThreadsPage {
  return { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
}

function configTexts(own: unknown, org: unknown): ConfigTexts {
  const text = (node: unknown) => (node as { text?: unknown } | null | undefined)?.text;
  const [ownText, orgText] = [text(own), text(org)];
  return { ...(typeof ownText === "string" ? { own: ownText } : {}), ...(typeof orgText === "string" ? { org: orgText } : {}) };
}

/**
 * GitHub answers a missing object, or an owner without a `.github` repository, with `null` and
 * an error beside the data: keep the data.
 */
async function graphqlWithPartialData(octokit: GitHubClient, query: string, variables: Record<string, unknown>) {
  try {
    return await octokit.graphql<{ repository: unknown; org?: unknown }>(query, variables);
  } catch (error) {
    const data = (error as { data?: { repository?: unknown; org?: unknown } }).data;
    if (data && typeof data === "object" && "repository" in data) return data as { repository: unknown; org?: unknown };
    throw error;
  }
}

function blobResult(path: string, node: BlobNode | null | undefined): ReadResult {
  if (!node) return { path, skipped: "not found" };
  if (node.isBinary) return { path, skipped: "binary file" };
  if (node.byteSize > MAX_FILE_BYTES) return { path, skipped: `over 1 MB (${node.byteSize} bytes)` };
  if (node.isTruncated) return { path, skipped: "GitHub truncated its contents" };
  if (node.text === null || node.text === undefined) return { path, skipped: "not a text file" };
  return { path, text: node.text };
}
