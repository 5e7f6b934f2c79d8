// The contract between the fix planner (src/fix/) and those who apply a plan: the CLI writes
// it to disk, the App commits it to a pull request's branch, the Action writes the workspace.
// A plan never guesses: a fix that cannot be placed exactly is a refusal with its reason.

/** One file's whole new text. `before` is null when the fix creates the file. */
export interface FileChange {
  /** Repository-relative, POSIX separators, no leading `./`. */
  path: string;
  before: string | null;
  after: string;
  /** One line per fix applied to this file, for people ("gunicorn.conf.py: when_ready closes..."). */
  descriptions: string[];
  /** The rule ids whose findings this change fixes (FS110, FS203, ...). */
  ruleIds: string[];
}

/** A finding that has a fix kind but could not be fixed exactly here. */
export interface Refusal {
  ruleId: string;
  /** Where the finding is reported. */
  path: string;
  line: number;
  /** Why, for people: "two config files could be the one gunicorn reads: a.py, b.py". */
  reason: string;
}

export interface FixPlan {
  changes: FileChange[];
  refusals: Refusal[];
}
