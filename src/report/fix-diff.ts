// A fix plan as one unified diff, the way `git apply` reads it: `a/` and `b/` prefixes, and
// /dev/null with a "new file" line for a file the plan creates. The diff itself is the diff package's.
import { createTwoFilesPatch } from "diff";
import type { FixPlan } from "../fix/types.js";

/** One patch for every change: `a/` and `b/` prefixes, /dev/null for a created file, as `git apply` reads it. */
export function unifiedDiff(plan: FixPlan): string {
  return plan.changes
    .map((c) => {
      const patch = createTwoFilesPatch(c.before === null ? "/dev/null" : `a/${c.path}`, `b/${c.path}`, c.before ?? "", c.after, undefined, undefined, {
        context: 3,
      });
      // The first line createTwoFilesPatch writes is a row of `=`: not part of a unified diff.
      return `diff --git a/${c.path} b/${c.path}\n${c.before === null ? "new file mode 100644\n" : ""}${patch.replace(/^=+\n/, "")}`;
    })
    .join("");
}
