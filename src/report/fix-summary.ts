// The fixes the Action wrote, for the job summary: each file with what was done to it, and each
// refusal with its reason. Paths are the workspace's (`prefix` is the scanned directory's).
import type { FixPlan } from "../fix/types.js";

export function fixSummary(plan: FixPlan, prefix: string): string {
  const head = "### Fixes written";
  if (plan.changes.length === 0 && plan.refusals.length === 0) return `${head}\n\nNothing to fix.\n`;
  const written = plan.changes.map(
    (c) =>
      `- \`${prefix}${c.path}\`${c.before === null ? " (new)" : ""}: ${c.descriptions.map((d) => oneLine(d.slice(d.indexOf(": ") + 2))).join("; ")} (${c.ruleIds.join(", ")})`,
  );
  const refused = plan.refusals.map((r) => `- ${r.ruleId} \`${prefix}${r.path}:${r.line}\`: ${oneLine(r.reason)}`);
  return [
    head,
    "",
    plan.changes.length > 0
      ? `${plan.changes.length} file${plan.changes.length === 1 ? "" : "s"} changed in the workspace; commit them in a later step to keep them.`
      : "No file changed.",
    "",
    ...written,
    ...(refused.length > 0 ? ["", "Not fixed (fix these by hand):", "", ...refused] : []),
    "",
  ].join("\n");
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
