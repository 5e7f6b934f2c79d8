// The limits of the places reports go to, named once. Beside each: the documentation's words.
// (src/github/ re-exports the check-run ones; the report layer depends on nothing outside it.)

/** Check runs: "output.summary" / "output.text": "Maximum length: 65535 characters." */
export const CHECK_OUTPUT_MAX_CHARS = 65_535;
/** "The Checks API limits the number of annotations to a maximum of 50 per API request." */
export const ANNOTATIONS_PER_REQUEST = 50;
/** Annotation `title`: "Maximum length: 255 characters." */
export const ANNOTATION_TITLE_MAX_CHARS = 255;
/** Review comment `body`, like issue comments: "Body is too long (maximum is 65536 characters)". */
export const COMMENT_BODY_MAX_CHARS = 65_536;
/** Actions job summaries: "The maximum size of a job summary is 1MiB" per step. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;
