// Whether a file still reads as what it is, before and after a fix: Python through tree-sitter,
// uWSGI ini through the analysis's ini reader, YAML through the yaml package. A fix whose result
// does not parse is refused, never written.
import { parsePython } from "../analysis/summaries/parser.js";
import { yamlDocuments } from "../analysis/servers/yaml-nodes.js";

export type FileFormat = "python" | "ini" | "yaml";

export function formatOf(path: string): FileFormat | undefined {
  if (/\.py$/.test(path)) return "python";
  if (/\.(ini|cfg|conf)$/.test(path)) return "ini";
  if (/\.ya?ml$/.test(path)) return "yaml";
  return undefined;
}

/** Undefined when the text parses; else why not, for people ("line 4 does not parse as Python"). */
export function parseProblem(path: string, text: string): string | undefined {
  const format = formatOf(path);
  if (format === "python") {
    const root = parsePython(text).rootNode;
    if (!root.hasError) return undefined;
    const bad = root.descendantsOfType("ERROR")[0] ?? firstMissing(root);
    return `${path} does not parse as Python${bad ? ` (line ${bad.startPosition.row + 1})` : ""}`;
  }
  if (format === "yaml") {
    const parsed = yamlDocuments(text);
    return "error" in parsed ? `${path} does not parse as YAML: ${parsed.error}` : undefined;
  }
  if (format === "ini") {
    const line = text.split("\n").findIndex((l, i, all) => !iniLine(l, all[i - 1]));
    return line < 0 ? undefined : `${path} does not read as an ini file (line ${line + 1})`;
  }
  return undefined;
}

type Node = ReturnType<typeof parsePython>["rootNode"];

function firstMissing(root: Node): Node | undefined {
  const pending = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (node.isMissing) return node;
    pending.push(...node.children);
  }
  return undefined;
}

/** Blank, a comment, a `[section]`, `key = value`, or the continuation of a line ending in `\`. */
function iniLine(line: string, previous: string | undefined): boolean {
  const trimmed = line.replace(/\r$/, "").trim();
  if (previous?.replace(/\r$/, "").endsWith("\\")) return true;
  return trimmed === "" || /^[#;]/.test(trimmed) || /^\[[^\]]*\]\s*([#;].*)?$/.test(trimmed) || /^[^=:\s][^=:]*[=:]/.test(trimmed);
}
