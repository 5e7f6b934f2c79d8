// Environment files (`.env`, compose `env_file`): `KEY=value` lines, read with dotenv.
import { parse } from "dotenv";
import type { EnvVar, ReaderResult } from "../words.js";

export function readEnvFile(path: string, text: string): ReaderResult {
  const values = parse(text);
  const env: EnvVar[] = Object.entries(values).map(([name, value]) => ({ name, value: placed(path, text, name, value) }));
  return { sites: [], env };
}

/** The value's place: on the last line that sets the name (dotenv keeps the last), else that whole line. */
function placed(path: string, text: string, name: string, value: string): EnvVar["value"] {
  const setsName = new RegExp(`^\\s*(export\\s+)?${name.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}\\s*=`);
  let lineStart = -1;
  let offset = 0;
  for (const line of text.split("\n")) {
    if (setsName.test(line)) lineStart = offset;
    offset += line.length + 1;
  }
  if (lineStart < 0) return { text: value, path, start: 0, end: 0 };
  const lineEnd = text.indexOf("\n", lineStart) < 0 ? text.length : text.indexOf("\n", lineStart);
  const line = text.slice(lineStart, lineEnd);
  const at = value === "" ? -1 : line.indexOf(value, line.indexOf("=") + 1);
  const start = at >= 0 ? lineStart + at : lineStart + line.indexOf("=") + 1;
  return { text: value, path, start, end: at >= 0 ? start + value.length : lineStart + line.replace(/\r$/, "").length };
}
