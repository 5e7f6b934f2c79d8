// A line reader for ini-style files (uWSGI ini, systemd units, supervisord) that keeps what the
// `ini` package drops: repeated keys (`Environment=` twice), line continuations ending in `\`,
// and the place of every value, which findings need.
import type { Word } from "./words.js";

export interface IniEntry {
  section: string;
  key: string;
  /** The value with continuations joined; its offsets cover the raw text. */
  value: Word;
  /** Offset of the line's start, for whole-line edits. */
  lineStart: number;
}

export interface IniSection {
  name: string;
  /** Offsets of the `[name]` header. */
  start: number;
  end: number;
}

export interface IniFile {
  sections: IniSection[];
  entries: IniEntry[];
}

export function readIni(path: string, text: string): IniFile {
  const out: IniFile = { sections: [], entries: [] };
  let section = "";
  let offset = 0;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineStart = offset;
    let line = lines[i]!.replace(/\r$/, "");
    offset += lines[i]!.length + 1;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const header = /^\s*\[([^\]]*)\]/.exec(line);
    if (header) {
      section = header[1]!.trim();
      const at = lineStart + line.indexOf("[");
      out.sections.push({ name: section, start: at, end: at + header[0].trim().length });
      continue;
    }
    const eq = line.search(/[=:]/);
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    let valueStart = eq + 1;
    while (line[valueStart] === " " || line[valueStart] === "\t") valueStart++;
    let value = line.slice(valueStart);
    let end = lineStart + line.length;
    while (value.endsWith("\\") && i + 1 < lines.length) {
      i++;
      const next = lines[i]!.replace(/\r$/, "");
      value = `${value.slice(0, -1)} ${next.trim()}`;
      end = offset + next.length;
      offset += lines[i]!.length + 1;
    }
    out.entries.push({ section, key, lineStart, value: { text: value.trim(), path, start: lineStart + valueStart, end } });
  }
  return out;
}
