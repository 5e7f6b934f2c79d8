// A rule's documentation as Markdown and as plain text: the README's rule list and the SARIF
// `help` of each rule are both made from the rule files' docs.
import type { Rule } from "../analysis/rules/rule.js";

/** The rule's section: a heading, what it finds, why, an example and the fix. */
export function ruleMarkdown(rule: Rule, heading = "###"): string {
  const { docs } = rule;
  const parts = [
    `${heading} ${rule.id} ${rule.name}`,
    `${rule.summary} Default level: \`${rule.defaultSeverity}\`.`,
    docs.what,
    `**Why it is bad.** ${docs.why}`,
    "**Example.**",
    fence(docs.example, docs.language),
    `**Fix.** ${docs.fix}`,
  ];
  if (docs.fixExample) parts.push(fence(docs.fixExample, docs.language));
  return parts.join("\n\n");
}

export function ruleText(rule: Rule): string {
  const { docs } = rule;
  const parts = [docs.what, `Why it is bad: ${docs.why}`, `Example:\n${indent(docs.example)}`, `Fix: ${docs.fix}`];
  if (docs.fixExample) parts.push(indent(docs.fixExample));
  return parts.join("\n\n");
}

/** The whole generated rule list: a table, then one section per rule. */
export function ruleListMarkdown(rules: readonly Rule[]): string {
  if (rules.length === 0) return "No rules are registered yet.";
  const table = [
    "| id | name | default | finds |",
    "| --- | --- | --- | --- |",
    ...rules.map((r) => `| [${r.id}](#${anchor(r)}) | \`${r.name}\` | ${r.defaultSeverity} | ${r.summary.replace(/\|/g, "\\|")} |`),
  ].join("\n");
  return [table, ...rules.map((r) => ruleMarkdown(r, "###"))].join("\n\n");
}

function anchor(rule: Rule): string {
  return `${rule.id} ${rule.name}`.toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-");
}

function fence(code: string, language: string): string {
  const ticks = code.includes("```") ? "````" : "```";
  return `${ticks}${language}\n${code.trimEnd()}\n${ticks}`;
}

function indent(code: string): string {
  return code
    .trimEnd()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
