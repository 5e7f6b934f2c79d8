// Shell scripts (entrypoints, start scripts): each logical line (joined at a trailing `\`) is a
// command; `export VAR=...` and `VAR=...` lines set the environment of the commands after them.
import { parse } from "shell-quote";
import type { EnvVar, ReaderResult } from "../words.js";

export function readShellScript(path: string, text: string): ReaderResult {
  const out: ReaderResult = { sites: [], env: [] };
  const env: EnvVar[] = [];
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const start = offset;
    let logical = lines[i]!.replace(/\r$/, "");
    offset += lines[i]!.length + 1;
    while (logical.endsWith("\\") && i + 1 < lines.length) {
      i++;
      logical = `${logical.slice(0, -1)} ${lines[i]!.replace(/\r$/, "")}`;
      offset += lines[i]!.length + 1;
    }
    const trimmed = logical.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const piece = { text: logical, path, start, end: Math.max(start, offset - 1) };
    const assignment = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(logical);
    if (assignment && onlyAssignments(logical)) {
      const raw = assignment[2]!;
      const valueStart = start + logical.length - raw.length;
      env.push({ name: assignment[1]!, value: { text: parseValue(raw), path, start: valueStart, end: valueStart + raw.length } });
      continue;
    }
    out.sites.push({ path, source: `${path} line ${lineNumber(text, start)}`, command: { kind: "shell", piece }, env: [...env] });
  }
  if (out.sites.length === 0) out.env.push(...env);
  return out;
}

/** `VAR=value` or `export VAR=value` with no command after it. */
function onlyAssignments(line: string): boolean {
  try {
    const words = parse(line, (key) => `$${key}`).filter((w) => typeof w === "string" || !("comment" in w));
    const rest = words[0] === "export" ? words.slice(1) : words;
    return rest.every((w) => typeof w === "string" && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  } catch {
    return false;
  }
}

/** The value of `VAR=value` as the shell sees it (quotes removed). */
function parseValue(raw: string): string {
  try {
    const words = parse(raw, (key) => `$${key}`);
    return typeof words[0] === "string" ? words[0] : "";
  } catch {
    return raw;
  }
}

function lineNumber(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text[i] === "\n") line++;
  return line;
}
