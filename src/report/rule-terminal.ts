// A rule's documentation for the terminal (`forksafe rule FS101`): the same docs as docs/rules/,
// the SARIF help and the App's folded rule text, with prose wrapped to the terminal's width and
// code left as written.
import type { Rule } from "../analysis/rules/rule.js";

/** Terminals narrower than this still get lines of this width. */
const MIN_WIDTH = 40;

export function ruleTerminalText(rule: Rule, width: number): string {
  const w = Math.max(MIN_WIDTH, width);
  const { docs } = rule;
  const sections = [
    `${rule.id} ${rule.name} (default level: ${rule.defaultSeverity})`,
    wrap(rule.summary, w),
    `What it finds\n${wrap(docs.what, w, "  ")}`,
    `Why it is bad\n${wrap(docs.why, w, "  ")}`,
    `Example\n${code(docs.example)}`,
    `Fix\n${wrap(docs.fix, w, "  ")}${docs.fixExample ? `\n\n${code(docs.fixExample)}` : ""}`,
  ];
  return `${sections.join("\n\n")}\n`;
}

/** One line a rule: id, default level, name and summary, cut to the width. */
export function ruleListText(rules: readonly Rule[], width: number): string {
  const w = Math.max(MIN_WIDTH, width);
  const nameWidth = Math.max(...rules.map((r) => r.name.length));
  return rules
    .map((r) => {
      const line = `${r.id}  ${r.defaultSeverity.padEnd(7)}  ${r.name.padEnd(nameWidth)}  ${r.summary}`;
      return line.length <= w ? line : `${line.slice(0, w - 1)}…`;
    })
    .join("\n")
    .concat("\n");
}

/** Words filled into lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number, indent = ""): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((x) => x !== "")) {
    if (line !== "" && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(indent + line);
  return lines.join("\n");
}

function code(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((l) => (l === "" ? "" : `    ${l}`))
    .join("\n");
}
