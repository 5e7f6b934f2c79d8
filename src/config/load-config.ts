// Loading forksafe.yml: parse the YAML, validate it against the schema, and say exactly what is
// wrong (file, line or key path, problem) when it is not valid.
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { configSchema, DEFAULT_CONFIG, type Config } from "./schema.js";

/** Where the CLI looks for the configuration, in order, relative to the scan root. */
export const CONFIG_FILES = ["forksafe.yml", ".github/forksafe.yml"];

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A configuration and the file it came from (undefined for the defaults). */
export interface LoadedConfig {
  config: Config;
  file?: string;
}

/**
 * The CLI's configuration:
 *  1. `--config FILE` when given (a missing file is an error);
 *  2. else the first of CONFIG_FILES under the scan root;
 *  3. else the defaults.
 */
export async function loadConfig(root: string, explicit?: string): Promise<LoadedConfig> {
  if (explicit !== undefined) {
    const text = await readText(explicit);
    if (text === undefined) throw new ConfigError(`${explicit}: cannot read the configuration file`);
    return { config: parseConfigText(text, explicit), file: explicit };
  }
  for (const name of CONFIG_FILES) {
    const file = path.join(root, name);
    if (await leavesRoot(root, file)) throw new ConfigError(`${name}: a symbolic link to a file outside the scanned directory; not read`);
    const text = await readText(file);
    if (text !== undefined) return { config: parseConfigText(text, name), file: name };
  }
  return { config: DEFAULT_CONFIG };
}

/** Parses YAML text; syntax errors name the file, line and column. */
export function parseConfigText(text: string, fileName: string): Config {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const where = error.linePos?.[0];
    const at = where ? `:${where.line}:${where.col}` : "";
    const message = (error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    throw new ConfigError(`${fileName}${at}: invalid YAML: ${message}`);
  }
  return parseConfig(doc.toJS(), fileName);
}

/** Validates an already-parsed value (the GitHub app parses YAML itself). Empty means defaults. */
export function parseConfig(value: unknown, fileName: string): Config {
  const result = configSchema.safeParse(value ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => describeIssue(issue));
  throw new ConfigError(`${fileName}: ${problems.join("; ")}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join("");
  const at = key === "" ? "" : `${key}: `;
  return at + problemOf(issue);
}

function problemOf(issue: z.core.$ZodIssue): string {
  const got = "input" in issue ? `; got ${show(issue.input)}` : "";
  switch (issue.code) {
    case "invalid_value":
      return `must be one of ${issue.values.map(String).join(", ")}${got}`;
    case "unrecognized_keys":
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "invalid_type":
      return `must be ${article(issue.expected)}${got}`;
    case "too_small":
      return `must not be empty${got}`;
    case "invalid_key":
      return `${issue.issues.map((inner) => problemOf(inner)).join("; ")}`;
    default:
      return `${issue.message}${got}`;
  }
}

function article(expected: string): string {
  if (expected === "array") return "a list";
  if (expected === "object" || expected === "record") return "a mapping";
  return `a ${expected}`;
}

function show(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return JSON.stringify(value);
}

/** Whether `file` exists and resolves outside `root` (a link planted in the scanned tree). */
async function leavesRoot(root: string, file: string): Promise<boolean> {
  try {
    const [rootReal, real] = await Promise.all([realpath(root), realpath(file)]);
    const rel = path.relative(rootReal, real);
    return rel.startsWith("..") || path.isAbsolute(rel);
  } catch {
    return false; // missing: the caller moves on to the next name
  }
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}
