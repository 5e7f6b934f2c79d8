// Loads a fixture project directory into a SourceTree, with its optional forksafe.yml.
// Every file is loaded; one that is not UTF-8 text comes back from the tree as skipped, with the
// reason, the way the real backends report it.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { parse as parseYaml } from "yaml";
import { configSchema, DEFAULT_CONFIG, type Config } from "../../src/config/schema.js";
import type { ReadResult, SourceTree } from "../../src/analysis/source-tree.js";

export interface FixtureProject {
  /** `group/name`, e.g. `startup/call-chains`. */
  name: string;
  dir: string;
  /** Repository-relative path → text, for every file that is UTF-8 text. */
  files: Record<string, string>;
  /** Files that are not UTF-8 text, with the reason. */
  unreadable: Record<string, string>;
  tree: SourceTree;
  config: Config;
}

/** Every directory `<root>/<group>/<name>/`, sorted, as `group/name`. */
export function discoverProjects(root: string): string[] {
  const names: string[] = [];
  for (const group of subdirectories(root)) {
    for (const project of subdirectories(join(root, group))) names.push(`${group}/${project}`);
  }
  return names.sort();
}

export function loadProject(root: string, name: string): FixtureProject {
  const dir = join(root, name);
  const files: Record<string, string> = {};
  const unreadable: Record<string, string> = {};
  const decoder = new TextDecoder("utf-8", { fatal: true });
  for (const path of listFiles(dir)) {
    const key = relative(dir, path).split(sep).join("/");
    const bytes = readFileSync(path);
    if (bytes.includes(0)) {
      unreadable[key] = "binary file";
      continue;
    }
    try {
      files[key] = decoder.decode(bytes);
    } catch {
      unreadable[key] = "not UTF-8 text";
    }
  }
  return { name, dir, files, unreadable, tree: fixtureTree(files, unreadable), config: readConfig(dir) };
}

function fixtureTree(files: Record<string, string>, unreadable: Record<string, string>): SourceTree {
  return {
    async paths() {
      return [...Object.keys(files), ...Object.keys(unreadable)].sort();
    },
    async read(paths): Promise<ReadResult[]> {
      return paths.map((path) => {
        const text = files[path];
        if (text !== undefined) return { path, text };
        return { path, skipped: unreadable[path] ?? "not found" };
      });
    },
  };
}

/** The project's forksafe.yml, validated; an invalid one throws naming the file and the problem. */
function readConfig(dir: string): Config {
  const file = join(dir, "forksafe.yml");
  if (!existsSync(file)) return DEFAULT_CONFIG;
  const parsed = configSchema.safeParse(parseYaml(readFileSync(file, "utf8")) ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${file}: invalid configuration\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

function subdirectories(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
    else throw new Error(`${path}: fixtures hold only plain files and directories`);
  }
  return out.sort();
}
