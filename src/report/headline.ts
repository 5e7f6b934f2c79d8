// The words every reader sees first, shared by review comments, annotations, the check run and
// the job summary: one line with the rule, what happens and where the server loads it; the
// chain; the fix; and, folded, why it breaks, the evidence and how to silence it.
import { ruleById } from "../analysis/rules/index.js";
import { libraryWhere, type ChainStep, type EntryPointRef, type Finding, type Location } from "../analysis/types.js";
import { libraryOf } from "./relocate.js";
import { ruleMarkdown } from "./rule-docs.js";

export function where(location: Location): string {
  return `${location.path}:${location.startLine}`;
}

/** A chain step's place: `path:line`, and the library when the step lives in one. */
export function stepWhere(step: ChainStep): string {
  const library = libraryOf(step);
  return library === undefined ? `\`${where(step.location)}\`` : `\`${where(step.location)}\` (in ${library})`;
}

/**
 * `**FS101** · \`Rate.objects.get()\` runs a query in ShopConfig.ready(), in the gunicorn master
 * before fork (\`preload_app = True\`, gunicorn.conf.py:3)`
 */
export function headline(finding: Finding): string {
  const what = firstSentence(finding.message);
  const served = finding.entryPoints[0];
  // A finding on the setting itself (FS110 on `preload_app = True`) needs no "where".
  const onSetting = served !== undefined && served.summary.includes(`(${where(finding.location)})`);
  const loaded = served && !onSetting ? servedBy(served) : undefined;
  return `**${finding.ruleId}** · ${what}${loaded ? `, ${loaded}` : ""}`;
}

/** The same line without Markdown emphasis, for plain-text places (annotation titles). */
export function plainHeadline(finding: Finding): string {
  return headline(finding).replace(/\*\*/g, "");
}

/**
 * "1. `shop/apps.py:11` ready() calls warm_cache()" for each step, then the steps inside a
 * library (`(django-mptt 0.13.2) mptt/managers.py:636`) after the call into it; empty without a chain.
 */
export function chainList(finding: Finding): string {
  return chainLines(finding)
    .map((line, i) => `${i + 1}. ${line}`)
    .join("\n");
}

/** Each step of the chain, in words; library steps, when there are any, after the repository's call into the library. */
export function chainLines(finding: Finding, plain = false): string[] {
  const code = (text: string) => (plain ? text : `\`${text}\``);
  const library = finding.libraryChain ?? [];
  return [
    ...finding.chain.map((step) => `${plain ? where(step.location) : stepWhere(step)} ${step.label}`),
    ...(library.length > 0 ? [`${code(where(finding.location))} calls into ${library[0]!.library.package}`] : []),
    ...library.map((step) => `${code(libraryWhere(step))} ${step.label}`),
  ];
}

/** The fix in one paragraph: the finding's own, else the rule's first two sentences. */
export function fixText(finding: Finding): string | undefined {
  if (finding.fix) return finding.fix.description;
  const rule = ruleById(finding.ruleId);
  return rule ? firstSentences(rule.docs.fix, 2) : undefined;
}

/** What was measured on a real stack (see docs/oracle.md). */
export const RUNTIME_EVIDENCE =
  "Measured with Django, gunicorn, uWSGI and PostgreSQL: when a query runs while the master loads the app, " +
  "the 4 workers share 1 database session instead of 4, and under load with short-lived connections requests " +
  "fail with `server closed the connection unexpectedly`; with preload off or the connections closed before " +
  "fork, none do.";

/** How to silence one finding, with this finding's rule. */
export function suppressionText(finding: Finding): string {
  return `Add \`# forksafe: ignore[${finding.ruleId}]\` at the end of the reported line (or on the line above it) to silence this finding; \`rules: { ${finding.ruleId}: off }\` in \`forksafe.yml\` turns the rule off.`;
}

/** The long text, folded: the rest of the message, evidence, suppression, the rule's page (why, example, fix). */
export function foldedDetails(finding: Finding): string {
  const rest = afterFirstSentence(finding.message);
  const rule = ruleById(finding.ruleId);
  const served = finding.entryPoints.map((e) => `- ${e.server} via ${e.source} (\`${where(e.location)}\`): ${e.summary}`);
  const parts = [
    ...(rest ? [rest] : []),
    ...(served.length > 0 ? [["**Served by**", ...served].join("\n")] : []),
    `**Runtime evidence.** ${RUNTIME_EVIDENCE}`,
    `**Silence it.** ${suppressionText(finding)}`,
    ...(rule ? [ruleDetails(finding.ruleId)] : []),
  ];
  return details("Why, evidence, how to silence it", parts.join("\n\n"));
}

/** The rule's documentation in a `<details>` block: the same text as `forksafe rule ID`. */
export function ruleDetails(ruleId: string): string {
  const rule = ruleById(ruleId);
  if (!rule) return "";
  return details(`${rule.id} ${rule.name}: why it breaks, an example, the fix`, ruleMarkdown(rule, "####"));
}

export function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

/** "in the gunicorn master before fork (`preload_app = True`, gunicorn.conf.py:3)" and the like. */
function servedBy(ep: EntryPointRef): string {
  const master = `in the ${ep.server === "uwsgi" ? "uWSGI" : ep.server} master before fork`;
  const setting = /^(.+?) \(([^()]+:\d+)\)(.*)$/.exec(ep.summary);
  if (ep.summary.startsWith("preload depends on ")) {
    const variable = /^preload depends on (\S+?),/.exec(ep.summary)?.[1];
    return `${master} when ${variable ? `\`${variable}\`` : "the environment"} turns preload on (${ep.source})`;
  }
  if (/closed only in each worker/.test(ep.summary)) return `${master}, closed only in each worker afterwards (${ep.source})`;
  if (/closed before fork|no preload|loads in each worker/.test(ep.summary)) return `served by ${ep.server} (${ep.summary})`;
  if (setting) return `${master} (\`${setting[1]}\`, ${setting[2]})`;
  return `${master} (${ep.summary}, ${ep.source})`;
}

/** The first sentence, without its full stop. Dots inside `code` or before a lower-case word do not end it. */
export function firstSentence(text: string): string {
  const end = sentenceEnd(text);
  return (end < 0 ? text : text.slice(0, end)).replace(/\.$/, "");
}

function afterFirstSentence(text: string): string {
  const end = sentenceEnd(text);
  return end < 0 ? "" : text.slice(end + 1).trim();
}

function firstSentences(text: string, n: number): string {
  let rest = text;
  const out: string[] = [];
  for (let i = 0; i < n && rest; i++) {
    const end = sentenceEnd(rest);
    out.push(end < 0 ? rest : `${rest.slice(0, end)}.`);
    rest = end < 0 ? "" : rest.slice(end + 1).trim();
  }
  return out.join(" ");
}

/** Index of the full stop ending the first sentence, or -1. */
function sentenceEnd(text: string): number {
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "`") inCode = !inCode;
    else if (ch === "." && !inCode && /^\s+[A-Z`"(]/.test(text.slice(i + 1, i + 3))) return i;
  }
  return -1;
}
