// GitHub's limits, named once. Beside each: the API's own error text or, where the API only
// documents the limit, its documentation's words.

/** "Responses include a maximum of 3000 files." (pulls.listFiles) */
export const PULL_FILES_MAX = 3000;
/** "The number of results per page (max 100)." */
export const PER_PAGE_MAX = 100;

/**
 * "The limit for the tree array is 100,000 entries with a maximum size of 7 MB when using the
 * recursive parameter." Past it the answer carries `truncated: true`.
 */
export const TREE_RECURSIVE_MAX_ENTRIES = 100_000;
export const TREE_RECURSIVE_MAX_BYTES = 7 * 1024 * 1024;

/** Contents API: "This API supports files up to 1 megabyte in size." */
export const CONTENTS_MAX_BYTES = 1024 * 1024;

/** GraphQL: "This query requests up to N possible nodes which exceeds the maximum limit of 500,000." */
export const GRAPHQL_MAX_NODES = 500_000;

/** 422 on a review whose comment targets a line outside the diff; GitHub names no comment. */
export const REVIEW_LINE_NOT_IN_DIFF = "Pull request review thread line must be part of the diff";

/** Check-run output and annotation limits live with the reports that must keep them. */
export { ANNOTATION_TITLE_MAX_CHARS, ANNOTATIONS_PER_REQUEST, CHECK_OUTPUT_MAX_CHARS } from "../report/limits.js";
/** "A check run can have a maximum of three actions." Label 20, description 40, identifier 20. */
export const CHECK_ACTIONS_MAX = 3;
export const CHECK_ACTION_LABEL_MAX_CHARS = 20;
export const CHECK_ACTION_DESCRIPTION_MAX_CHARS = 40;
export const CHECK_ACTION_IDENTIFIER_MAX_CHARS = 20;

/** The `.diff` media type answers 406 past these: "Sorry, the diff exceeded the maximum number of files (300)." */
export const DIFF_MAX_FILES = 300;
/** "Sorry, the diff exceeded the maximum number of lines (20000)." */
export const DIFF_MAX_LINES = 20_000;

/** 403/429: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." */
export const SECONDARY_RATE_LIMIT_MESSAGE = "You have exceeded a secondary rate limit";
/** Without `retry-after`, wait at least this long after a secondary rate limit (docs: "at least one minute"). */
export const SECONDARY_RATE_LIMIT_MIN_WAIT_MS = 60_000;

/**
 * A request the installation's permissions do not cover (REST 403, GraphQL error type
 * FORBIDDEN): "Resource not accessible by integration". The fix flow then offers suggestions.
 */
export const RESOURCE_NOT_ACCESSIBLE = "Resource not accessible by integration";
export const GRAPHQL_FORBIDDEN = "FORBIDDEN";
/**
 * createCommitOnBranch when the branch no longer points at `expectedHeadOid` (type STALE_DATA):
 * 'Expected branch to point to "<oid>" but it did not. Pull and try again.'
 */
export const GRAPHQL_STALE_DATA = "STALE_DATA";
