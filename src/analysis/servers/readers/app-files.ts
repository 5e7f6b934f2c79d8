// Platform files: Heroku app.json (scripts, env) and Fly.io fly.toml (processes,
// experimental cmd/entrypoint, env).
import { parse as parseToml } from "smol-toml";
import type { CommandText, EnvVar, ReaderResult, Word } from "../words.js";
import { entries, get, scalarWord, yamlDocuments } from "../yaml-nodes.js";

export function readAppJson(path: string, text: string): ReaderResult | string {
  const parsed = yamlDocuments(text);
  if ("error" in parsed) return parsed.error.replace("YAML", "JSON");
  const doc = parsed.docs[0];
  const out: ReaderResult = { sites: [], env: [] };
  for (const [name, value] of entries(get(doc, "scripts"))) {
    const piece = scalarWord(value, path);
    if (piece) out.sites.push({ path, source: `${path} script ${name}`, command: { kind: "shell", piece }, env: [] });
  }
  for (const [name, value] of entries(get(doc, "env"))) {
    const word = scalarWord(value, path) ?? scalarWord(get(value, "value"), path);
    if (word) out.env.push({ name, value: word });
  }
  return out;
}

export function readFlyToml(path: string, text: string): ReaderResult | string {
  let toml: Record<string, unknown>;
  try {
    toml = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    return `invalid TOML: ${(error as Error).message.split("\n")[0]}`;
  }
  const finder = new ValueFinder(path, text);
  const env: EnvVar[] = Object.entries(table(toml.env)).flatMap(([name, value]) => (typeof value === "string" ? [{ name, value: finder.find(value) }] : []));
  const out: ReaderResult = { sites: [], env: [] };
  for (const [name, value] of Object.entries(table(toml.processes))) {
    const command = finder.command(value);
    if (command) out.sites.push({ path, source: `${path} process ${name}`, command, env });
  }
  const experimental = table(toml.experimental);
  for (const key of ["entrypoint", "cmd"]) {
    const command = finder.command(experimental[key]);
    if (command) out.sites.push({ path, source: `${path} experimental ${key}`, command, env });
  }
  if (out.sites.length === 0) out.env.push(...env);
  return out;
}

function table(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** smol-toml gives values without places: find each string in the text, in order. */
class ValueFinder {
  private cursor = 0;
  constructor(
    private readonly path: string,
    private readonly text: string,
  ) {}

  find(value: string): Word {
    const at = this.text.indexOf(value, this.cursor);
    const start = at >= 0 ? at : this.text.indexOf(value);
    if (start < 0) return { text: value, path: this.path, start: 0, end: 0 };
    this.cursor = start + value.length;
    return { text: value, path: this.path, start, end: start + value.length };
  }

  command(value: unknown): CommandText | undefined {
    if (typeof value === "string") return { kind: "shell", piece: this.find(value) };
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
      return { kind: "argv", words: value.map((v: string) => this.find(v)) };
    }
    return undefined;
  }
}
