// The lines of a module that run when it is imported, told from its text alone: everything but
// the bodies of functions (decorators, default values and class bodies do run). Used only to
// decide that a module need not be parsed, so every doubt keeps a line in: a body ends at the
// first line indented no deeper than its `def`, a string that starts in a body keeps its lines
// there, and a file whose triple quotes do not pair up is not split at all.

export interface ImportTimeText {
  /** The import-time lines, joined. */
  code: string;
  /** The same without comments and without the text of string literals (f-strings kept whole). */
  stripped: string;
  /** Names the module defines with `def` or `class`, at any depth. */
  defined: string[];
}

/** A triple-quoted string still open at the end of a line. */
interface Open {
  quote: string;
  formatted: boolean;
}

const DEF = /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/;
const CLASS = /^[ \t]*class[ \t]+([A-Za-z_]\w*)/;

export function importTimeText(text: string): ImportTimeText | undefined {
  const kept: string[] = [];
  const stripped: string[] = [];
  const defined: string[] = [];
  let bodyIndent: number | undefined; // inside a function body indented deeper than this
  let header: { indent: number; depth: number } | undefined; // a def header spanning lines
  let open: Open | undefined; // a triple-quoted string still open
  let stringInBody = false;

  for (const line of text.split("\n")) {
    const scan = scanLine(line, open);
    if (open !== undefined) {
      if (!stringInBody) {
        kept.push(line);
        stripped.push(scan.stripped);
      }
      open = scan.open;
      continue;
    }
    const code = scan.code;
    const blank = code.trim() === "";
    const indent = line.length - line.trimStart().length;
    if (bodyIndent !== undefined && (blank || indent > bodyIndent)) {
      open = scan.open;
      stringInBody = open !== undefined;
      continue;
    }
    bodyIndent = undefined;
    kept.push(line);
    stripped.push(scan.stripped);
    if (header) {
      header.depth += brackets(scan.stripped);
      if (header.depth <= 0 && !code.trimEnd().endsWith("\\")) {
        if (code.trimEnd().endsWith(":")) bodyIndent = header.indent;
        header = undefined;
      }
    } else {
      const def = DEF.exec(line);
      const cls = def ? undefined : CLASS.exec(line);
      if (cls) defined.push(cls[1]!);
      if (def) {
        defined.push(def[2]!);
        const depth = brackets(scan.stripped);
        if (depth > 0 || code.trimEnd().endsWith("\\")) header = { indent: def[1]!.length, depth };
        else if (code.trimEnd().endsWith(":")) bodyIndent = def[1]!.length;
      }
    }
    open = scan.open;
    stringInBody = false;
  }
  return open === undefined ? { code: kept.join("\n"), stripped: stripped.join("\n"), defined } : undefined;
}

/**
 * Reads one line as Python's tokenizer would for strings and comments, given the triple-quoted
 * string open before it: the line's code (before any comment), the same with the text of
 * string literals left out (f-strings kept, their expressions run), and the string still open.
 */
function scanLine(line: string, open: Open | undefined): { code: string; stripped: string; open: Open | undefined } {
  // Most lines hold no quote and no comment: nothing to take out.
  if (open === undefined && !QUOTE_OR_COMMENT.test(line)) return { code: line, stripped: line, open };
  let stripped = "";
  let i = 0;
  let run = 0; // start of the plain code not yet added to `stripped`
  while (i < line.length) {
    if (open !== undefined) {
      const close = findClose(line, i, open.quote);
      const end = close < 0 ? line.length : close + 3;
      if (open.formatted) stripped += line.slice(i, end);
      if (close < 0) return { code: line, stripped, open };
      i = run = end;
      open = undefined;
      continue;
    }
    const ch = line[i]!;
    if (ch === '"' || ch === "'") {
      stripped += line.slice(run, i);
      const formatted = /[fF][rRbB]?$|[rRbB][fF]$/.test(line.slice(Math.max(0, i - 2), i));
      if (line.startsWith(ch.repeat(3), i)) {
        open = { quote: ch.repeat(3), formatted };
        stripped += ch.repeat(3);
        i += 3;
      } else {
        const end = endOfShortString(line, i + 1, ch);
        stripped += formatted ? line.slice(i, end) : `${ch}${ch}`;
        i = end;
      }
      run = i;
    } else if (ch === "#") {
      return { code: line.slice(0, i), stripped: stripped + line.slice(run, i), open };
    } else {
      i++;
    }
  }
  return { code: line, stripped: open === undefined ? stripped + line.slice(run) : stripped, open };
}

const QUOTE_OR_COMMENT = /["'#]/;

function findClose(line: string, from: number, quote: string): number {
  for (let i = from; i <= line.length - 3; i++) {
    if (line[i] === "\\") i++;
    else if (line.startsWith(quote, i)) return i;
  }
  return -1;
}

function endOfShortString(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === quote) return i + 1;
  }
  return line.length;
}

/** Opening minus closing brackets on a line with its strings and comment left out. */
function brackets(code: string): number {
  let depth = 0;
  for (const ch of code) {
    if (ch === "(" || ch === "[" || ch === "{") depth++;
    else if (ch === ")" || ch === "]" || ch === "}") depth--;
  }
  return depth;
}
